"""Compose the stages: read → segment → extract → resolve → graph."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError
from kg.extract import extract_issue, make_nlp
from kg.graph import Triple, build_graphs, issue_graph_name, load_ontology
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Extraction
from kg.read import find_sources, read_source, source_names
from kg.resolve import Resolution, issue_id, load_decisions, resolve, romanize_name
from kg.resources import resource_dir
from kg.segment import segment_issue
from kg.store import cache_path, graph_sources, replace_graphs, write_cache, writing


@dataclass
class BuildResult:
    graph: Graph
    extractions: list[Extraction]
    resolution: Resolution
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    graphs: dict[str, frozenset[Triple]] = field(default_factory=dict)  # named graphs: per issue, entities, vocabulary
    written: list[str] = field(default_factory=list)  # graphs the store build replaced

    def summary(self) -> dict[str, int | float]:
        x = self.extractions
        return {
            "issues": len(x),
            "documents": sum(1 for e in x for d in e.documents if d.number),
            "attachments": sum(1 for e in x for d in e.documents if not d.number),
            "chronicle entries": sum(len(e.issue and e.events) for e in x),
            "events": sum(len(e.events) for e in x),
            "persons": len(self.resolution.persons),
            "bodies": len(self.resolution.bodies),
            "places": len(self.resolution.places),
            "memberships": len(self.resolution.memberships),
            "commendations": sum(len(e.commendations) for e in x),
            "tasks": sum(len(e.tasks) for e in x),
            "triples": len(self.graph),
            "seconds": round(self.seconds, 2),
        }


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the code and vocabularies that extraction depends on: a cached extraction
    made by another version is made again."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")) + sorted((resource_dir("data") / "lexicon").glob("*")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


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


def extract_paths(paths: list[str | Path], lex: Lexicon | None = None) -> tuple[list[Extraction], list[str]]:
    """Read, segment and extract every gazette under ``paths``."""
    lex = lex or load_lexicon()
    warnings: list[str] = []
    return list(_extract_all(paths, lex, None, warnings)), warnings


def _extract_all(paths: list[str | Path], lex: Lexicon, store: str | Path | None, warnings: list[str]):  # type: ignore[no-untyped-def]
    """The extraction of every gazette under ``paths`` (from the store's cache when its text
    is unchanged). Among several files, one that cannot be read or is no gazette is skipped
    with a warning naming it; a single such file, or nothing left, is an error."""
    found = find_sources(list(paths))
    names = source_names(found)
    nlp = None
    kept = 0
    for path in found:
        try:
            source = read_source(path, names[path])
            x = _cached(store, source.sha256, source.name) if store else None
            if x is None:
                nlp = nlp or make_nlp(lex)
                x = _extract(source, lex, nlp)
                warnings.extend(x.warnings)
        except InputError as exc:
            if len(found) == 1:
                raise
            warnings.append(f"skipped {exc}")
            continue
        kept += 1
        yield x
    if not kept:
        raise InputError(f"none of the {len(found)} files under {', '.join(map(str, paths))} is a gazette that can be read")


def build(paths: list[str | Path], lex: Lexicon | None = None, decisions: str | Path | None = None,
          store: str | Path | None = None) -> BuildResult:
    """The knowledge graph of the gazettes under ``paths``; ``decisions`` is a file of
    researchers' judgements on person mentions (see :func:`kg.resolve.load_decisions`).

    With ``store`` (a folder), the issues already in the store are kept (read back from its
    cache of extractions) and the given ones added or replaced; entities are resolved over all
    of them and only the named graphs whose content changed are rewritten, in one transaction."""
    started = time.perf_counter()
    lex = lex or load_lexicon()
    if store is None:
        extractions, warnings = extract_paths(paths, lex)
        return _finish(extractions, warnings, lex, decisions, started)
    with writing(store) as w:
        nlp = None
        by_graph: dict[str, Extraction] = {}
        warnings: list[str] = []
        for x in _extract_all(paths, lex, store, warnings):  # the given issues
            by_graph[_graph_of(x)] = x
        uncached: set[str] = set()
        for name, (_, sha) in sorted(graph_sources(store).items()):  # the issues already in the store
            if name in by_graph:
                continue
            x = _cached(store, sha, None)
            if x is None:
                old = _read_cache(store, sha)
                if old is None:
                    uncached.add(name)  # no cache for it: its graph stays as it is
                    continue
                nlp = nlp or make_nlp(lex)
                x = _extract(old[0].issue.source, lex, nlp)  # made by another version: again
            by_graph[name] = x
        ordered = [by_graph[k] for k in sorted(by_graph, key=lambda k: by_graph[k].issue.source.name)]
        result = _finish(ordered, warnings, lex, decisions, started)
        for x in ordered:
            if _cached(store, x.issue.source.sha256, x.issue.source.name) is None:
                write_cache(store, x.issue.source.sha256, pickle.dumps((x, fingerprint()), protocol=pickle.HIGHEST_PROTOCOL))
        sources = {_graph_of(x): (x.issue.source.name, x.issue.source.sha256) for x in ordered}
        result.written = replace_graphs(w, result.graphs, keep=uncached, sources=sources)
        w.commit()
        result.seconds = time.perf_counter() - started
        return result


def _cached(store: str | Path, sha: str, name: str | None) -> Extraction | None:
    """The cached extraction of a source text, if this version of the code made it (and the
    file still has the same name, which provenance quotes)."""
    old = _read_cache(store, sha)
    if old is None or old[1] != fingerprint() or (name is not None and old[0].issue.source.name != name):
        return None
    return old[0]


def _graph_of(x: Extraction) -> str:
    return issue_graph_name(issue_id(x.issue))


def _read_cache(store: str | Path, sha: str) -> tuple[Extraction, str] | None:
    path = cache_path(store, sha)
    try:
        x, fp = pickle.loads(path.read_bytes())  # our own cache, written by this module
    except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError, TypeError):
        return None
    return (x, fp) if isinstance(x, Extraction) else None


def _finish(extractions: list[Extraction], warnings: list[str], lex: Lexicon, decisions: str | Path | None,
            started: float) -> BuildResult:
    res = resolve(extractions, lex, load_decisions(decisions) if decisions else None)
    graph, parts = build_graphs(extractions, res, load_ontology(resource_dir("ontology")), lex.editor_roles,
                                functools.partial(romanize_name, lex=lex))
    return BuildResult(graph, extractions, res, warnings, time.perf_counter() - started, parts)
