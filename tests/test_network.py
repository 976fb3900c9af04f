"""Networks from the graph: counts equal SPARQL's, filters, metrics, matrices and exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys

import networkx as nx
import pytest

from kg.query import run_query

Q_PAIRS = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX gkg: <https://w3id.org/gazette-kg/ontology#>
SELECT ?a ?b (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a gkg:Event ; prov:wasAssociatedWith ?a , ?b . ?a a foaf:Person . ?b a foaf:Person . FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b"""
Q_PEOPLE = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX gkg: <https://w3id.org/gazette-kg/ontology#>
SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?e a gkg:Event ; prov:wasAssociatedWith ?p . ?p a foaf:Person }"""


@pytest.fixture(scope="module")
def people(sample_store):
    from kg.network import add_metrics, coparticipation

    return add_metrics(coparticipation(sample_store))


def test_network_nodes_and_weights_equal_sparql(sample_store, people):
    _, rows = run_query(sample_store, Q_PAIRS)
    pairs = {(a, b): int(n) for a, b, n in rows}
    assert len(people) == int(run_query(sample_store, Q_PEOPLE)[1][0][0])
    assert people.number_of_edges() == len(pairs)
    assert all(people[a][b]["weight"] == n for (a, b), n in pairs.items())


def test_network_edges_keep_their_events(people):
    a, b, data = max(people.edges(data=True), key=lambda e: (e[2]["weight"], e[0], e[1]))
    assert len(data["events"]) == data["weight"]
    for ev in data["events"]:
        assert set(ev) >= {"date", "type", "roles", "quote", "source"}
        assert people.nodes[a]["label"] in ev["roles"] and people.nodes[b]["label"] in ev["roles"]
        assert ev["source"].rsplit(":", 1)[1].isdigit()


def test_network_kinds_tell_local_officials_from_visitors(people):
    kinds = {d["kind"] for _, d in people.nodes(data=True)}
    assert kinds <= {"official", "official_elsewhere"} and "official" in kinds


def test_network_filters(sample_store, people):
    from kg.network import Filters, coparticipation

    days = sorted({e["date"] for _, _, d in people.edges(data=True) for e in d["events"]})
    mid = dt.date.fromisoformat(days[len(days) // 2])
    early = coparticipation(sample_store, Filters(end=mid))
    assert all(e["date"] <= mid.isoformat() for _, _, d in early.edges(data=True) for e in d["events"])
    assert early.number_of_edges() < people.number_of_edges()
    heavy = coparticipation(sample_store, Filters(min_weight=3))
    assert heavy.number_of_edges() and all(w >= 3 for _, _, w in heavy.edges(data="weight"))
    centre = max(people.nodes, key=lambda n: (people.nodes[n]["weighted_degree"], n))
    ego = coparticipation(sample_store, Filters(ego=people.nodes[centre]["label"], depth=1))
    assert set(ego) == {centre} | set(people[centre])
    chairs = coparticipation(sample_store, Filters(roles=frozenset({"Chair"})))
    assert len(chairs) < len(people)
    meetings = coparticipation(sample_store, Filters(types=frozenset({"Meeting"})))
    assert all(e["type"] == "Meeting" for _, _, d in meetings.edges(data=True) for e in d["events"])
    largest = coparticipation(sample_store, Filters(largest=True))
    assert nx.is_connected(largest)


def test_network_metrics_are_deterministic_and_sampled_when_large(sample_store, people, monkeypatch):
    from kg.network import add_metrics, coparticipation, metrics, nodes_csv

    again = add_metrics(coparticipation(sample_store))
    assert nodes_csv(again) == nodes_csv(people)
    assert people.graph["betweenness"] == "exact"
    monkeypatch.setattr(metrics, "EXACT_LIMIT", 10)
    monkeypatch.setattr(metrics, "SAMPLES", 8)
    sampled = add_metrics(coparticipation(sample_store))
    assert sampled.graph["betweenness"].startswith("estimated from 8")
    assert nodes_csv(add_metrics(coparticipation(sample_store))) == nodes_csv(sampled)


def test_network_other_kinds(sample_store):
    from kg.network import affiliation, citations, duties

    cites = citations(sample_store)
    _, rows = run_query(sample_store, "SELECT (COUNT(*) AS ?n) WHERE { { ?a <http://purl.org/dc/terms/references> ?b } UNION "
                                      "{ ?a <https://w3id.org/gazette-kg/ontology#repeals> ?b } }")
    assert cites.is_directed() and cites.number_of_edges() <= int(rows[0][0]) and cites.number_of_edges() > 0
    bip = affiliation(sample_store)
    assert nx.is_bipartite(bip) and {d["kind"] for _, d in bip.nodes(data=True)} == {"official", "body"}
    persons = affiliation(sample_store, project="persons")
    assert all(d["kind"] == "official" for _, d in persons.nodes(data=True))
    tasks = duties(sample_store)
    assert nx.is_bipartite(tasks) and tasks.number_of_edges() > 0


def test_network_matrices(people):
    from kg.network import coappearance, incidence

    rows = list(csv.reader(io.StringIO(incidence(people).decode("utf-8"))))
    assert len(rows) - 1 == len(people)
    assert sum(int(c) for r in rows[1:] for c in r[1:]) == sum(d["events"] for _, d in people.nodes(data=True))
    mats = coappearance(people, "month")
    long = list(csv.DictReader(io.StringIO(mats["long"].decode("utf-8"))))
    assert sum(int(r["weight"]) for r in long) == sum(w for _, _, w in people.edges(data="weight"))
    weighted = coappearance(people, "year", {"Meeting": 2.0})
    total = sum(float(r["weight"]) for r in csv.DictReader(io.StringIO(weighted["long"].decode("utf-8"))))
    meetings = sum(1 for _, _, d in people.edges(data=True) for e in d["events"] if e["type"] == "Meeting")
    assert total == 2.0 * meetings


def test_network_exports_read_back(people, tmp_path):
    from kg.network import edges_csv, gexf_bytes, graphml_bytes

    (tmp_path / "g.gexf").write_bytes(gexf_bytes(people))
    assert b'mode="dynamic"' in gexf_bytes(people) and b"spells" in gexf_bytes(people)
    assert len(nx.read_gexf(tmp_path / "g.gexf")) == len(people)
    (tmp_path / "g.graphml").write_bytes(graphml_bytes(people))
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_edges() == people.number_of_edges()
    assert len(edges_csv(people).decode("utf-8").splitlines()) == people.number_of_edges() + 1
    assert gexf_bytes(people) == gexf_bytes(people)


def test_network_command_prints_leaders_and_writes_files(sample_store_dir_cli, tmp_path):
    run = subprocess.run([sys.executable, "-m", "kg", "network", str(sample_store_dir_cli), "--top", "3",
                          "--out", str(tmp_path / "net"), "--gexf", str(tmp_path / "g.gexf"),
                          "--matrix", str(tmp_path / "m")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "pagerank:" in run.stdout and "communities" in run.stdout
    assert (tmp_path / "net" / "nodes.csv").is_file() and (tmp_path / "m" / "person-event.csv").is_file()
    bad = subprocess.run([sys.executable, "-m", "kg", "network", str(sample_store_dir_cli), "--ego", "无此人"],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def sample_store_dir_cli(tmp_path_factory, sample_path):
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("net") / "q.store"
    build([sample_path], store=folder)
    return folder
