"""Networks read from the graph through SPARQL (never from extraction objects).

- :func:`coparticipation`: persons linked by the events they attended together; each edge
  keeps its events (date, type, each one's roles, the source quote and line);
- :func:`affiliation`: persons and the bodies of their posts (bipartite), and its projections;
- :func:`duties`: bodies and the tasks they lead or support (bipartite), and the bodies
  linked by shared tasks;
- :func:`citations`: documents and the documents they cite (directed).

Filters: a date range, event types, roles (only chairs…), a minimum weight, the ego network
of a person or body to depth N, and the largest component.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from kg.errors import UsageError
from kg.query import run_query

P = """PREFIX gkg: <https://w3id.org/gazette-kg/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
Q_PARTICIPATION = P + """SELECT ?e ?date ?type ?p ?name ?role ?quote ?file ?line WHERE {
  ?e a gkg:Event ; schema:startDate ?date ; prov:qualifiedAssociation ?a .
  ?a prov:agent ?p ; prov:hadRole ?r . ?p a foaf:Person ; foaf:name ?name .
  BIND(STRAFTER(STR(?r), "#") AS ?role)
  OPTIONAL { ?e gkg:eventType ?t . BIND(STRAFTER(STR(?t), "#") AS ?type) }
  OPTIONAL { ?e schema:description ?quote }
  OPTIONAL { ?e prov:wasDerivedFrom ?sp . ?sp gkg:sourceFile ?file ; gkg:line ?line }
} ORDER BY ?date ?e ?p ?role"""
Q_LOCAL = P + """SELECT DISTINCT ?p WHERE {
  ?issue a gkg:GazetteIssue ; dcterms:publisher/org:subOrganizationOf*/gkg:governs ?home .
  ?m org:member ?p ; org:organization/org:subOrganizationOf*/gkg:governs ?place .
  ?place schema:containedInPlace* ?home .
}"""
Q_TITLED = P + """SELECT DISTINCT ?p ?title WHERE { ?m org:member ?p ; gkg:titleText ?title } ORDER BY ?p ?title"""
Q_AFFILIATION = P + """SELECT ?p ?name ?b ?body ?title ?first ?last WHERE {
  ?m org:member ?p ; org:organization ?b ; gkg:titleText ?title .
  ?p foaf:name ?name . ?b skos:prefLabel ?body .
  OPTIONAL { ?m gkg:firstAttested ?first } OPTIONAL { ?m gkg:lastAttested ?last }
} ORDER BY ?p ?b ?title"""
Q_DUTIES = P + """SELECT ?t ?text ?b ?body ?duty ?deadline WHERE {
  { ?t gkg:leadBody ?b . BIND("lead" AS ?duty) } UNION { ?t gkg:supportBody ?b . BIND("support" AS ?duty) }
  ?t schema:description ?text . ?b skos:prefLabel ?body .
  OPTIONAL { ?t gkg:deadline ?deadline }
} ORDER BY ?t ?b ?duty"""
Q_CITATIONS = P + """SELECT ?a ?an ?at ?b ?bn ?bt ?rel WHERE {
  { ?a dcterms:references ?b . BIND("cites" AS ?rel) } UNION { ?a gkg:repeals ?b . BIND("repeals" AS ?rel) }
  OPTIONAL { ?a gkg:docNumber ?an } OPTIONAL { ?a dcterms:title ?at }
  OPTIONAL { ?b gkg:docNumber ?bn } OPTIONAL { ?b dcterms:title ?bt }
} ORDER BY ?a ?b ?rel"""


@dataclass
class Filters:
    """What to keep; empty means everything."""

    start: dt.date | None = None
    end: dt.date | None = None
    types: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    min_weight: int = 1
    ego: str | None = None  # a node's label or IRI
    depth: int = 1
    largest: bool = False
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = []
        if self.start or self.end:
            parts.append(f"{self.start or '…'} – {self.end or '…'}")
        if self.types:
            parts.append("event types: " + ", ".join(sorted(self.types)))
        if self.roles:
            parts.append("roles: " + ", ".join(sorted(self.roles)))
        if self.min_weight > 1:
            parts.append(f"min weight {self.min_weight}")
        if self.ego:
            parts.append(f"ego network of {self.ego}, depth {self.depth}")
        if self.largest:
            parts.append("largest component")
        return "; ".join(parts) or "no filters"


def _rows(store: ox.Store, text: str) -> list[dict[str, str]]:
    columns, rows = run_query(store, text)
    return [dict(zip(columns, r)) for r in rows]


def _in_range(day: str, f: Filters) -> bool:
    d = dt.date.fromisoformat(day)
    return (f.start is None or d >= f.start) and (f.end is None or d <= f.end)


