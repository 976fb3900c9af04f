"""The query library: every query documents itself in a header that matches what it returns, and
each research query answers on the sample as the graph itself says (recounted here with rdflib
from ``sample_graph``, never from another query). Parameter values are chosen from the data at
test time, never written in."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

import pyoxigraph
import pytest
from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS

from kg.query import load_query_text, parse_param, query_header, run_query
from kg.resources import resource_dir
from kg.vocab import GKG, OA

SCHEMA = Namespace("https://schema.org/")
LIBRARY = sorted(p.stem for p in resource_dir("queries").glob("*.rq"))
PARAMETER = re.compile(r"\?([A-Za-z_][A-Za-z0-9_]*)\s+—")
CJK = re.compile(r"[\u3400-\u9fff]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# ---------------------------------------------------------------- helpers: the library


def header(name: str) -> dict[str, str]:
    return query_header(load_query_text(name))


def parameters(name: str) -> list[str]:
    value = header(name)["parameters"]
    return [] if value == "none" else PARAMETER.findall(value)


def columns(name: str) -> list[str]:
    return [c.strip() for c in header(name)["columns"].split(",")]


def run(store, query: str, /, **params: object) -> list[dict[str, str]]:
    """Rows of a library query as dicts; parameters go through ``parse_param`` as on the CLI."""
    bound = {k: parse_param(f"{k}={v}")[1] for k, v in params.items()}
    cols, rows = run_query(store, load_query_text(query), bound)
    return [dict(zip(cols, row)) for row in rows]


def sparql_lines(name: str) -> str:
    return "\n".join(line for line in load_query_text(name).splitlines() if not line.lstrip().startswith("#"))


# ---------------------------------------------------------------- helpers: the graph, counted in Python


def local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


def names(g) -> dict:
    return {p: str(g.value(p, FOAF.name)) for p in g.subjects(RDF.type, FOAF.Person)}


def events_of_persons(g) -> dict:
    """event → the persons associated with it (prov:wasAssociatedWith)."""
    persons = names(g)
    return {e: {p for p in g.objects(e, PROV.wasAssociatedWith) if p in persons}
            for e in g.subjects(RDF.type, GKG.Event)}


def start(g, e) -> date:
    return g.value(e, SCHEMA.startDate).toPython()


def roles(g, e, p) -> set[str]:
    return {local(g.value(a, PROV.hadRole)) for a in g.objects(e, PROV.qualifiedAssociation)
            if g.value(a, PROV.agent) == p}


def pair_counts(g, lo: date | None = None, hi: date | None = None) -> Counter:
    persons, counts = names(g), Counter()
    for e, ps in events_of_persons(g).items():
        if (lo and start(g, e) < lo) or (hi and start(g, e) > hi):
            continue
        for a in ps:
            for b in ps:
                if (persons[a], str(a)) < (persons[b], str(b)):
                    counts[(persons[a], persons[b])] += 1
    return counts


def most_active(g) -> str:
    """The name of the person in the most events (a name no one else has)."""
    persons = names(g)
    unique = {p for p, n in persons.items() if list(persons.values()).count(n) == 1}
    count = Counter(p for ps in events_of_persons(g).values() for p in ps if p in unique)
    return persons[min(count, key=lambda p: (-count[p], persons[p]))]


def person_iri(g, name: str):
    return next(p for p, n in names(g).items() if n == name)


def label(g, x) -> str:
    return str(g.value(x, SKOS.prefLabel))


def labels(g, x) -> set[str]:
    return {str(v) for v in g.objects(x, SKOS.prefLabel)} | {str(v) for v in g.objects(x, SKOS.altLabel)}


def below(g, top, prop=ORG.subOrganizationOf) -> set:
    """``top`` and everything that reaches it by ``prop``+ (sub-organisations, contained places)."""
    found, frontier = {top}, [top]
    while frontier:
        for x in g.subjects(prop, frontier.pop()):
            if x not in found:
                found.add(x)
                frontier.append(x)
    return found


def spread(values: list) -> tuple:
    """Two values a quarter and three quarters into the sorted distinct ``values``."""
    ordered = sorted(set(values))
    return ordered[len(ordered) // 4], ordered[3 * len(ordered) // 4]


def shortest_hops(g, prop) -> dict:
    """(source, target) → the length of the shortest ``prop`` chain, over every source."""
    out = {}
    for source in set(g.subjects(prop, None)):
        frontier, seen, hops = {source}, set(), 0
        while frontier:
            hops += 1
            frontier = {t for s in frontier for t in g.objects(s, prop)} - seen
            seen |= frontier
            for t in frontier:
                out.setdefault((source, t), hops)
    return {k: v for k, v in out.items() if k[0] != k[1]}


# ---------------------------------------------------------------- every query: header and shape


def test_query_library_holds_at_least_twenty_queries():
    assert len(LIBRARY) >= 20, LIBRARY


@pytest.mark.parametrize("name", LIBRARY)
def test_query_library_header_opens_with_title_parameters_columns(name):
    lines = load_query_text(name).splitlines()
    assert [line.split(":", 1)[0] for line in lines[:3]] == ["# title", "# parameters", "# columns"]
    assert all(header(name)[key] for key in ("title", "parameters", "columns"))


@pytest.mark.parametrize("name", LIBRARY)
def test_query_library_header_names_every_parameter(name):
    value = header(name)["parameters"]
    assert value == "none" or len(parameters(name)) == value.count("?") >= 1, value


@pytest.mark.parametrize("name", LIBRARY)
def test_query_library_parameters_are_projected_columns(name):
    """Oxigraph binds a parameter only when the SELECT projects it."""
    assert set(parameters(name)) <= set(columns(name))


@pytest.mark.parametrize("name", LIBRARY)
def test_query_library_columns_line_equals_select_variables(sample_store, name):
    params = {"name": most_active_name(sample_store)} if "name" in parameters(name) else {}
    cols, _ = run_query(sample_store, load_query_text(name), params)
    assert cols == columns(name)


@pytest.mark.parametrize("name", LIBRARY)
def test_query_library_orders_its_rows(name):
    assert "ORDER BY" in sparql_lines(name).upper()


@pytest.mark.parametrize("name", LIBRARY)
def test_query_library_sparql_holds_no_sample_names_or_dates(name):
    text = sparql_lines(name)
    assert not CJK.search(text) and not ISO_DATE.search(text)


def most_active_name(store) -> str:
    query = """PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?name (COUNT(?e) AS ?n) WHERE { ?e prov:wasAssociatedWith ?p . ?p foaf:name ?name }
    GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1"""
    return run_query(store, query)[1][0][0]


# ---------------------------------------------------------------- who met whom, co-attendance, chairs


def test_query_who_met_whom_between_top_pair_count_equals_shared_events(sample_store, sample_graph):
    top = run(sample_store, "who_met_whom_between")[0]
    counts = pair_counts(sample_graph)
    assert int(top["events"]) == counts[(top["a"], top["b"])] == max(counts.values())


def test_query_who_met_whom_between_lists_every_pair_once(sample_store, sample_graph):
    rows = run(sample_store, "who_met_whom_between")
    assert Counter({(r["a"], r["b"]): int(r["events"]) for r in rows}) == pair_counts(sample_graph)
    assert len(rows) == len(pair_counts(sample_graph))


def test_query_who_met_whom_between_date_range_keeps_dates_in_range(sample_store, sample_graph):
    lo, hi = spread([start(sample_graph, e) for e in events_of_persons(sample_graph)])
    rows = run(sample_store, "who_met_whom_between", **{"from": lo, "to": hi})
    assert rows and all(str(lo) <= r["first"] <= r["last"] <= str(hi) for r in rows)
    assert {(r["a"], r["b"]): int(r["events"]) for r in rows} == dict(pair_counts(sample_graph, lo, hi))


def test_query_who_met_whom_between_min_keeps_counts_at_least_min(sample_store, sample_graph):
    counts = pair_counts(sample_graph)
    least = sorted(counts.values(), reverse=True)[min(4, len(counts) - 1)]
    rows = run(sample_store, "who_met_whom_between", min=least)
    assert rows and all(int(r["events"]) >= least for r in rows)
    assert len(rows) == sum(1 for n in counts.values() if n >= least)


def test_query_co_attendance_of_top_pair_gives_their_shared_events_and_roles(sample_store, sample_graph):
    counts = pair_counts(sample_graph)
    a, b = min(counts, key=lambda pair: (-counts[pair], pair))
    pa, pb = person_iri(sample_graph, a), person_iri(sample_graph, b)
    shared = [e for e, ps in events_of_persons(sample_graph).items() if {pa, pb} <= ps]
    rows = run(sample_store, "co_attendance", a=a, b=b)
    expected = Counter((str(start(sample_graph, e)), frozenset(roles(sample_graph, e, pa)),
                        frozenset(roles(sample_graph, e, pb))) for e in shared)
    got = Counter((r["start"], frozenset(r["roles_a"].split(", ")), frozenset(r["roles_b"].split(", ")))
                  for r in rows)
    assert len(rows) == len(shared) and got == expected
    assert all((r["person_a"], r["person_b"], r["a"], r["b"]) == (a, b, a, b) for r in rows)


def test_query_co_attendance_with_one_name_lists_that_persons_partners(sample_store, sample_graph):
    name = most_active(sample_graph)
    p = person_iri(sample_graph, name)
    expected = sum(len(ps) - 1 for ps in events_of_persons(sample_graph).values() if p in ps)
    rows = run(sample_store, "co_attendance", a=name)
    assert len(rows) == expected and {r["person_a"] for r in rows} == {name}


def test_query_event_chairs_counts_chaired_events(sample_store, sample_graph):
    persons = names(sample_graph)
    chaired = Counter()
    for e, ps in events_of_persons(sample_graph).items():
        chaired.update(persons[p] for p in ps if "Chair" in roles(sample_graph, e, p))
    rows = run(sample_store, "event_chairs")
    assert {r["name"]: int(r["chaired"]) for r in rows} == dict(chaired)
    assert all(int(r["meetings"]) <= int(r["chaired"]) for r in rows)


def test_query_event_chairs_date_range_keeps_dates_in_range(sample_store, sample_graph):
    lo, hi = spread([start(sample_graph, e) for e in events_of_persons(sample_graph)])
    rows = run(sample_store, "event_chairs", **{"from": lo, "to": hi})
    assert rows and all(str(lo) <= r["first"] <= r["last"] <= str(hi) for r in rows)


# ---------------------------------------------------------------- one official


def test_query_person_timeline_has_a_row_per_event_attended(sample_store, sample_graph):
    name = most_active(sample_graph)
    p = person_iri(sample_graph, name)
    attended = [e for e, ps in events_of_persons(sample_graph).items() if p in ps]
    rows = run(sample_store, "person_timeline", name=name)
    assert len(rows) == len(attended)
    assert sorted(r["start"] for r in rows) == sorted(str(start(sample_graph, e)) for e in attended)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


def test_query_person_timeline_gives_the_source_line_of_each_event(sample_store, sample_graph):
    name = most_active(sample_graph)
    p = person_iri(sample_graph, name)
    lines = Counter(str(sample_graph.value(span, GKG.line))
                    for e, ps in events_of_persons(sample_graph).items() if p in ps
                    for span in sample_graph.objects(e, PROV.wasDerivedFrom))
    assert Counter(r["line"] for r in run(sample_store, "person_timeline", name=name)) == lines


def test_query_person_timeline_date_range_keeps_dates_in_range(sample_store, sample_graph):
    name = most_active(sample_graph)
    p = person_iri(sample_graph, name)
    attended = [start(sample_graph, e) for e, ps in events_of_persons(sample_graph).items() if p in ps]
    lo, hi = spread(attended)
    rows = run(sample_store, "person_timeline", name=name, **{"from": lo, "to": hi})
    assert len(rows) == sum(1 for d in attended if lo <= d <= hi)
    assert all(str(lo) <= r["start"] <= str(hi) for r in rows)


def test_query_person_sources_lists_every_span_naming_the_person(sample_store, sample_graph):
    name = most_active(sample_graph)
    p = person_iri(sample_graph, name)
    kinds = {"event": PROV.agent, "title": ORG.member, "commendation": GKG.awardee}
    expected = {(kind, str(sample_graph.value(span, GKG.line)), str(sample_graph.value(span, OA.start)))
                for kind, prop in kinds.items() for x in sample_graph.subjects(prop, p)
                for span in sample_graph.objects(x, PROV.wasDerivedFrom)}
    rows = run(sample_store, "person_sources", name=name)
    assert {(r["kind"], r["line"], r["start"]) for r in rows} == expected and len(rows) == len(expected)


# ---------------------------------------------------------------- posts and bodies


def attested_membership(g):
    """A membership whose body has a parent body, with dates (the first by IRI)."""
    return min(m for m in g.subjects(RDF.type, ORG.Membership)
               if g.value(m, GKG.firstAttested) is not None
               and g.value(g.value(m, ORG.organization), ORG.subOrganizationOf) not in (None, g.value(m, ORG.organization)))


def test_query_body_officials_include_the_member_of_the_body(sample_store, sample_graph):
    g = sample_graph
    m = attested_membership(g)
    body = g.value(m, ORG.organization)
    expected = (names(g)[g.value(m, ORG.member)], str(g.value(m, GKG.titleText)),
                str(g.value(m, GKG.firstAttested)), str(g.value(m, GKG.lastAttested)))
    for written in labels(g, body):
        rows = run(sample_store, "body_officials", body=written)
        assert expected in {(r["person"], r["title"], r["first"], r["last"]) for r in rows}, written


def test_query_body_officials_of_a_parent_include_its_sub_organisations(sample_store, sample_graph):
    g = sample_graph
    m = attested_membership(g)
    parent = g.value(g.value(m, ORG.organization), ORG.subOrganizationOf)
    rows = run(sample_store, "body_officials", body=label(g, parent))
    units = {label(g, b) for b in below(g, parent)}
    assert (names(g)[g.value(m, ORG.member)], str(g.value(m, GKG.titleText))) in {(r["person"], r["title"]) for r in rows}
    assert {r["unit"] for r in rows} <= units
    assert len(rows) == sum(1 for x in g.subjects(RDF.type, ORG.Membership) if g.value(x, ORG.organization) in below(g, parent))


def test_query_post_holdings_count_attestations_of_every_membership(sample_store, sample_graph):
    g = sample_graph
    expected = Counter((names(g)[g.value(m, ORG.member)], str(g.value(m, GKG.titleText)),
                        str(g.value(m, GKG.firstAttested) or ""), str(g.value(m, GKG.lastAttested) or ""),
                        str(len(set(g.objects(m, GKG.attestedOn)))))
                       for m in g.subjects(RDF.type, ORG.Membership))
    rows = run(sample_store, "post_holdings")
    assert Counter((r["person"], r["title"], r["first"], r["last"], r["attestations"]) for r in rows) == expected


def test_query_post_holdings_date_range_keeps_overlapping_holdings(sample_store, sample_graph):
    g = sample_graph
    lo, hi = spread([d.toPython() for d in g.objects(None, GKG.attestedOn)])
    rows = run(sample_store, "post_holdings", **{"from": lo, "to": hi})
    overlapping = [m for m in g.subjects(RDF.type, ORG.Membership) if g.value(m, GKG.firstAttested) is not None
                   and g.value(m, GKG.lastAttested).toPython() >= lo and g.value(m, GKG.firstAttested).toPython() <= hi]
    assert rows and len(rows) == len(overlapping)
    assert all(r["last"] >= str(lo) and r["first"] <= str(hi) for r in rows)


def test_query_bodies_by_category_lists_each_body_with_its_parents(sample_store, sample_graph):
    g = sample_graph
    bodies = list(g.subjects(RDF.type, ORG.Organization))
    rows = run(sample_store, "bodies_by_category")
    assert len(rows) == sum(max(1, len(set(g.objects(b, ORG.subOrganizationOf)))) for b in bodies)


def test_query_bodies_by_category_filters_one_category(sample_store, sample_graph):
    g = sample_graph
    count = Counter(c for b in g.subjects(RDF.type, ORG.Organization) for c in g.objects(b, ORG.classification))
    category = min(count, key=lambda c: (-count[c], str(c)))
    english = next(str(v) for v in g.objects(category, SKOS.prefLabel) if v.language == "en")
    rows = run(sample_store, "bodies_by_category", category=english)
    assert {r["classification"] for r in rows} == {english}
    assert len({r["body"] for r in rows}) == len({label(g, b) for b in g.subjects(ORG.classification, category)})


def test_query_governed_places_give_each_governed_place_and_its_parent(sample_store, sample_graph):
    g = sample_graph
    expected = Counter((label(g, b), label(g, p), label(g, g.value(p, SCHEMA.containedInPlace))
                        if g.value(p, SCHEMA.containedInPlace) is not None else "")
                       for b, p in g.subject_objects(GKG.governs))
    rows = run(sample_store, "governed_places")
    assert Counter((r["body"], r["place"], r["parent"]) for r in rows) == expected


def test_query_commended_by_unit_pairs_each_commended_person_with_their_unit(sample_store, sample_graph):
    g = sample_graph
    persons = names(g)
    expected = Counter()
    for c in g.subjects(RDF.type, GKG.Commendation):
        p = g.value(c, GKG.awardee)
        if p in persons:
            expected.update((label(g, u), persons[p]) for u in g.objects(p, ORG.memberOf))
            expected.update([("", persons[p])] if g.value(p, ORG.memberOf) is None else [])
    rows = run(sample_store, "commended_by_unit")
    assert rows and Counter((r["unit"], r["person"]) for r in rows) == expected


def test_query_commended_by_unit_of_a_parent_body_covers_its_units(sample_store, sample_graph):
    g = sample_graph
    units = Counter(u for p in g.objects(None, GKG.awardee) for u in g.objects(p, ORG.memberOf))
    parents = Counter(g.value(u, ORG.subOrganizationOf) for u in units if g.value(u, ORG.subOrganizationOf) is not None)
    parent = min(parents, key=lambda b: (-parents[b], str(b)))
    rows = run(sample_store, "commended_by_unit", body=label(g, parent))
    within = {label(g, b) for b in below(g, parent)}
    assert rows and {r["unit"] for r in rows} <= within
    assert len(rows) == sum(n for u, n in units.items() if u in below(g, parent))


# ---------------------------------------------------------------- tasks


def test_query_bodies_leading_tasks_counts_lead_and_support(sample_store, sample_graph):
    g = sample_graph
    top = run(sample_store, "bodies_leading_tasks")[0]
    body = next(b for b in g.subjects(RDF.type, ORG.Organization) if label(g, b) == top["body"])
    assert int(top["lead"]) == len(set(g.subjects(GKG.leadBody, body)))
    assert int(top["support"]) == len(set(g.subjects(GKG.supportBody, body)))


def test_query_body_tasks_give_the_bodys_lead_and_support_tasks(sample_store, sample_graph):
    g = sample_graph
    lead = Counter(g.objects(None, GKG.leadBody))
    body = min(lead, key=lambda b: (-lead[b], str(b)))
    rows = run(sample_store, "body_tasks", body=label(g, body))
    got = Counter(r["role"] for r in rows)
    assert got["lead"] == lead[body] and got["support"] == len(set(g.subjects(GKG.supportBody, body)))
    deadlines = Counter(str(g.value(t, GKG.deadline) or "") for t in g.subjects(GKG.leadBody, body))
    assert Counter(r["deadline"] for r in rows if r["role"] == "lead") == deadlines


# ---------------------------------------------------------------- documents


def numbered_closure(g, prop) -> dict:
    number = {d: str(n) for d, n in g.subject_objects(GKG.docNumber)}
    return {(number[s], number[t]): hops for (s, t), hops in shortest_hops(g, prop).items()
            if s in number and t in number}


def test_query_citation_chains_include_every_direct_citation(sample_store, sample_graph):
    g = sample_graph
    number = {d: str(n) for d, n in g.subject_objects(GKG.docNumber)}
    direct = {(number[s], number[t]) for s, t in g.subject_objects(DCTERMS.references) if s in number and t in number}
    rows = run(sample_store, "citation_chains")
    assert direct and direct <= {(r["number"], r["cited"]) for r in rows if r["direct"] == "true" and r["hops"] == "1"}


def test_query_citation_chains_equal_the_transitive_closure(sample_store, sample_graph):
    rows = run(sample_store, "citation_chains")
    assert {(r["number"], r["cited"]): int(r["hops"]) for r in rows} == numbered_closure(sample_graph, DCTERMS.references)


def test_query_citation_chains_of_one_document(sample_store, sample_graph):
    citing = Counter(n for n, _ in numbered_closure(sample_graph, DCTERMS.references))
    document = min(citing, key=lambda n: (-citing[n], n))
    rows = run(sample_store, "citation_chains", document=document)
    assert len(rows) == citing[document] and {r["number"] for r in rows} == {document}


def test_query_repeal_chains_equal_the_transitive_closure(sample_store, sample_graph):
    rows = run(sample_store, "repeal_chains")
    closure = numbered_closure(sample_graph, GKG.repeals)
    assert closure and {(r["number"], r["repealed"]): int(r["hops"]) for r in rows} == closure


CHAIN = """
<https://example.org/a> <https://w3id.org/gazette-kg/ontology#docNumber> "A" .
<https://example.org/b> <https://w3id.org/gazette-kg/ontology#docNumber> "B" .
<https://example.org/c> <https://w3id.org/gazette-kg/ontology#docNumber> "C" .
<https://example.org/d> <https://w3id.org/gazette-kg/ontology#docNumber> "D" .
<https://example.org/a> <{p}> <https://example.org/b> .
<https://example.org/b> <{p}> <https://example.org/c> .
<https://example.org/c> <{p}> <https://example.org/d> .
<https://example.org/d> <{p}> <https://example.org/b> .
<https://example.org/a> <{p}> <https://example.org/c> .
"""


@pytest.mark.parametrize("name, prop, cited", [("citation_chains", DCTERMS.references, "cited"),
                                                ("repeal_chains", GKG.repeals, "repealed")])
def test_query_chains_count_shortest_hops_through_a_cycle(name, prop, cited):
    store = pyoxigraph.Store()
    store.load(CHAIN.format(p=prop).encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    rows = run(store, name, document="A")
    assert [(r[cited], r["hops"], r["direct"]) for r in rows] == [
        ("B", "1", "true"), ("C", "1", "true"), ("D", "2", "false")]


def test_query_documents_by_issuer_month_count_documents(sample_store, sample_graph):
    g = sample_graph
    attached = set(g.objects(None, DCTERMS.hasPart))
    expected = Counter((label(g, c), str(issued)[:7]) for d, issued in g.subject_objects(DCTERMS.issued)
                       if d not in attached for c in g.objects(d, DCTERMS.creator))
    rows = run(sample_store, "documents_by_issuer_month")
    assert {(r["creator"], r["month"]): int(r["documents"]) for r in rows} == dict(expected)


def test_query_documents_by_issuer_month_filters_by_an_issuers_alt_label(sample_store, sample_graph):
    g = sample_graph
    issuers = Counter(g.objects(None, DCTERMS.creator))
    issuer = min((b for b in issuers if g.value(b, SKOS.altLabel) is not None), key=lambda b: (-issuers[b], str(b)))
    rows = run(sample_store, "documents_by_issuer_month", issuer=min(str(v) for v in g.objects(issuer, SKOS.altLabel)))
    assert rows and {r["creator"] for r in rows} == {label(g, issuer)}


def test_query_documents_mentioning_body_count_documents_per_body(sample_store, sample_graph):
    g = sample_graph
    documents = set(g.subjects(RDF.type, GKG.Document))
    per_body = Counter(b for d, b in g.subject_objects(SCHEMA.mentions) if d in documents)
    rows = run(sample_store, "documents_mentioning_body")
    assert len(rows) == sum(per_body.values())
    assert {r["mentioned"]: int(r["documents"]) for r in rows} == {label(g, b): n for b, n in per_body.items()}


def test_query_documents_mentioning_body_find_an_annotated_mention_in_each(sample_store):
    assert all(int(r["mentions"]) >= 1 for r in run(sample_store, "documents_mentioning_body"))


def test_query_documents_mentioning_body_filters_by_alt_label(sample_store, sample_graph):
    g = sample_graph
    documents = set(g.subjects(RDF.type, GKG.Document))
    per_body = Counter(b for d, b in g.subject_objects(SCHEMA.mentions) if d in documents)
    body = min((b for b in per_body if g.value(b, SKOS.altLabel) is not None), key=lambda b: (-per_body[b], str(b)))
    rows = run(sample_store, "documents_mentioning_body", body=min(str(v) for v in g.objects(body, SKOS.altLabel)))
    assert len(rows) == per_body[body] and {r["mentioned"] for r in rows} == {label(g, body)}


CITING = """榆溪市人民政府公报

