"""The persistent store: an on-disk Oxigraph database, one named graph per gazette issue.

Layout of a store folder::

    STORE/oxigraph -> db-N   the current database (a link, switched atomically)
    STORE/extractions/       cached extractions, by the source text's hash (kg.store.cache)
    STORE/graphs/            what each issue's graph was last made of, by the same hash,
                             and the entities graph's lines, by its content hash
    STORE/lock               held by the one build that writes the store

Graphs: ``…/graph/issue/<id>`` per issue (its documents, events, tasks, tables, mentions
and their sources), ``…/graph/entities`` (persons, bodies, places, memberships: resolved
over every issue in the store) and ``…/graph/vocabulary`` (the concept schemes in use); a
meta graph records each graph's content hash and source, so a rebuild rewrites only the
graphs whose content changed; it is a JSON file beside each database (``db-N.json``), so
queries see only data. A build writes a checkpoint copy of the database (hard links,
cheap), changes it and its meta file, and then switches the link: a build killed midway
leaves the previous store as it was, and readers never see half a build. Before the switch
the database is compacted (on 100 synthetic issues: 55 files to 17 in 3.3 s, and the
library's queries about twice as fast) when the quads loaded and taken out since the last
compaction reach a quarter of the store (the meta file counts them: ``uncompacted``).
Queries read the union of the graphs.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import re
import shutil
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.digests import MISSING, DigestMap
from kg.errors import InputError
from kg.graph import ENTITIES_GRAPH, VOCABULARY_GRAPH
from kg.store.batch import Batch, remove_graph
from kg.store.cache import EntitiesMemo, cache_path, entities_lines, write_cache  # noqa: F401 - cache_path, write_cache: kg.store's own
from kg.store.lines import Encoded, Known, content_hash, line_count, plus, without


class Writing(NamedTuple):
    """A private copy of the store being changed: its database, its meta (graph name →
    ``{"hash", "source", "source_hash"}``), the function that makes it the store, and the
    number of quads this writing loaded or took out (``changed[0]``, which
    :func:`write_graphs` adds to: it decides whether the commit compacts the database)."""

    store: ox.Store
    commit: Callable[..., None]
    meta: dict[str, dict[str, str]]
    changed: list[int]
    folder: Path


def _meta_path(db: Path) -> Path:
    return db.with_name(db.name + ".json")


def _meta_file(folder: str | Path) -> dict:  # type: ignore[type-arg]
    link = Path(folder) / "oxigraph"
    if not link.exists():
        return {}
    try:
        data = json.loads(_meta_path(link.resolve()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_meta(folder: str | Path) -> dict[str, dict[str, str]]:
    """The meta of the store's current database ({} for a store that has none yet)."""
    return _meta_file(folder).get("graphs", {})  # type: ignore[no-any-return]


def store_size(meta: dict[str, dict[str, str]]) -> int:
    """The number of quads in the graphs of ``meta``, from their content hashes ("count:sum")."""
    return sum(line_count(m["hash"]) for m in meta.values() if m.get("hash"))


COMPACT_SHARE = 4  # compact once the quads changed since the last compaction reach 1/4 of the store


RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "json": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG,
               "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS, "xml": ox.RdfFormat.RDF_XML,
               "rdf": ox.RdfFormat.RDF_XML}  # a graph file's format, by extension or --format name


def is_store(path: str | Path) -> bool:
    """Is ``path`` a store folder (as written by ``kg build --store``)?"""
    return (Path(path) / "oxigraph").is_dir()


def open_store(path: str | Path) -> ox.Store:
    """Open a store folder for reading (any number of readers, also while a build writes)."""
    folder = Path(path)
    if not is_store(folder):
        raise InputError(f"{folder}: not a gazette-kg store (build one with kg build --store {folder})")
    try:
        return ox.Store.read_only(str((folder / "oxigraph").resolve()))
    except (OSError, RuntimeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{folder}: cannot open the store ({first}); it may be damaged: rebuild it") from None


def data_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The store's named graphs (one per issue, the entities, the vocabulary)."""
    return sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)


