"""Compose the stages: read → segment → extract → resolve → graph."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import pickle
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg.errors import InputError
from kg.extract import extract_issue, make_nlp
from kg.executors import check_options, parallel_map, run_apart
from kg.graph import (ENTITIES_GRAPH, Triple, build_graphs, closing_parts, entities_parts, graph_parts,
                      issue_graph_name, issue_part, load_ontology)
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Extraction
from kg.read import decode_bytes, find_sources, read_source, source_names
from kg.resolve import Resolution, by_source, issue_id, load_decisions, part_key, resolve, romanize_name
from kg.resources import resource_dir
from kg.segment import segment_issue
from kg.store import graph_sources, write_graphs, writing
from kg.store.cache import (cache_entry, cache_state, cached, fingerprint, memo_key, memo_path, read_memo, unpack,
                            write_cache, write_memo, written)
from kg.store.lines import Encoded, Known, encode


@dataclass
class BuildResult:
    graph: Graph | None
    extractions: Sequence[Extraction]
    resolution: Resolution
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    graphs: dict[str, frozenset[Triple]] = field(default_factory=dict)  # named graphs: per issue, entities, vocabulary
    written: list[str] = field(default_factory=list)  # graphs whose content the store build changed
    triples: int | None = None  # in the store (when no graph of the whole corpus is kept)
    counts: dict[str, int] = field(default_factory=dict)  # persons, bodies, places, when let go once written
    tally: dict[str, int] = field(default_factory=dict)  # what the extractions hold, counted as resolution read them

    def summary(self) -> dict[str, int | float]:
        """Counts of what the build found. A store build counted the extractions as resolution
        read them from its cache (a pass of its own took 27 s at 1,000 issues); else one pass."""
        n = self.tally  # an in-memory build counts here, once
        for x in () if n else self.extractions:
            tally(x, n)
        r = self.resolution
        kinds = {k: self.counts.get(k, len(getattr(r, k))) for k in ("persons", "bodies", "places")}
        return {**{k: n.get(k, 0) for k in _FIRST}, **kinds, "memberships": len(r.memberships),
                **{k: n.get(k, 0) for k in ("commendations", "tasks")},
                "triples": len(self.graph) if self.graph is not None else self.triples,
                "seconds": round(self.seconds, 2)}


def _cut_off(source: object, layout: object, lex: Lexicon) -> list[str]:
    """A warning when the file ends inside a chronicle entry, mid-sentence: it was probably
    cut off (documents may end with a table row or a deadline, so only entries are judged)."""
    text = source.text.rstrip()  # type: ignore[attr-defined]
    entries = layout.chronicle  # type: ignore[attr-defined]
    if text and entries and entries[-1].region.end >= len(text) and not text.endswith(lex.text_ends):
        line = text.count("\n") + 1
        return [f"{source.name}:{line}: the text stops mid-sentence (was the file cut off?); its last part may be incomplete"]  # type: ignore[attr-defined]
    return []


def _extract(source: object, lex: Lexicon, nlp: object) -> Extraction:
    layout = segment_issue(source, lex)  # type: ignore[arg-type]
    if not layout.documents and not layout.chronicle:
        raise InputError(f"{source.name}: no documents (文号 lines) and no chronicle (大事记) found: is this a gazette?")  # type: ignore[attr-defined]
    x = extract_issue(layout, lex, nlp)  # type: ignore[arg-type]
    cut = _cut_off(source, layout, lex)
    return dataclasses.replace(x, warnings=x.warnings + tuple(cut)) if cut else x


_FIRST = ("issues", "documents", "attachments", "chronicle entries", "events")


def tally(x: Extraction, into: dict[str, int]) -> None:
    """Add what one extraction holds to the counts of :meth:`BuildResult.summary`."""
    numbered = sum(1 for d in x.documents if d.number)
    for key, k in zip(_FIRST + ("commendations", "tasks"), (1, numbered, len(x.documents) - numbered,
                      len(x.issue and x.events), len(x.events), len(x.commendations), len(x.tasks))):
        into[key] = into.get(key, 0) + k


@functools.lru_cache(maxsize=1)
def _tools() -> tuple[Lexicon, object]:
    """The lexicon and the spaCy pipeline of this process (a worker loads them once)."""
    lex = load_lexicon()
    return lex, make_nlp(lex)


def extract_source(item: tuple[str, str | bytes], lex: Lexicon | None = None) -> tuple[str, object]:
    """The per-issue job, run by any executor: ``(name, path or bytes)`` → ``("ok", pickled
    (extraction, fingerprint))`` or ``("skip", why)``. Bytes travel to remote workers that do
    not share this machine's files; the result is pickled once, for the cache as it is."""
    name, data = item
    try:
        source = decode_bytes(data, name) if isinstance(data, bytes) else read_source(data, name)
        own, nlp = _tools() if lex is None else (lex, make_nlp(lex))
        x = _extract(source, own, nlp)
    except InputError as exc:
        return "skip", str(exc)
    return "ok", cache_entry(x)