def coparticipation(store: ox.Store, f: Filters | None = None) -> nx.Graph:
    """Persons linked by shared events: weight = number of shared events."""
    f = f or Filters()
    events: dict[str, dict[str, object]] = {}
    for r in _rows(store, Q_PARTICIPATION):
        if not _in_range(r["date"], f) or (f.types and r["type"] not in f.types):
            continue
        ev = events.setdefault(r["e"], {"date": r["date"], "type": r["type"], "quote": r["quote"],
                                        "source": f"{r['file']}:{r['line']}" if r["file"] else "", "people": {}})
        ev["people"].setdefault(r["p"], {"name": r["name"], "roles": set()})["roles"].add(r["role"])  # type: ignore[index]
    local = {r["p"] for r in _rows(store, Q_LOCAL)}
    titled: dict[str, list[str]] = defaultdict(list)
    for r in _rows(store, Q_TITLED):
        titled[r["p"]].append(r["title"])
    g = nx.Graph()
    g.graph["incidence"] = {}  # event → (date, persons): the person × event matrix
    for iri, ev in sorted(events.items(), key=lambda kv: (kv[1]["date"], kv[0])):  # type: ignore[index]
        people = {p: v for p, v in ev["people"].items() if not f.roles or v["roles"] & f.roles}  # type: ignore[attr-defined]
        if people:
            g.graph["incidence"][iri] = (ev["date"], sorted(people))
        for p, v in people.items():
            if p not in g:
                kind = "official" if p in local or p not in titled else "official_elsewhere"
                g.add_node(p, label=v["name"], kind=kind, titles=titled.get(p, []), events=0)
            g.nodes[p]["events"] += 1
        roles = "; ".join(f"{v['name']}: {', '.join(sorted(v['roles']))}" for _, v in sorted(people.items()))
        members = sorted(people)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if not g.has_edge(a, b):
                    g.add_edge(a, b, weight=0, events=[])
                g[a][b]["weight"] += 1
                g[a][b]["events"].append({"event": iri, "date": ev["date"], "type": ev["type"], "roles": roles,
                                          "quote": ev["quote"], "source": ev["source"]})
    return _finish(g, f, "Who met whom: persons at the same events")


def affiliation(store: ox.Store, f: Filters | None = None, project: str | None = None) -> nx.Graph:
    """Persons and the bodies of their posts (bipartite: ``bipartite`` 0 persons, 1 bodies);
    ``project`` "persons" or "bodies" gives the weighted projection."""
    f = f or Filters()
    g = nx.Graph()
    for r in _rows(store, Q_AFFILIATION):
        if r["first"] and not _in_range(r["last"] or r["first"], f):
            continue
        g.add_node(r["p"], label=r["name"], kind="official", bipartite=0)
        g.add_node(r["b"], label=r["body"], kind="body", bipartite=1)
        if g.has_edge(r["p"], r["b"]):
            g[r["p"]][r["b"]]["titles"].append(r["title"])
        else:
            g.add_edge(r["p"], r["b"], weight=1, titles=[r["title"]])
    if project:
        side = {"persons": 0, "bodies": 1}.get(project)
        if side is None:
            raise UsageError("--project takes persons or bodies")
        keep = sorted(n for n, d in g.nodes(data=True) if d["bipartite"] == side)
        g = nx.bipartite.weighted_projected_graph(g, keep)
    return _finish(g, f, "Persons and the bodies of their posts" + (f" (projected on {project})" if project else ""))


def duties(store: ox.Store, f: Filters | None = None, project: bool = False) -> nx.Graph:
    """Bodies and the tasks they lead or support; ``project``: bodies linked by shared tasks."""
    f = f or Filters()
    g = nx.Graph()
    for r in _rows(store, Q_DUTIES):
        g.add_node(r["b"], label=r["body"], kind="body", bipartite=0)
        g.add_node(r["t"], label=r["text"][:40], kind="document", bipartite=1, deadline=r["deadline"])
        g.add_edge(r["b"], r["t"], weight=1, duty=r["duty"])
    if project:
        g = nx.bipartite.weighted_projected_graph(g, sorted(n for n, d in g.nodes(data=True) if d["bipartite"] == 0))
    return _finish(g, f, "Bodies and the tasks they answer for" + (" (bodies sharing tasks)" if project else ""))


def citations(store: ox.Store, f: Filters | None = None) -> nx.DiGraph:
    """Documents and the documents they cite or repeal (directed)."""
    f = f or Filters()
    g = nx.DiGraph()
    for r in _rows(store, Q_CITATIONS):
        for iri, number, title in ((r["a"], r["an"], r["at"]), (r["b"], r["bn"], r["bt"])):
            if iri not in g:
                g.add_node(iri, label=number or title[:30] or iri.rsplit("/", 1)[-1], kind="document", title_text=title)
        g.add_edge(r["a"], r["b"], weight=1, relation=r["rel"])
    return _finish(g, f, "Documents and the documents they cite")


def _finish(g: nx.Graph, f: Filters, title: str) -> nx.Graph:
    """Apply the weight, ego and component filters; record what was applied."""
    if f.min_weight > 1:
        g.remove_edges_from([(a, b) for a, b, w in g.edges(data="weight") if (w or 1) < f.min_weight])
        g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    if f.ego:
        centre = f.ego if f.ego in g else next((n for n, d in g.nodes(data=True) if d.get("label") == f.ego), None)
        if centre is None:
            raise UsageError(f"{f.ego!r} is not a node of this network (after the other filters)")
        around = g.to_undirected(as_view=True) if g.is_directed() else g  # citations: both directions
        g = g.subgraph(nx.ego_graph(around, centre, radius=f.depth)).copy()
    if f.largest and len(g):
        parts = nx.weakly_connected_components(g) if g.is_directed() else nx.connected_components(g)
        biggest = max(parts, key=lambda c: (len(c), sorted(c)))
        g = g.subgraph(biggest).copy()
    if "incidence" in g.graph:  # keep only the persons still in the network
        g.graph["incidence"] = {e: (day, [p for p in people if p in g]) for e, (day, people) in g.graph["incidence"].items()
                                if any(p in g for p in people)}
    g.graph["title"] = title
    g.graph["filters"] = f.describe()
    return g
