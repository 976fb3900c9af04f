"""The built sample graph answers the graph contract and is well-formed RDF 1.1."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS, XSD

from kg.query import run_query
from kg.resources import resource_dir
from kg.vocab import GKG, OA

CONTRACT_DIR = Path(__file__).resolve().parents[2] / "shared" / "contract" / "queries"
CONTRACT_QUERIES = sorted(p.name for p in CONTRACT_DIR.glob("*.rq")) if CONTRACT_DIR.is_dir() else ["absent.rq"]
PROJECT_QUERIES = sorted(p.name for p in resource_dir("queries").glob("*.rq"))
MUST_BE_EMPTY = {"provenance_gaps.rq"}
CJK = re.compile(r"[\u3400-\u9fff]")


def solutions(store: pyoxigraph.Store, text: str) -> tuple[list[str], list]:
    result = store.query(text)
    return [v.value for v in result.variables], list(result)


@pytest.mark.parametrize("name", CONTRACT_QUERIES)
def test_graph_contract_query_answers_on_sample(shared_contract, sample_store, name):
    _, rows = solutions(sample_store, (shared_contract / name).read_text(encoding="utf-8"))
    if name in MUST_BE_EMPTY:
        assert rows == [], f"{name} must be empty, got {[str(r) for r in rows[:5]]}"
    else:
        assert len(rows) >= 1, f"{name} returned no rows on the sample"


@pytest.mark.parametrize("name", CONTRACT_QUERIES)
def test_graph_contract_query_is_in_project_library(shared_contract, name):
    assert (shared_contract / name).is_file() and name in PROJECT_QUERIES


MOST_ACTIVE = """PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?name (COUNT(?e) AS ?n) WHERE { ?e prov:wasAssociatedWith ?p . ?p foaf:name ?name }
GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1"""


@pytest.mark.parametrize("name", PROJECT_QUERIES)
def test_graph_project_query_runs_on_sample(sample_store, name):
    text = (resource_dir("queries") / name).read_text(encoding="utf-8")
    params = {}
    if "# parameters: ?name" in text:  # bind the sample's most active participant
        params["name"] = run_query(sample_store, MOST_ACTIVE)[1][0][0]
    columns, rows = run_query(sample_store, text, params)
    assert columns
    if name in MUST_BE_EMPTY:
        assert rows == []
    else:
        assert rows, f"{name} returned no rows on the sample"


def test_graph_turtle_parses_to_same_triple_count_in_oxigraph(sample_graph, sample_store):
    assert len(sample_store) == len(sample_graph)


def test_graph_has_no_blank_nodes(sample_graph):
    assert not [t for triple in sample_graph for t in triple if isinstance(t, BNode)]


def test_graph_iris_are_ascii(sample_graph):
    bad = {str(t) for triple in sample_graph for t in triple if isinstance(t, URIRef) and not str(t).isascii()}
    assert not bad, sorted(bad)[:5]


def test_graph_no_literal_typed_xsd_string(sample_graph):
    bad = [o for o in sample_graph.objects() if isinstance(o, Literal) and o.datatype == XSD.string]
    assert not bad, bad[:5]


def test_graph_language_tags_are_lower_case(sample_graph):
    tags = {o.language for o in sample_graph.objects() if isinstance(o, Literal) and o.language}
    assert tags and all(tag == tag.lower() for tag in tags), tags


@pytest.mark.parametrize("prop", [FOAF.name, SKOS.prefLabel, SKOS.altLabel, GKG.titleText, DCTERMS.title, OA.exact])
def test_graph_chinese_literals_are_tagged_zh(sample_graph, prop):
    values = list(sample_graph.objects(None, prop))
    untagged = [str(o) for o in values if CJK.search(str(o)) and getattr(o, "language", None) != "zh"]
    assert values and not untagged, untagged[:5]


def test_graph_dates_are_xsd_date(sample_store):
    _, rows = solutions(
        sample_store,
        """PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?d WHERE { { ?e schema:startDate ?d } UNION { ?e schema:endDate ?d } UNION { ?x dcterms:issued ?d } }""",
    )
    datatypes = {row["d"].datatype.value for row in rows}
    assert datatypes == {str(XSD.date)}


def test_graph_spans_quote_the_decoded_source(sample_build):
    """oa:exact is the source text between oa:start and oa:end, on line gkg:line."""
    source = sample_build.extractions[0].issue.source
    g = sample_build.graph
    spans = list(g.subjects(GKG.sourceFile, Literal(source.name)))
    wrong = []
    for span in spans:
        start, end = int(g.value(span, OA.start)), int(g.value(span, OA.end))
        exact, line = str(g.value(span, OA.exact)), int(g.value(span, GKG.line))
        if source.text[start:end] != exact or source.line_of(start) != line:
            wrong.append((start, end, exact[:20], line))
    assert spans and not wrong, wrong[:5]


def test_graph_output_is_deterministic_in_process(sample_graph):
    from kg.export import serialize

    assert serialize(sample_graph, "nt") == serialize(sample_graph, "nt")


# ---------------------------------------------------------------- an invented issue

INVENTED = """榆川市人民政府公报

2021年第3期

榆川市人民政府办公室关于表彰2020年度农业工作先进个人的通知

榆政办发〔2021〕15号

