"""Score a built graph's documents against ``tests/gold/documents/*.json``, field by field.

Read back through SPARQL like the chronicle measures. Bodies match when any label of
the predicted body (as written or canonical) equals the gold string.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.evaluate.chronicle import Score, _label_match, _value

_P = """PREFIX gkg: <https://w3id.org/gazette-kg/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
Q_DOCS = _P + """SELECT DISTINCT ?file ?number ?title ?issued ?genre WHERE {
  ?d gkg:docNumber ?number ; dcterms:isPartOf ?issue ; prov:wasDerivedFrom/gkg:sourceFile ?file .
  ?issue a gkg:GazetteIssue .
  OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d dcterms:issued ?issued } OPTIONAL { ?d gkg:genre ?genre } }"""
Q_DOC_BODIES = _P + """SELECT DISTINCT ?number ?rel ?x ?label WHERE {
  ?d gkg:docNumber ?number ; dcterms:isPartOf/a gkg:GazetteIssue .
  { ?d dcterms:creator ?x BIND("issuer" AS ?rel) } UNION { ?d gkg:addressee ?x BIND("addressee" AS ?rel) }
  ?x skos:prefLabel|skos:altLabel ?label . }"""
Q_PARTS = _P + """SELECT DISTINCT ?number ?title WHERE { ?d gkg:docNumber ?number ; dcterms:hasPart/dcterms:title ?title . }"""
Q_CITES = _P + """SELECT DISTINCT ?number ?rel ?cited ?title WHERE {
  ?d gkg:docNumber ?number .
  { ?d dcterms:references ?c BIND("cites" AS ?rel) } UNION { ?d gkg:repeals ?c BIND("repeals" AS ?rel) }
  ?c gkg:docNumber ?cited . OPTIONAL { ?c dcterms:title ?title } }"""
Q_TASKS = _P + """SELECT DISTINCT ?number ?line ?role ?x ?label ?deadline WHERE {
  ?d gkg:docNumber ?number ; gkg:task ?t . ?t prov:wasDerivedFrom/gkg:line ?line .
  { ?t gkg:leadBody ?x BIND("lead" AS ?role) } UNION { ?t gkg:supportBody ?x BIND("support" AS ?role) }
  ?x skos:prefLabel|skos:altLabel ?label . OPTIONAL { ?t gkg:deadline ?deadline } }"""
Q_AWARDS = _P + """SELECT DISTINCT ?number ?name ?kind ?aff ?x WHERE {
  ?c gkg:conferredBy/gkg:docNumber ?number ; gkg:awardee ?x .
  { ?x foaf:name ?name BIND("person" AS ?kind) OPTIONAL { ?x org:memberOf/(skos:prefLabel|skos:altLabel) ?aff } }
  UNION { ?x a org:Organization ; skos:altLabel|skos:prefLabel ?name BIND("body" AS ?kind) } }"""
Q_BOARD = _P + """SELECT DISTINCT ?file ?name ?role WHERE {
  ?m org:member/foaf:name ?name ; gkg:titleText ?role ; prov:wasDerivedFrom ?sp .
  ?sp gkg:rule "masthead-role" ; gkg:sourceFile ?file . }"""
Q_ROSTER = _P + """SELECT DISTINCT ?number ?name ?role ?post WHERE {
  ?r gkg:rosterOf/gkg:docNumber ?number ; org:member/foaf:name ?name ; gkg:titleText ?role .
  OPTIONAL { ?r gkg:post ?post } }"""
Q_CELLS = _P + """SELECT DISTINCT ?number ?row ?column ?value ?unit WHERE {
  ?d gkg:docNumber ?number ; gkg:table ?ds . ?o qb:dataSet ?ds ; gkg:rowKey ?row ;
  gkg:indicator/skos:prefLabel ?column ; prov:wasDerivedFrom/<http://www.w3.org/ns/oa#exact> ?value .
  OPTIONAL { ?o gkg:unit ?unit } }"""

MEASURES = ("numbers", "titles", "dates", "issuers", "addressees", "genres", "parts", "citations",
            "citation titles", "repeals", "duties", "deadlines", "commendations", "board", "rosters", "table cells")


def load_document_gold(folder: Path) -> dict[str, dict[str, list[dict[str, object]]]]:
    gold = {}
    for f in sorted((folder / "documents").glob("*.json")):
        try:
            gold[f.stem] = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{f}: not JSON ({exc.msg})") from None
    return gold


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    result = store.query(query)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return [{n: _value(sol[n]) for n in names} for sol in result]  # type: ignore[union-attr]


