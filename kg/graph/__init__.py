"""Stage 5, graph: entities → RDF (rdflib) with a provenance span on every fact, as named
graphs: one per issue, the entities resolved over all issues, and the vocabulary in use.

Chinese literals carry ``@zh``; other strings are plain literals (never ``xsd:string``);
dates are ``xsd:date``; IRIs are ASCII and deterministic; no blank nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from kg.graph.builder import _Builder, new_graph, zh
from kg.ids import RESOURCE_BASE
from kg.model import Extraction
from kg.resolve import Resolution

__all__ = ["ENTITIES_GRAPH", "VOCABULARY_GRAPH", "Triple", "build_graph", "build_graphs", "issue_graph_name",
           "load_ontology", "new_graph", "zh"]

ENTITIES_GRAPH = f"{RESOURCE_BASE}graph/entities"
VOCABULARY_GRAPH = f"{RESOURCE_BASE}graph/vocabulary"


def issue_graph_name(issue_iri: str) -> str:
    """The named graph of one issue's own facts."""
    return f"{RESOURCE_BASE}graph/issue/{issue_iri.rstrip('/').rsplit('/', 1)[-1]}"


Triple = tuple[object, object, object]


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
    b = _Builder(res, ontology, editor_roles, pinyin)
    b.entities()
    parts: dict[str, set[Triple]] = {ENTITIES_GRAPH: b.part}
    for x in extractions:
        b.part = set()
        issue = b.issue(x)
        b.documents(x, issue)
        b.events(x, issue)
        b.tasks(x)
        b.tables(x)
        b.rosters(x)
        b.commendations(x)
        b.references(x, issue)
        parts.setdefault(issue_graph_name(str(issue)), set()).update(b.part)
    b.part = set()
    b.vocabulary()
    parts[VOCABULARY_GRAPH] = b.part
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
    return b.g, {name: frozenset(p) for name, p in parts.items()}


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