@contextlib.contextmanager
def writing(path: str | Path) -> Iterator[Writing]:
    """A private copy of the store to change, and a function that makes it the store.

    Only one build writes a store at a time: a second is refused with a clear message.
    Without the call to ``commit`` (an error, a kill) the store stays as it was."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: not a folder (a store is a folder)")
    created = folder.absolute()
    while not created.parent.exists():
        created = created.parent  # the topmost folder this build makes: removed again if it fails
    created_any = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / "lock", "a+b")  # noqa: SIM115 - held for the whole build
    except OSError as exc:
        raise InputError(f"{folder}: cannot write the store ({exc.strerror or exc})") from None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"{folder}: another kg build is writing this store; try again when it ends") from None
        _tidy(folder)
        link = folder / "oxigraph"
        current = link.resolve() if link.is_symlink() else None
        n = 1 + max([int(p.name[3:]) for p in folder.glob("db-*") if p.name[3:].isdigit()], default=0)
        fresh = folder / f"db-{n}"
        try:
            if current is not None and current.is_dir():
                ox.Store.read_only(str(current)).backup(str(fresh))
            store = ox.Store(str(fresh))
        except (OSError, RuntimeError) as exc:
            shutil.rmtree(fresh, ignore_errors=True)
            raise InputError(f"{folder}: cannot open the store ({str(exc).splitlines()[0]}); it may be damaged: rebuild it") from None
        done = []
        old = _meta_file(folder)
        meta = old.get("graphs", {})
        changed = [0]

        def commit(compact: bool | None = None) -> None:
            """Make the copy the store. The database is compacted (``compact`` None) once the
            quads changed since the last compaction reach a quarter of the store: a first build
            always; adding one issue to a thousand rarely (the compaction took 55 s there)."""
            store.flush()
            churn = int(old.get("uncompacted", 0)) + changed[0]
            if compact or (compact is None and churn * COMPACT_SHARE >= store_size(meta)):
                store.optimize()  # one compaction of the files the bulk loads left: queries read fewer
                churn = 0
            body = json.dumps({"graphs": meta, "uncompacted": churn}, ensure_ascii=False, indent=1, sort_keys=True)
            _meta_path(fresh).write_text(body + "\n", encoding="utf-8")
            tmp = folder / f"oxigraph.new{os.getpid()}"
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(fresh.name)
            os.replace(tmp, link)  # atomic: readers see the old database or the new one
            done.append(True)

        try:
            yield Writing(store, commit, meta, changed, folder)
        finally:
            del store
            if done and current is not None:
                shutil.rmtree(current, ignore_errors=True)
                _meta_path(current).unlink(missing_ok=True)
            elif not done:
                shutil.rmtree(fresh, ignore_errors=True)
                _meta_path(fresh).unlink(missing_ok=True)
                if created_any:
                    shutil.rmtree(created, ignore_errors=True)  # a failed first build leaves nothing


def _tidy(folder: Path) -> None:
    """Remove what a killed build left: databases the link does not point to. Compared by
    name (the link points into the same folder): a path the link resolves to is absolute,
    with every symbolic link on the way resolved, and a relative store path (``--store st``)
    never equals it, which once took the live database for a leftover."""
    link = folder / "oxigraph"
    live = link.resolve().name if link.is_symlink() else None
    for db in folder.glob("db-*"):
        if db.is_dir() and db.name != live:
            shutil.rmtree(db, ignore_errors=True)
        elif db.suffix == ".json" and live is not None and db.name != f"{live}.json":
            db.unlink(missing_ok=True)
    for tmp in [*folder.glob("oxigraph.new*"), *folder.glob("graphs/entities.tmp*")]:
        tmp.unlink(missing_ok=True)


def stored_hashes(folder: str | Path) -> dict[str, str]:
    """The content hash recorded for each named graph of the store."""
    return {g: m["hash"] for g, m in read_meta(folder).items() if "hash" in m}


def graph_sources(folder: str | Path) -> dict[str, tuple[str, str]]:
    """The source file and its content hash of each issue graph in the store."""
    return {g: (m["source"], m["source_hash"]) for g, m in read_meta(folder).items() if "source" in m}


def write_graphs(w: Writing, parts: Iterable[tuple[str, Encoded | Known]], keep: set[str] | None = None,
                 sources: dict[str, tuple[str, str]] | None = None) -> tuple[list[str], int]:
    """Write named graphs into the store being written as they come: the entities (in one
    part or several), each issue, the vocabulary (``kg.graph.graph_parts``, encoded), holding
    one part at a time.

    As :func:`kg.graph.build_graphs` does in memory, a triple that two issues both state, or
    that the entities graph states, goes to the entities graph only: only ``shared`` lines
    can be, so the digests of those are kept, not the lines. The first issue to state such a
    line keeps it until a later one states it too; then it is taken out of the first
    (``moved``). An issue graph whose lines are those it was last written with (the meta's
    ``made`` hash) is left in place: only the lines moved out of it change, and those moved
    out last time and not now go back (they are kept aside while it is read, a few per
    issue). Before, such a graph was marked changed and written again by the next build, and
    one issue added to a hundred rewrote 99 of them. An issue may come as :class:`Known`, by
    what it was last made of: its local lines are then only made (``make``) if its graph
    cannot stay in place. The entities graph is written as its parts
    come and counts as written when its hash changed; graphs not among ``parts`` or ``keep``
    are dropped. Returns the graphs written or dropped and the number of triples."""
    store, meta = w.store, w.meta
    entities = DigestMap()  # digests of the entities graph's lines (value unused)
    first = DigestMap()  # digest of a shared line → the issue graph that stated it first (its number)
    graph_names: list[str] = []
    numbers: dict[str, int] = {}
    names: set[str] = {ENTITIES_GRAPH}
    made: dict[str, str] = {}  # graph → content hash of its lines before any moved out
    moved_out: dict[int, list[int]] = {}  # graph number → digests moved out of it in this build
    in_place: dict[str, dict[int, bytes]] = {}  # graphs left in place → their lines moved out last time
    batch = Batch(store)
    removed = 0  # quads of the graphs taken out whole (their sizes as the meta has them)
    before = {name: m.get("hash") for name, m in meta.items()}

    def remove(name: str) -> None:
        nonlocal removed
        if store.contains_named_graph(ox.NamedNode(name)):
            remove_graph(store, name)
            store.remove_graph(ox.NamedNode(name))  # the name itself (its quads are gone)
            removed += store_size({name: meta.get(name, {})})

    earlier, there = _entities_in_place(w, before.get(ENTITIES_GRAPH))  # lines not to load again
    if earlier is None:
        remove(ENTITIES_GRAPH)  # written whole
    kept_entities = EntitiesMemo(w.folder)

    def to_entities(lines: list[tuple[int, bytes]]) -> None:  # lines of one part: no digest twice
        new = [(d, line) for (d, line), v in zip(lines, entities.get_many([d for d, _ in lines])) if v == MISSING]
        for d, _ in new:
            entities.put(d, 0)
        kept_entities.add(new)
        batch.add(ENTITIES_GRAPH, [x for x, v in zip(new, there.get_many([d for d, _ in new])) if v == MISSING])

    for name, part in parts:
        names.add(name)
        if name == ENTITIES_GRAPH:
            to_entities(part.local + part.shared)
            continue
        known = isinstance(part, Known)  # given by its memo: no local lines (they are in place, or made again)
        kept, moved = [] if known else list(part.local), []
        shared = part.shared
        digests = [d for d, _ in shared]
        if name == VOCABULARY_GRAPH:  # the concepts in use: kept whole, save what the entities state
            kept.extend(x for x, v in zip(shared, entities.get_many(digests)) if v == MISSING)
            shared, digests = [], []
        number = numbers.setdefault(name, len(graph_names))
        if number == len(graph_names):
            graph_names.append(name)
        for (d, line), in_entities, owner in zip(shared, entities.get_many(digests), first.get_many(digests)):
            if in_entities != MISSING:
                continue
            if owner == MISSING or owner == number:
                if owner == MISSING:
                    first.put(d, number)
                kept.append((d, line))
                continue
            batch.discard(graph_names[owner], d, line)  # stated by an earlier issue too: an entities fact
            moved_out.setdefault(owner, []).append(d)
            moved.append((d, line))
        to_entities(moved)
        digest = plus(part.local_hash, (d for d, _ in kept)) if known else content_hash(d for d, _ in kept)
        made[name] = digest
        old = meta.setdefault(name, {})
        if old.get("made") == digest and store.contains_named_graph(ox.NamedNode(name)):
            last = set(old.get("moved", ()))  # type: ignore[arg-type]
            in_place[name] = {d: line for d, line in kept if d in last}  # moved lines are shared ones
        else:
            remove(name)
            batch.add(name, (part.make().local + kept) if known else kept)
        old["made"] = digest
    for name, lines in in_place.items():  # moved out last time, shared by no later issue now: back
        now = set(moved_out.get(numbers[name], ()))
        batch.add(name, [(d, line) for d, line in lines.items() if d not in now])
    for chunk in _chunks(earlier() if earlier else iter(()), 20_000):  # lines no longer stated: out (read again)
        for (d, line), v in zip(chunk, entities.get_many([d for d, _ in chunk])):
            if v == MISSING:
                batch.discard(ENTITIES_GRAPH, d, line)
    batch.close()
    kept_entities.close(content_hash(entities))
    total = len(entities)
    for name, digest in made.items():
        out = sorted(moved_out.get(numbers[name], ()))
        meta[name].update(hash=without(digest, out), moved=out)  # type: ignore[arg-type]
        total += line_count(meta[name]["hash"])
    meta.setdefault(ENTITIES_GRAPH, {})["hash"] = content_hash(entities)
    dropped = sorted(set(meta) - names - (keep or set()))
    for name in dropped:
        remove(name)
        meta.pop(name, None)
    for name, (file, sha) in (sources or {}).items():
        meta.setdefault(name, {}).update(source=file, source_hash=sha)
    w.changed[0] += batch.changed + removed
    written = [name for name in names if name in meta and meta[name].get("hash") != before.get(name)]
    return sorted(written) + dropped, total


def _entities_in_place(w: Writing, digest: str | None) -> tuple[Callable[[], Iterator[tuple[int, bytes]]] | None, DigestMap]:
    """The lines kept of the store's entities graph (a function that reads them) and their
    digests, when the store holds that graph and its lines, as the meta's hash ``digest``
    names them, can be read; else ``(None, empty)``: the graph is then written whole."""
    earlier = entities_lines(w.folder, digest)
    there = DigestMap()
    if earlier is None or not w.store.contains_named_graph(ox.NamedNode(ENTITIES_GRAPH)):
        return None, there
    try:
        for d, _ in earlier():
            there.put(d, 0)
    except (OSError, ValueError, zlib.error):  # damaged (cut short, not zlib)
        return None, DigestMap()
    return earlier, there


_REACHES_GRAPHS = re.compile(r"(?i)\b(GRAPH|WITH|USING|NAMED|ALL|ADD|MOVE|COPY|LOAD)\b")
_QUOTED = re.compile(r'""".*?"""' r"|'''.*?'''" r'|"(?:[^"\\]|\\.)*"' r"|'(?:[^'\\]|\\.)*'", re.S)  # SPARQL's strings


def update(w: Writing, text: str) -> None:
    """Run a SPARQL update on the store being written (it writes to the default graph). One
    that may reach the named graphs (GRAPH, WITH, USING, …, outside quoted strings) makes the
    next build write every graph whole: their lines may no longer be those the meta and the
    entities' kept lines say, which a build trusts to leave graphs in place.

    >>> _REACHES_GRAPHS.search(_QUOTED.sub('""', 'INSERT DATA { <a> <b> "with GRAPH" }')) is None
    True
    """
    w.store.update(text)
    if _REACHES_GRAPHS.search(_QUOTED.sub('""', text)):
        for m in w.meta.values():
            m.pop("made", None)
        for path in (w.folder / "graphs").glob("entities-*"):
            path.unlink(missing_ok=True)


def _chunks(items: Iterator[tuple[int, bytes]], n: int) -> Iterator[list[tuple[int, bytes]]]:
    while chunk := list(itertools.islice(items, n)):
        yield chunk


def data_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad of the data graphs and of the default graph (notes added with --update)."""
    out: list[ox.Quad] = []
    for g in [*data_graphs(store), ox.DefaultGraph()]:
        out.extend(store.quads_for_pattern(None, None, None, g))
    return out


def load_file(path: str | Path, folder: str | Path, fmt: str | None = None) -> Path:
    """Load a graph file into a new store in ``folder`` (for serving a file); returns it."""
    source = Path(path)
    if not source.is_file():
        raise InputError(f"{path}: no such file or store")
    name = (fmt or source.suffix.lstrip(".")).lower()
    if name not in RDF_FORMATS:
        raise InputError(f"cannot tell the RDF format of {path}: use --input-format ({', '.join(sorted(RDF_FORMATS))})")
    target = Path(folder) / "served"
    target.mkdir(parents=True, exist_ok=True)  # Oxigraph makes the database folder, not its parents
    store = ox.Store(str(target / "oxigraph"))
    try:
        store.bulk_load(path=str(source), format=RDF_FORMATS[name])
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"{path}: cannot parse as RDF ({str(exc).splitlines()[0][:200]})") from None
    store.flush()
    del store
    return target