def score_documents(store: ox.Store, gold: dict[str, dict[str, list[dict[str, object]]]]) -> dict[str, Score]:
    s = {m: Score() for m in MEASURES}
    own: dict[str, set[str]] = defaultdict(set)  # source stem → numbers printed in it
    docs = {}
    for r in _rows(store, Q_DOCS):
        stem = Path(r["file"]).stem
        own[stem].add(r["number"])
        docs[r["number"]] = r
    bodies: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in _rows(store, Q_DOC_BODIES):
        bodies[(r["number"], r["rel"])][r["x"]].add(r["label"])
    parts = defaultdict(set)
    for r in _rows(store, Q_PARTS):
        parts[r["number"]].add(r["title"])
    cites = defaultdict(set)
    cite_titles = defaultdict(set)
    for r in _rows(store, Q_CITES):
        cites[(r["number"], r["rel"])].add(r["cited"])
        if r["title"] and r["rel"] == "cites":
            cite_titles[r["number"]].add((r["cited"], r["title"]))
    duties: dict[tuple[str, str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    deadlines = set()
    for r in _rows(store, Q_TASKS):
        duties[(r["number"], r["line"], r["role"])][r["x"]].add(r["label"])
        if r["deadline"]:
            deadlines.add((r["number"], r["line"], r["deadline"]))
    person_awards: dict[tuple[str, str], set[str]] = defaultdict(set)
    body_awards: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in _rows(store, Q_AWARDS):
        if r["kind"] == "person":
            person_awards[(r["number"], r["name"])].add(r["aff"])
        else:
            body_awards[r["number"]][r["x"]].add(r["name"])
    board = {(Path(r["file"]).stem, r["name"], r["role"]) for r in _rows(store, Q_BOARD)}
    rosters = {(r["number"], r["name"], r["role"], r["post"]) for r in _rows(store, Q_ROSTER)}
    cells = {(r["number"], r["row"], r["column"], r["value"], r["unit"]) for r in _rows(store, Q_CELLS)}

    for stem, g in gold.items():
        gdocs = g.get("documents", [])
        numbers = {d["number"] for d in gdocs}
        s["numbers"].add_sets({(n,) for n in numbers}, {(n,) for n in own[stem]})
        for d in gdocs:
            n = d["number"]
            p = docs.get(n, {})
            s["titles"].add_sets({(n, d["title"])}, {(n, p["title"])} if p.get("title") else set())
            s["dates"].add_sets({(n, d["issued"])} if d["issued"] else set(), {(n, p["issued"])} if p.get("issued") else set())
            s["genres"].add_sets({(n, d["genre"])} if d["genre"] else set(),
                                 {(n, p["genre"].rsplit("genre-", 1)[-1])} if p.get("genre") else set())
            _label_match(s["issuers"], n, set(d["issuers"]), bodies[(n, "issuer")])
            _label_match(s["addressees"], n, set(d["addressees"]), bodies[(n, "addressee")])
            s["parts"].add_sets({(n, t) for t in d["parts"]}, {(n, t) for t in parts[n]})
            s["citations"].add_sets({(n, c["number"]) for c in d["citations"]}, {(n, c) for c in cites[(n, "cites")]})
            s["citation titles"].add_sets({(n, c["number"], c["title"]) for c in d["citations"] if c["title"]},
                                          {(n, *x) for x in cite_titles[n]})
            s["repeals"].add_sets({(n, r) for r in d["repeals"]}, {(n, r) for r in cites[(n, "repeals")]})
        g_tasks = defaultdict(set)
        g_deadlines = set()
        for t in g.get("tasks", []):
            for b in t["bodies"]:
                g_tasks[(t["document"], str(t["line"]), b["role"])].add(b["body"])
            if t.get("deadline_date"):
                g_deadlines.add((t["document"], str(t["line"]), t["deadline_date"]))
        keys = set(g_tasks) | {k for k in duties if k[0] in numbers}
        for key in sorted(keys):
            _label_match(s["duties"], " · ".join(key), g_tasks.get(key, set()), duties.get(key, {}))
        s["deadlines"].add_sets(g_deadlines, {x for x in deadlines if x[0] in numbers})
        g_people = {(c["document"], c["awardee"], c["affiliation"] or "") for c in g.get("commendations", [])
                    if c["kind"] == "person"}
        p_people = {(n, name, aff) for (n, name), affs in person_awards.items() if n in numbers
                    for aff in affs if aff or affs == {""}}
        found = {x for x in g_people if x in p_people or ((x[0], x[1]) in person_awards and x[2] in person_awards[(x[0], x[1])])}
        s["commendations"].tp += len(found)
        s["commendations"].fn += len(g_people - found)
        s["commendations"].fp += len({k for k in person_awards if k[0] in numbers} - {(x[0], x[1]) for x in found})
        s["commendations"].misses.extend(f"missed {' · '.join(x)}" for x in sorted(g_people - found))
        for n in sorted(numbers):
            g_bodies = {c["awardee"] for c in g.get("commendations", []) if c["kind"] == "body" and c["document"] == n}
            _label_match(s["commendations"], n, g_bodies, body_awards.get(n, {}))
        s["board"].add_sets({(stem, b["name"], b["role"]) for b in g.get("board", [])}, {x for x in board if x[0] == stem})
        s["rosters"].add_sets({(r["document"], r["name"], r["role"], r["post"] or "") for r in g.get("rosters", [])},
                              {x for x in rosters if x[0] in numbers})
        s["table cells"].add_sets(
            {(t["document"], c["row"], c["column"], c["value"], c["unit"] or "") for t in g.get("tables", []) for c in t["cells"]},
            {x for x in cells if x[0] in numbers})
    return s
