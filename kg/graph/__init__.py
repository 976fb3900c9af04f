"""Stage 5, graph: entities → RDF (rdflib) with a provenance span on every fact, as named
graphs: one per issue, the entities resolved over all issues, and the vocabulary in use.

Chinese literals carry ``@zh``; other strings are plain literals (never ``xsd:string``);
dates are ``xsd:date``; IRIs are ASCII and deterministic; no blank nodes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import Graph

from kg.graph.builder import _Builder, new_graph, zh
from kg.ids import RESOURCE_BASE
from kg.model import Extraction
from kg.resolve import Resolution

__all__ = ["ENTITIES_GRAPH", "ISSUE_LOCAL_KINDS", "VOCABULARY_GRAPH", "Triple", "build_graph", "build_graphs", "closing_parts",
           "entities_parts", "graph_parts", "is_issue_local", "issue_graph_name", "issue_part",
           "load_ontology", "new_graph", "zh"]

ENTITIES_GRAPH = f"{RESOURCE_BASE}graph/entities"
VOCABULARY_GRAPH = f"{RESOURCE_BASE}graph/vocabulary"


def issue_graph_name(issue_iri: str) -> str:
    """The named graph of one issue's own facts."""
    return f"{RESOURCE_BASE}graph/issue/{issue_iri.rstrip('/').rsplit('/', 1)[-1]}"


Triple = tuple[object, object, object]


# Kinds of resource whose ids include the source they come from (kg.ids.make_id("span", source, …)):
# only one issue can state facts about them. Facts about any other resource (a document two issues
# both cite, an indicator) may be stated by several issues.
ISSUE_LOCAL_KINDS = frozenset({"span", "annotation", "event", "association", "task", "table", "observation", "issue"})


def is_issue_local(node: object) -> bool:
    """Whether ``node`` is a resource only one issue can speak of (see ``ISSUE_LOCAL_KINDS``)."""
    text = str(node)
    return text.startswith(RESOURCE_BASE) and text[len(RESOURCE_BASE):].split("/", 1)[0] in ISSUE_LOCAL_KINDS


def graph_parts(
    extractions: Iterable[Extraction], res: Resolution, ontology: Graph, editor_roles: tuple[str, ...] = (),
    pinyin: Callable[[str], str] | None = None, whole: bool = True,
) -> Iterator[tuple[str, set[Triple], Graph | None]]:
    """The triples of each named graph, one at a time: the entities first, then each issue
    (what that issue states, with the spans that attest memberships in it, before any
    sharing between issues is taken out), then :func:`closing_parts`; with each, the whole graph so far (``whole``; else None), so a
    caller can keep one issue in memory at a time."""
    b = _Builder(res, ontology, editor_roles, pinyin, whole)
    b.entities()
    yield ENTITIES_GRAPH, b.part, b.g
    for x in extractions:
        yield _issue(b, x), b.part, b.g
    for name, part in closing_parts(b):
        yield name, part, b.g


def closing_parts(b: _Builder) -> Iterator[tuple[str, set[Triple]]]:
    """After the issues: the vocabulary in use."""
    b.part = set()
    b.vocabulary()
    yield VOCABULARY_GRAPH, b.part


def _issue(b: _Builder, x: Extraction) -> str:
    """Build one issue's triples in ``b.part`` (a new set); the name of its graph."""
    b.part = set()
    issue = b.issue(x)
    b.documents(x, issue)
    b.events(x, issue)
    b.tasks(x)
    b.tables(x)
    b.rosters(x)
    b.commendations(x)
    b.references(x, issue)
    b.attestations(x)
    return issue_graph_name(str(issue))


def issue_part(x: Extraction, res: Resolution, editor_roles: tuple[str, ...] = ()) -> tuple[str, set[Triple], set[str]]:
    """One issue's graph alone, as :func:`graph_parts` gives it, for a worker process:
    ``res`` needs only this issue's part of the resolution (``kg.resolve.by_source``).
    Returns the graph's name, its triples and the concepts they use."""
    b = _Builder(res, Graph(), editor_roles, None, whole=False)
    name = _issue(b, x)
    return name, b.part, {str(c) for c in b.concepts}


def entities_parts(res: Resolution, ontology: Graph, editor_roles: tuple[str, ...] = (),
                   pinyin: Callable[[str], str] | None = None, chunk: int = 50_000) -> tuple[_Builder, Iterator[set[Triple]]]:
    """The entities graph in parts of about ``chunk`` triples (a triple may recur in a later
    part), and the builder, which then holds the concepts used; its ``vocabulary`` makes
    the rest."""
    b = _Builder(res, ontology, editor_roles, pinyin, whole=False)
    return b, b.entities_chunks(chunk)


def build_graphs(
    extractions: list[Extraction], res: Resolution, ontology: Graph, editor_roles: tuple[str, ...] = (),
    pinyin: Callable[[str], str] | None = None,
) -> tuple[Graph, dict[str, frozenset[Triple]]]:
    """The knowledge graph of a corpus, whole and as named graphs: one per issue (what that
    issue says), the entities resolved over all issues, and the vocabulary in use. A triple
    two issues both state (a document both cite) belongs to the entities graph, so every
    triple is in exactly one named graph and their union counts it once. Board members in
    ``editor_roles`` are the issues' editors; ``pinyin`` (name → romanisation) adds
    ``@zh-latn-pinyin`` names."""
    parts: dict[str, set[Triple]] = {}
    whole = new_graph()
    for name, part, g in graph_parts(extractions, res, ontology, editor_roles, pinyin):
        parts.setdefault(name, set()).update(part)
        whole = g  # type: ignore[assignment]
    entities = parts[ENTITIES_GRAPH]
    issues = [name for name in parts if name not in (ENTITIES_GRAPH, VOCABULARY_GRAPH)]
    seen: dict[Triple, int] = {}
    for name in issues:
        for t in parts[name]:
            seen[t] = seen.get(t, 0) + 1
    shared = {t for t, n in seen.items() if n > 1 or t in entities}
    for name in issues:
        moved = parts[name] & shared
        parts[name] -= moved
        entities |= moved
    parts[VOCABULARY_GRAPH] -= entities
    return whole, {name: frozenset(p) for name, p in parts.items()}


def build_graph(
    extractions: list[Extraction], res: Resolution, ontology: Graph, editor_roles: tuple[str, ...] = (),
    pinyin: Callable[[str], str] | None = None,
) -> Graph:
    """The knowledge graph of a corpus as one graph."""
    return build_graphs(extractions, res, ontology, editor_roles, pinyin)[0]


def load_ontology(folder: Path) -> Graph:
    """All ``*.ttl`` of the ontology folder except the SHACL shapes."""
    g = Graph()
    for path in sorted(folder.glob("*.ttl")):
        if path.name != "shapes.ttl":
            g.parse(path, format="turtle")
    return g