2021年第5期

榆溪市人民政府关于加强河道管理的通知

榆政发〔2021〕3号

各县（市、区）人民政府，市直各委、办、局：

一、由市水务局牵头，市生态环境局配合，做好河道巡查。

榆溪市人民政府

2021年3月2日

榆溪市人民政府关于印发河道巡查办法的通知

榆政发〔2021〕9号

各县（市、区）人民政府，市直各委、办、局：

根据《榆溪市人民政府关于加强河道管理的通知》（榆政发〔2021〕3号），现将办法印发给你们，由市水务局负责解释。

榆溪市人民政府

2021年4月2日
"""


def test_query_documents_mentioning_body_count_the_mentions_in_each_documents_own_text(write_gazette):
    """A body named in the title of a document that another cites is counted in the citing
    document, where it is written, not in the cited one (whose provenance includes the citation)."""
    from kg.pipeline import build

    text = CITING
    g = build([write_gazette(text)]).graph
    assert len(set(g.objects(None, GKG.docNumber))) == 2
    store = pyoxigraph.Store()
    store.load(g.serialize(format="nt").encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    body = "榆溪市人民政府"
    titles = sorted((text.index(str(t)), str(n)) for d in g.subjects(RDF.type, GKG.Document)
                    for t in g.objects(d, DCTERMS.title) for n in g.objects(d, GKG.docNumber))
    bounds = [start for start, _ in titles] + [len(text)]
    expected = {number: text.count(body, bounds[k], bounds[k + 1]) for k, (_, number) in enumerate(titles)}
    rows = run(store, "documents_mentioning_body", body=body)
    assert {r["number"]: int(r["mentions"]) for r in rows} == expected
    assert sorted(expected.values()) == [2, 3]


# ---------------------------------------------------------------- events in time and place


def test_query_events_by_place_give_a_row_per_event_and_place(sample_store, sample_graph):
    g = sample_graph
    located = Counter(label(g, p) for e, p in g.subject_objects(SCHEMA.location) if (e, RDF.type, GKG.Event) in g)
    assert Counter(r["location"] for r in run(sample_store, "events_by_place")) == located


def test_query_events_by_place_include_places_within_the_place(sample_store, sample_graph):
    g = sample_graph
    used = set(g.objects(None, SCHEMA.location))
    parents = Counter(g.value(p, SCHEMA.containedInPlace) for p in used if g.value(p, SCHEMA.containedInPlace) is not None)
    place = min(parents, key=lambda p: (-parents[p], str(p)))
    within = below(g, place, SCHEMA.containedInPlace)
    rows = run(sample_store, "events_by_place", place=label(g, place))
    assert len(rows) == sum(1 for _, p in g.subject_objects(SCHEMA.location) if p in within)
    assert {r["location"] for r in rows} <= {label(g, p) for p in within} and len({r["location"] for r in rows}) > 1


def test_query_events_per_month_count_every_event_once(sample_store, sample_graph):
    g = sample_graph
    expected = Counter(str(start(g, e))[:7] for e in g.subjects(RDF.type, GKG.Event))
    rows = run(sample_store, "events_per_month")
    assert {r["month"]: int(r["events"]) for r in rows} == dict(expected)
    assert [r["month"] for r in rows] == sorted(expected)


def test_query_busiest_days_count_events_per_day(sample_store, sample_graph):
    g = sample_graph
    expected = Counter(str(start(g, e)) for e in g.subjects(RDF.type, GKG.Event))
    rows = run(sample_store, "busiest_days")
    assert {r["day"]: int(r["events"]) for r in rows} == dict(expected)
    assert int(rows[0]["events"]) == max(expected.values())


def test_query_busiest_days_min_keeps_days_with_at_least_min(sample_store, sample_graph):
    g = sample_graph
    expected = Counter(str(start(g, e)) for e in g.subjects(RDF.type, GKG.Event))
    least = sorted(set(expected.values()))[len(set(expected.values())) // 2]
    rows = run(sample_store, "busiest_days", min=least)
    assert rows and len(rows) == sum(1 for n in expected.values() if n >= least)
    assert all(int(r["events"]) >= least for r in rows)


# ---------------------------------------------------------------- across issues


def issues_of_persons(g) -> dict:
    """person → the issues whose source file has a span of their taking part, title or commendation."""
    issue_of = {str(f): i for i, f in g.subject_objects(DCTERMS.source) if (i, RDF.type, GKG.GazetteIssue) in g}
    out = defaultdict(set)
    for prop in (PROV.agent, ORG.member, GKG.awardee):
        for x, p in g.subject_objects(prop):
            for span in g.objects(x, PROV.wasDerivedFrom):
                if str(g.value(span, GKG.sourceFile)) in issue_of:
                    out[p].add(issue_of[str(g.value(span, GKG.sourceFile))])
    persons = names(g)
    return {p: issues for p, issues in out.items() if p in persons}


def test_query_persons_across_issues_on_one_issue_counts_one_each(sample_store, sample_graph):
    rows = run(sample_store, "persons_across_issues")
    assert len(rows) == len(issues_of_persons(sample_graph)) and {r["issues"] for r in rows} == {"1"}


def test_query_persons_across_issues_min_two_on_one_issue_is_empty(sample_store):
    cols, rows = run_query(sample_store, load_query_text("persons_across_issues"), {"min": parse_param("min=2")[1]})
    assert cols == columns("persons_across_issues") and rows == []


@pytest.fixture(scope="module")
def series_build(lexicon, repo_root):
    from kg.pipeline import build

    sources = sorted((repo_root / "tests" / "gold" / "sources").glob("invented-series-*.txt"))
    assert len(sources) > 1
    return build(sources, lexicon)


def test_query_persons_across_issues_finds_persons_in_several_issues(series_build):
    from kg.query import to_store

    g = series_build.graph
    persons = names(g)
    expected = Counter(persons[p] for p, issues in issues_of_persons(g).items() if len(issues) >= 2)
    rows = run(to_store(g), "persons_across_issues", min=2)
    assert expected and Counter(r["name"] for r in rows) == expected
    assert all(int(r["issues"]) >= 2 and r["first_issue"] < r["last_issue"] for r in rows)


def test_query_commendations_order_is_total(sample_store):
    """Ordered by name, then affiliation (none first): a person with several affiliations comes
    out in the same order on every run, not in the order a hash join left them."""
    rows = run(sample_store, "commendations")
    keys = [(r["name"], r["affiliation"] or "") for r in rows]
    assert rows and keys == sorted(keys)