_GC_THRESHOLDS = (100_000, 50, 100)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector run after 100,000 new objects, not 700 (its default): making a
    graph, resolving and unpickling make millions of small objects that live on, and each
    collection walked them. On 30 synthetic issues, making their graphs took 4.2 s with the
    default and 2.4 s so (2.5 s with no collector at all; it stays on for rdflib's graphs,
    which hold reference cycles); resolving 100 cached issues 2.7 s → 2.0 s; extracting 6%
    less. The build process
    and its workers collect so; the thresholds are restored when the build ends."""
    before = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _init_worker() -> None:
    gc.set_threshold(*_GC_THRESHOLDS)
    _tools()


def _init_graph_worker() -> None:
    """Named so that the fork server imports this module once, not each worker."""
    gc.set_threshold(*_GC_THRESHOLDS)


@dataclass
class Parallel:
    """How extraction runs: ``jobs`` local processes or a Dask ``scheduler``; ``on_issue``
    is told each source's name as its extraction is done (or taken from the cache)."""

    jobs: int = 1
    executor: str = "local"
    scheduler: str | None = None
    on_issue: Callable[[str], None] | None = None


def extract_paths(paths: list[str | Path], lex: Lexicon | None = None,
                  parallel: Parallel | None = None) -> tuple[list[Extraction], list[str]]:
    """Read, segment and extract every gazette under ``paths``."""
    lex = lex or load_lexicon()
    warnings: list[str] = []
    return [x for x, _ in _extract_all(paths, lex, None, warnings, parallel or Parallel())], warnings


def _extract_all(paths: list[str | Path], lex: Lexicon, store: str | Path | None, warnings: list[str],
                 parallel: Parallel):  # type: ignore[no-untyped-def]
    """(extraction, pickled cache entry or None) of every gazette under ``paths``: from the
    store's cache when its text is unchanged, else extracted by ``parallel``'s executor.
    Among several files, one that cannot be read or is no gazette is skipped with a warning
    naming it; a single such file, or nothing left, is an error."""
    found = find_sources(list(paths))
    names = source_names(found)
    kept = 0

    def todo():  # type: ignore[no-untyped-def]
        for path in found:
            name = names[path]
            if store is not None:
                try:
                    sha = read_source(path, name).sha256
                except InputError as exc:
                    yield name, ("skip", str(exc))
                    continue
                state = cache_state(store, sha)  # read whole when its turn comes
                if state is not None and state[0] and state[1].name == name:  # the name: provenance quotes it
                    yield name, ("cached", sha)
                    continue
            yield name, path

    jobs = list(todo())  # names and paths (the cache is read again when its turn comes)
    work = ((name, str(item) if parallel.executor == "local" else Path(item).read_bytes())
            for name, item in jobs if not isinstance(item, tuple))
    n = min(parallel.jobs, sum(1 for _, item in jobs if not isinstance(item, tuple))) or 1  # no pool for one issue
    here = n == 1 and parallel.executor == "local"
    fn = functools.partial(extract_source, lex=lex) if here else extract_source
    results = parallel_map(fn, work, n, parallel.executor, parallel.scheduler, _init_worker)
    for name, item in jobs:
        data = None
        status, payload = item if isinstance(item, tuple) else next(results)
        if status == "skip":
            if len(found) == 1:
                raise InputError(str(payload))
            warnings.append(f"skipped {payload}")
            continue
        if status == "cached":
            x = cached(store, payload, name)  # type: ignore[arg-type]
        else:
            data = payload
            x = unpack(data, any_version=True)[0]  # type: ignore[arg-type,assignment]  # our own worker's output
            warnings.extend(x.warnings)
        if parallel.on_issue:
            parallel.on_issue(name)
        kept += 1
        yield x, data
    if not kept:
        raise InputError(f"none of the {len(found)} files under {', '.join(map(str, paths))} is a gazette that can be read")


class _Cached(Sequence[Extraction]):
    """The extractions of a store's issues, read from its cache one at a time, so that
    resolving and writing a corpus holds one issue in memory, not all of them."""

    def __init__(self, store: str | Path, shas: list[str]) -> None:
        self.store, self.shas = store, shas

    def __len__(self) -> int:
        return len(self.shas)

    def __getitem__(self, i):  # type: ignore[no-untyped-def,override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return written(self.store, self.shas[i])


