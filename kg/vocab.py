"""The vocabularies the graph uses, as rdflib namespaces.

``GKG`` mirrors ``ontology/*.ttl`` (a test checks both ways); ``_fail = True`` makes a
typo such as ``GKG.titelText`` raise instead of minting a new term.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from kg.ids import RESOURCE_BASE

__all__ = ["GKG", "OA", "SCHEMA", "QB", "ID", "DCTERMS", "FOAF", "ORG", "PROV", "RDF", "RDFS", "SKOS", "XSD", "PREFIXES"]


class GKG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/gazette-kg/ontology#")
    _fail = True
    # classes
    Event: URIRef
    Document: URIRef
    GazetteIssue: URIRef
    Commendation: URIRef
    SourceSpan: URIRef
    EventType: URIRef
    ParticipationRole: URIRef
    DocumentGenre: URIRef
    Task: URIRef
    # properties
    task: URIRef
    rosterOf: URIRef
    mentionIn: URIRef
    attestedOn: URIRef
    possibleHomonymOf: URIRef
    governs: URIRef
    rank: URIRef
    firstAttested: URIRef
    lastAttested: URIRef
    BodyCategoryScheme: URIRef
    post: URIRef
    leadBody: URIRef
    supportBody: URIRef
    deadlineText: URIRef
    deadline: URIRef
    TableStructure: URIRef
    table: URIRef
    rowKey: URIRef
    region: URIRef
    indicator: URIRef
    value: URIRef
    unit: URIRef
    titleText: URIRef
    docNumber: URIRef
    issuerCode: URIRef
    numberYear: URIRef
    serial: URIRef
    genre: URIRef
    addressee: URIRef
    repeals: URIRef
    conferredBy: URIRef
    awardee: URIRef
    honour: URIRef
    eventType: URIRef
    visitedUnit: URIRef
    line: URIRef
    page: URIRef
    sourceFile: URIRef
    rule: URIRef
    issueNumber: URIRef
    totalNumber: URIRef
    issueYear: URIRef
    # roles
    Chair: URIRef
    Lead: URIRef
    Speaker: URIRef
    Accompanying: URIRef
    Attendee: URIRef
    # event types
    Meeting: URIRef
    Inspection: URIRef
    Lecture: URIRef
    Ceremony: URIRef
    Visit: URIRef
    OtherEvent: URIRef
    # schemes
    ParticipationRoleScheme: URIRef
    EventTypeScheme: URIRef
    TitleScheme: URIRef
    GenreScheme: URIRef


class OA(DefinedNamespace):
    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True
    exact: URIRef
    start: URIRef
    end: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    Annotation: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    motivatedBy: URIRef
    identifying: URIRef


SCHEMA = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")
ID = Namespace(RESOURCE_BASE)


def role_concept(role_id: str) -> URIRef:
    """The title-scheme concept for a role id of ``data/lexicon/role_words.tsv``."""
    return URIRef(f"{GKG._NS}role-{role_id}")


def category_concept(category_id: str) -> URIRef:
    """The body-category concept for a category of ``data/lexicon/body_categories.tsv``."""
    return URIRef(f"{GKG._NS}category-{category_id}")


def genre_concept(genre_id: str) -> URIRef:
    """The genre concept for a genre id of ``data/lexicon/doc_genres.tsv``."""
    return URIRef(f"{GKG._NS}genre-{genre_id}")


PREFIXES = {
    "gkg": str(GKG._NS),
    "id": RESOURCE_BASE,
    "foaf": str(FOAF),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "oa": str(OA._NS),
    "xsd": str(XSD),
    "qb": str(QB),
    "rdfs": str(RDFS),
}