各县（市、区）人民政府，市直有关单位：

经研究，决定对欧阳春晓等2名同志予以表彰。《榆川市农业工作表彰办法》（榆政办发〔2016〕4号）同时废止。

榆川市人民政府办公室

2021年3月9日

先进个人名单

欧阳春晓\t柳河县农业农村局\t上官明月\t榆川市气象局

大事记

2月份

1日，市长司马青云主持召开市政府常务会议，副市长欧阳春晓出席会议并讲话。

8日，市委书记诸葛长风到柳河县石门乡调研，副市长慕容秋实陪同调研。
"""

PREFIXES = """PREFIX gkg: <https://w3id.org/gazette-kg/ontology#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="module")
def invented_store(tmp_path_factory, lexicon):
    from kg.export import serialize
    from kg.pipeline import build

    path = tmp_path_factory.mktemp("graph") / "yuchuan-2021-03.txt"
    path.write_text(INVENTED, encoding="utf-8")
    store = pyoxigraph.Store()
    store.load(serialize(build([path], lexicon).graph, "turtle"), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def test_graph_participation_roles_are_gkg_concepts(invented_store):
    _, rows = solutions(
        invented_store,
        PREFIXES + "SELECT ?name ?role WHERE { ?e a gkg:Event ; prov:qualifiedAssociation ?a . "
        "?a prov:agent ?p ; prov:hadRole ?role . ?p foaf:name ?name }",
    )
    got = sorted((row["name"].value, row["role"].value.rsplit("#", 1)[1]) for row in rows)
    assert got == [
        ("司马青云", "Chair"),
        ("慕容秋实", "Accompanying"),
        ("欧阳春晓", "Attendee"),
        ("欧阳春晓", "Speaker"),
        ("诸葛长风", "Lead"),
    ]


def test_graph_commended_person_member_of_affiliation(invented_store):
    _, rows = solutions(
        invented_store,
        PREFIXES + "SELECT ?name ?unit WHERE { ?c a gkg:Commendation ; gkg:awardee ?p . "
        "?p foaf:name ?name ; org:memberOf/skos:prefLabel ?unit }",
    )
    assert sorted((r["name"].value, r["unit"].value) for r in rows) == [
        ("上官明月", "榆川市气象局"),
        ("欧阳春晓", "柳河县农业农村局"),
    ]


def test_graph_repealed_document_is_cited_with_title(invented_store):
    _, rows = solutions(
        invented_store,
        PREFIXES + "SELECT ?n ?t WHERE { ?d gkg:docNumber ?m ; gkg:repeals ?o . ?o gkg:docNumber ?n ; dcterms:title ?t }",
    )
    assert [(r["n"].value, r["t"].value) for r in rows] == [("榆政办发〔2016〕4号", "榆川市农业工作表彰办法")]


def test_graph_place_contained_in_county(invented_store):
    _, rows = solutions(
        invented_store,
        PREFIXES + "SELECT ?inner ?outer WHERE { ?e schema:location ?p . ?p skos:prefLabel ?inner ; "
        "schema:containedInPlace/skos:prefLabel ?outer }",
    )
    assert [(r["inner"].value, r["outer"].value) for r in rows] == [("石门乡", "柳河县")]


def test_graph_same_file_name_in_two_folders_keeps_events_apart(tmp_path, lexicon):
    from kg.pipeline import build
    from kg.vocab import RDF

    for folder, city, name in (("a", "榆川市", "欧阳春晓"), ("b", "松川市", "司马青云")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "issue.txt").write_text(
            f"{city}人民政府公报\n\n2021年第3期\n\n大事记\n\n2月份\n\n1日，副市长{name}到柳河县调研。\n", encoding="utf-8"
        )
    graph = build([tmp_path / "a", tmp_path / "b"], lexicon).graph
    assert len(set(graph.subjects(RDF.type, GKG.Event))) == 2


def test_graph_bodies_in_documents_and_chronicle_share_iris(tmp_path, lexicon):
    """A body named in a document and in the chronicle is one node."""
    from kg.pipeline import build
    from kg.vocab import GKG, ORG, PROV, RDF

    text = """榆溪市人民政府公报

2021年第3期

榆溪市人民政府关于做好防汛工作的通知

榆政发〔2021〕8号

市水务局：

请做好防汛工作。

榆溪市人民政府

2021年3月2日

大事记

3月份

5日，市水务局召开防汛工作会议。副市长柏青出席会议。
"""
    path = tmp_path / "g.txt"
    path.write_text(text, encoding="utf-8")
    g = build([path], lexicon).graph
    addressees = set(g.objects(None, GKG.addressee))
    participants = {o for o in g.objects(None, PROV.wasAssociatedWith) if (o, RDF.type, ORG.Organization) in g}
    assert addressees and addressees == participants


def test_graph_issue_has_number_year_total_publisher_and_editor(sample_graph):
    from rdflib.namespace import DCTERMS

    from kg.vocab import GKG, RDF, SCHEMA

    (issue,) = sample_graph.subjects(RDF.type, GKG.GazetteIssue)
    for p in (GKG.issueNumber, GKG.issueYear, GKG.totalNumber, DCTERMS.publisher, SCHEMA.editor):
        assert sample_graph.value(issue, p) is not None, p