@_fewer_collections()
def build(paths: list[str | Path], lex: Lexicon | None = None, decisions: str | Path | None = None,
          store: str | Path | None = None, parallel: Parallel | None = None, whole: bool = True) -> BuildResult:
    """The knowledge graph of the gazettes under ``paths``; ``decisions`` is a file of
    researchers' judgements on person mentions (see :func:`kg.resolve.load_decisions`).

    With ``store`` (a folder), the issues already in the store are kept (read back from its
    cache of extractions) and the given ones added or replaced; entities are resolved over all
    of them and only the named graphs whose content changed are rewritten, in one transaction.
    Issues are then read from the cache one at a time and each issue's graph is written as it
    is made; ``whole=False`` keeps no graph of the whole corpus in memory (``result.graph`` is
    None), so memory holds one issue and the entities, not the corpus; the resolution's maps
    from mentions to ids then go to the graph workers, and ``result.resolution`` keeps the
    memberships only (the persons, bodies and places are let go once written, and counted in
    ``result.counts``). With more than one job, the resolution is made in a process of its own
    (:func:`resolve_apart`)."""
    started = time.perf_counter()
    parallel = parallel or Parallel()
    check_options(parallel.jobs, parallel.executor, parallel.scheduler)
    lex = lex or load_lexicon()
    if store is None:
        extractions, warnings = extract_paths(paths, lex, parallel)
        return _finish(extractions, warnings, lex, decisions, started)
    with writing(store) as w:
        refs: dict[str, tuple[str, str]] = {}  # graph name → (source name, text hash)
        warnings: list[str] = []
        for x, data in _extract_all(paths, lex, store, warnings, parallel):  # the given issues
            if data is not None:
                write_cache(store, x.issue.source.sha256, data)
            refs[_graph_of(x)] = (x.issue.source.name, x.issue.source.sha256)
        uncached: set[str] = set()
        nlp = None
        given = {file for file, _ in refs.values()}
        for name, (file, sha) in sorted(graph_sources(store).items()):  # the issues already in the store
            if name in refs or file in given:  # a file given again replaces its issue, even as another issue
                continue
            old = cache_state(store, sha)
            if old is None:
                uncached.add(name)  # no cache for it: its graph stays as it is
                continue
            if not old[0]:  # made by another version: again, from the text kept with it
                nlp = nlp or make_nlp(lex)
                write_cache(store, sha, cache_entry(_extract(old[1], lex, nlp)))
            refs[name] = (file, sha)
        issues = sorted(refs.values())
        ordered = _Cached(store, [sha for _, sha in issues])
        decided = load_decisions(decisions) if decisions else None
        pickled = None  # each source's part of the resolution, pickled, and its key, when it was made apart
        counted: dict[str, int] = {}
        if whole or parallel.jobs == 1:
            res = resolve(ordered, lex, decided, functools.partial(tally, into=counted))
        else:
            res, by_src, keys, counted = run_apart(resolve_apart, (str(store), ordered.shas, lex, decided))
            pickled = by_src, keys
        ontology, pinyin = load_ontology(resource_dir("ontology")), functools.partial(romanize_name, lex=lex)
        whole_graph: list[Graph | None] = [None]
        counts: dict[str, int] = {}  # of the entities let go once written (not with ``whole``)
        if whole:  # the whole graph is kept too: built here, issue by issue
            def parts():  # type: ignore[no-untyped-def]
                for name, part, g in graph_parts(ordered, res, ontology, lex.editor_roles, pinyin, True):
                    whole_graph[0] = g
                    yield name, encode(part)
            encoded = parts()
        else:  # each issue's graph built by a worker from its part of the resolution
            counts = {k: len(getattr(res, k)) for k in ("persons", "bodies", "places")}
            encoded = _graphs_by_workers(store, issues, res, ontology, lex, parallel, pickled)
        changed, triples = write_graphs(w, encoded, keep=uncached, sources=dict(refs))
        w.commit()
        return BuildResult(whole_graph[0], ordered, res, warnings, time.perf_counter() - started, {}, changed, triples,  # type: ignore[arg-type]
                           counts, counted)


def resolve_apart(item: tuple[str, list[str], Lexicon, list | None]) -> tuple[Resolution, dict[str, bytes], dict[str, str], dict[str, int]]:  # type: ignore[type-arg]
    """The resolution of a store build that uses workers, made in a process of its own
    (:func:`kg.executors.run_apart`): ``(store, text hashes, lexicon, decisions)`` → the
    resolution without its maps from mentions to ids, each source's part of them
    (:func:`kg.resolve.by_source`), pickled for the graph workers, and its key
    (:func:`kg.resolve.part_key`). Resolving reads every
    issue's extraction back and makes and drops millions of small objects; in the build
    process, the pages they freed stayed taken among the objects kept (1,000 synthetic
    issues: the build process held 310 MB more after resolving; resolved apart, 134 MB more,
    the entities and the parts pickled). Also returns the counts of the build's summary."""
    store, shas, lex, decided = item
    gc.set_threshold(*_GC_THRESHOLDS)  # this process is its own (see _fewer_collections)
    counted: dict[str, int] = {}
    res = resolve(_Cached(store, shas), lex, decided, functools.partial(tally, into=counted))
    parts = by_source(res, take=True)
    keys = {src: part_key(part) for src, part in parts.items()}
    pickled = {src: pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL) for src, part in parts.items()}
    return res, pickled, keys, counted


