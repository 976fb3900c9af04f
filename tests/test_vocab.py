"""kg.vocab.GKG, the ontology (ontology/*.ttl) and the lexicon tables agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.resources import resource_dir
from kg.vocab import GKG, genre_concept, role_concept

NS = str(GKG._NS)
DECLARED = sorted(GKG.__annotations__)
LEXICON = resource_dir("data") / "lexicon"


def tsv_column(path: Path, column: int) -> list[str]:
    values = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) > column and cells[column].strip():
            values.append(cells[column].strip())
    return values


@pytest.fixture(scope="module")
def gkg_ttl() -> Graph:
    g = Graph()
    g.parse(resource_dir("ontology") / "gkg.ttl", format="turtle")
    return g


@pytest.fixture(scope="module")
def roles_ttl() -> Graph:
    g = Graph()
    g.parse(resource_dir("ontology") / "roles.ttl", format="turtle")
    return g


@pytest.fixture(scope="module")
def genres_ttl() -> Graph:
    g = Graph()
    g.parse(resource_dir("ontology") / "genres.ttl", format="turtle")
    return g


def gkg_terms(graph: Graph) -> set[URIRef]:
    return {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}


@pytest.mark.parametrize("term", DECLARED)
def test_vocab_declared_term_is_defined_in_ontology(ontology_graph, term):
    assert (URIRef(NS + term), RDFS.label, None) in ontology_graph


def test_vocab_ontology_classes_and_properties_are_declared(gkg_ttl):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    defined = {str(s)[len(NS) :] for k in kinds for s in gkg_ttl.subjects(RDF.type, k) if str(s).startswith(NS)}
    assert defined and not defined - set(DECLARED), sorted(defined - set(DECLARED))


def test_vocab_typo_raises():
    with pytest.raises(AttributeError):
        GKG.titelText  # noqa: B018


@pytest.mark.parametrize("role_id", sorted(set(tsv_column(LEXICON / "role_words.tsv", 1))))
def test_vocab_role_id_has_a_concept(roles_ttl, role_id):
    assert (role_concept(role_id), RDF.type, None) in roles_ttl


def test_vocab_every_role_concept_has_a_role_id(roles_ttl):
    ids = set(tsv_column(LEXICON / "role_words.tsv", 1))
    concepts = {str(s)[len(NS + "role-") :] for s in roles_ttl.subjects(RDF.type, None) if str(s).startswith(NS + "role-")}
    assert concepts and not concepts - ids, sorted(concepts - ids)


@pytest.mark.parametrize("genre_id", sorted(set(tsv_column(LEXICON / "doc_genres.tsv", 1))))
def test_vocab_genre_id_has_a_concept(genres_ttl, genre_id):
    assert (genre_concept(genre_id), RDF.type, None) in genres_ttl


@pytest.mark.parametrize("role", sorted({r for combined in tsv_column(LEXICON / "event_roles.tsv", 1) for r in combined.split("+")}))
def test_vocab_event_role_is_a_participation_role(ontology_graph, role):
    assert (URIRef(NS + role), RDF.type, GKG.ParticipationRole) in ontology_graph


@pytest.mark.parametrize("event_type", sorted(set(tsv_column(LEXICON / "event_types.tsv", 1))))
def test_vocab_event_type_is_an_event_type(ontology_graph, event_type):
    assert (URIRef(NS + event_type), RDF.type, GKG.EventType) in ontology_graph


def test_vocab_terms_used_in_sample_graph_are_defined(sample_graph, ontology_graph):
    undefined = sorted(str(t) for t in gkg_terms(sample_graph) if (t, RDFS.label, None) not in ontology_graph)
    assert not undefined, undefined


def test_vocab_terms_used_in_ontology_are_defined(ontology_graph):
    undefined = sorted(str(t) for t in gkg_terms(ontology_graph) if (t, RDFS.label, None) not in ontology_graph)
    assert not undefined, undefined


@pytest.fixture(scope="module")
def defined_terms(ontology_graph) -> list[URIRef]:
    return sorted(t for t in gkg_terms(ontology_graph) if (t, RDF.type, None) in ontology_graph)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_vocab_every_term_has_a_label_in(ontology_graph, defined_terms, lang):
    missing = [str(t) for t in defined_terms if lang not in {o.language for o in ontology_graph.objects(t, RDFS.label)}]
    assert defined_terms and not missing, missing[:10]


def test_vocab_every_term_has_a_comment(ontology_graph, defined_terms):
    missing = [str(t) for t in defined_terms if (t, RDFS.comment, None) not in ontology_graph]
    assert not missing, missing[:10]


@pytest.mark.parametrize("role", sorted(set(tsv_column(LEXICON / "object_markers.tsv", 1))))
def test_vocab_object_marker_role_is_a_participation_role(ontology_graph, role):
    assert (GKG[role], RDF.type, GKG.ParticipationRole) in ontology_graph


def test_vocab_every_role_has_a_rank_in_data_and_ontology(ontology_graph):
    from kg.lexicon import load_lexicon

    lex = load_lexicon()
    roles = {r.role for r in lex.role_words.values()}
    assert roles == set(lex.role_ranks)
    assert all(ontology_graph.value(role_concept(r), GKG.rank) is not None for r in roles)
