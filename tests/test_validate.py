"""SHACL validation against ontology/shapes.ttl."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, XSD

from kg.resources import resource_path
from kg.validate import check_graph, load_shapes
from kg.vocab import GKG, OA, SCHEMA

EX = Namespace("https://w3id.org/gazette-kg/id/test/")


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(resource_path("ontology", "shapes.ttl"))


def minimal_graph() -> Graph:
    """A small graph that satisfies every shape: one event, person, document, membership."""
    g = Graph()
    span, person, event, assoc, doc, member = EX.span, EX.person, EX.event, EX.assoc, EX.doc, EX.membership
    g.add((span, RDF.type, GKG.SourceSpan))
    g.add((span, OA.exact, Literal("1日，市长司马青云主持会议。", lang="zh")))
    g.add((span, OA.start, Literal(0, datatype=XSD.nonNegativeInteger)))
    g.add((span, OA.end, Literal(14, datatype=XSD.nonNegativeInteger)))
    g.add((span, GKG.line, Literal(1, datatype=XSD.integer)))
    g.add((span, GKG.sourceFile, Literal("invented.txt")))
    g.add((person, RDF.type, FOAF.Person))
    g.add((person, FOAF.name, Literal("司马青云", lang="zh")))
    g.add((event, RDF.type, GKG.Event))
    g.add((event, SCHEMA.startDate, Literal("2021-02-01", datatype=XSD.date)))
    g.add((event, SCHEMA.endDate, Literal("2021-02-01", datatype=XSD.date)))
    g.add((event, GKG.eventType, GKG.Meeting))
    g.add((event, SCHEMA.description, Literal("1日，市长司马青云主持会议。", lang="zh")))
    g.add((event, PROV.wasAssociatedWith, person))
    g.add((event, PROV.wasDerivedFrom, span))
    g.add((event, PROV.qualifiedAssociation, assoc))
    g.add((assoc, PROV.agent, person))
    g.add((assoc, PROV.hadRole, GKG.Chair))
    g.add((doc, RDF.type, GKG.Document))
    g.add((doc, GKG.docNumber, Literal("榆政发〔2021〕7号")))
    g.add((doc, PROV.wasDerivedFrom, span))
    g.add((doc, URIRef("http://purl.org/dc/terms/issued"), Literal("2021-03-02", datatype=XSD.date)))
    g.add((member, RDF.type, ORG.Membership))
    g.add((member, ORG.member, person))
    g.add((member, GKG.titleText, Literal("市长", lang="zh")))
    g.add((member, PROV.wasDerivedFrom, span))
    return g


def test_validate_sample_graph_conforms(sample_graph, shapes, ontology_graph):
    violations = check_graph(sample_graph, shapes, ontology_graph)
    assert violations == [], violations[:5]


def test_validate_minimal_graph_conforms(shapes, ontology_graph):
    assert check_graph(minimal_graph(), shapes, ontology_graph) == []


def test_validate_event_without_start_date_is_a_violation(shapes, ontology_graph):
    g = minimal_graph()
    g.remove((EX.event, SCHEMA.startDate, None))
    violations = check_graph(g, shapes, ontology_graph)
    assert [(v.focus, v.path) for v in violations] == [(str(EX.event), str(SCHEMA.startDate))]


BREAKAGES = {
    "event-without-participant": (EX.event, PROV.wasAssociatedWith, None, None),
    "event-without-span": (EX.event, PROV.wasDerivedFrom, None, None),
    "event-date-as-string": (EX.event, SCHEMA.startDate, None, Literal("2021-02-01")),
    "event-unknown-type": (EX.event, GKG.eventType, None, EX.Party),
    "role-not-a-participation-role": (EX.assoc, PROV.hadRole, None, EX.Boss),
    "document-number-with-space": (EX.doc, GKG.docNumber, None, Literal("榆政发〔2021〕7 号")),
    "membership-without-span": (EX.membership, PROV.wasDerivedFrom, None, None),
    "membership-without-title": (EX.membership, GKG.titleText, None, None),
    "span-without-exact": (EX.span, OA.exact, None, None),
    "span-line-not-integer": (EX.span, GKG.line, None, Literal("1")),
    "person-without-name": (EX.person, FOAF.name, None, None),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_validate_broken_graph_has_a_violation(shapes, ontology_graph, case):
    s, p, o, replacement = BREAKAGES[case]
    g = minimal_graph()
    g.remove((s, p, o))
    if replacement is not None:
        g.add((s, p, replacement))
    violations = check_graph(g, shapes, ontology_graph)
    assert any(v.focus == str(s) for v in violations), violations


def test_validate_violations_are_sorted(shapes, ontology_graph):
    g = minimal_graph()
    g.remove((EX.event, SCHEMA.startDate, None))
    g.remove((EX.person, FOAF.name, None))
    violations = check_graph(g, shapes, ontology_graph)
    keys = [(v.focus, v.path, v.message) for v in violations]
    assert len(keys) == 2 and keys == sorted(keys)