def graph_issue(item: tuple[str, str, Resolution | bytes, tuple[str, ...], str | None]) -> tuple[str, Encoded, set[str]]:
    """The per-issue job of the graph phase, run by a worker: ``(store, text hash, the issue's
    part of the resolution (or it pickled), editor roles, memo key)`` → the issue graph's
    name, its triples encoded for the store, and the concepts they use; with a key, what it
    was made of is kept in the store's memo of it (:func:`kg.store.cache.write_memo`). The
    extraction is read from the store's cache, so only the small resolution part travels."""
    store, sha, part, editor_roles, key = item
    if isinstance(part, bytes):
        part = pickle.loads(part)  # made by resolve_apart, in this build
    name, triples, concepts = issue_part(written(store, sha), part, editor_roles)
    enc = encode(triples)
    if key is not None:
        write_memo(store, sha, key, name, enc, concepts)
    return name, enc, concepts


def _graphs_by_workers(store: str | Path, issues: list[tuple[str, str]], res: Resolution, ontology: Graph,
                       lex: Lexicon, parallel: Parallel,
                       parts: tuple[dict[str, bytes], dict[str, str]] | None = None) -> Iterator[tuple[str, Encoded | Known]]:
    """The named graphs of a store build, encoded, in the order :func:`graph_parts` gives
    them: the entities in parts, each issue's graph, the vocabulary. An issue whose graph
    was last made from what it would be made from now (its memo's key: the code, the
    extraction, its part of the resolution) comes as :class:`Known`, from its memo, and is
    made again only if the store must write it whole; the others are made by
    ``parallel.jobs`` local workers (in file order) from their parts of the resolution
    (``parts``: pickled, with their keys; or taken from ``res``). Adding one synthetic issue
    to a store of 100 made all 101 graphs again before, for 10 s of its 19 s."""
    b, chunks = entities_parts(res, ontology, lex.editor_roles, functools.partial(romanize_name, lex=lex))
    for chunk in chunks:
        yield ENTITIES_GRAPH, encode(chunk)
    for table in (res.persons, res.bodies, res.places):
        table.clear()  # written: let go before the issues (1,000 synthetic issues: 100,000 entities)
    if parts is None:
        own = by_source(res, take=True)
        parts = own, {src: part_key(part) for src, part in own.items()}  # type: ignore[assignment]
    by_src, keys = parts  # type: ignore[misc]
    fp, roles = fingerprint(), lex.editor_roles
    key = {src: memo_key(fp, sha, keys[src], roles) for src, sha in issues}
    known = {src for src, sha in issues if memo_path(store, sha, key[src]).is_file()}
    items = ((str(store), sha, by_src.pop(src), roles, key[src]) for src, sha in issues if src not in known)
    n = min(parallel.jobs, len(issues) - len(known)) or 1
    made = parallel_map(graph_issue, items, n, initializer=_init_graph_worker)  # started when first asked
    for src, sha in issues:
        if src not in known:
            name, enc, concepts = next(made)
        else:
            part = by_src.pop(src)
            memo = read_memo(store, sha, key[src])
            if memo is not None:
                b.concepts.update(URIRef(c) for c in memo.concepts)
                job = (str(store), sha, part, roles, None)
                yield memo.name, Known(memo.local_hash, memo.shared, lambda job=job: graph_issue(job)[1])  # type: ignore[misc]
                continue
            name, enc, concepts = graph_issue((str(store), sha, part, roles, key[src]))  # its memo unreadable: made here
        b.concepts.update(URIRef(c) for c in concepts)
        yield name, enc
    for name, part in closing_parts(b):
        yield name, encode(part)


def _graph_of(x: Extraction) -> str:
    return issue_graph_name(issue_id(x.issue))


def _finish(extractions: list[Extraction], warnings: list[str], lex: Lexicon, decisions: str | Path | None,
            started: float) -> BuildResult:
    res = resolve(extractions, lex, load_decisions(decisions) if decisions else None)
    graph, parts = build_graphs(extractions, res, load_ontology(resource_dir("ontology")), lex.editor_roles,
                                functools.partial(romanize_name, lex=lex))
    return BuildResult(graph, extractions, res, warnings, time.perf_counter() - started, parts)
