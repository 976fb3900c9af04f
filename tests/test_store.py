"""The persistent store: named graphs per issue, incremental rebuilds, one writer, atomic
commits; and kg query on it (parameters, result formats, errors, updates, time limit)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

SERIES = Path(__file__).parent / "gold" / "sources"


def kg(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def count(store: ox.Store) -> int:
    from kg.query import dataset

    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **dataset(store))))["n"].value)


@pytest.fixture
def two_issues(tmp_path):
    paths = []
    for n in (1, 2):
        p = tmp_path / f"issue-{n}.txt"
        shutil.copy(SERIES / f"invented-series-{n}.txt", p)
        paths.append(p)
    return paths


def test_store_holds_a_named_graph_per_issue_and_counts_each_triple_once(tmp_path, two_issues):
    from kg.graph import ENTITIES_GRAPH, VOCABULARY_GRAPH
    from kg.pipeline import build
    from kg.store import data_graphs, open_store

    result = build(two_issues, store=tmp_path / "s")
    store = open_store(tmp_path / "s")
    names = {g.value for g in data_graphs(store)}
    issues = {n for n in names if "/graph/issue/" in n}
    assert len(issues) == 2 and {ENTITIES_GRAPH, VOCABULARY_GRAPH} <= names
    assert count(store) == len(result.graph)  # the union of the named graphs is the whole graph


def test_store_adding_an_issue_keeps_the_other_and_joins_persons_across_them(tmp_path, two_issues):
    """Built one at a time into a store, the two issues give the same graph as built together."""
    from kg.pipeline import build
    from kg.store import open_store

    build([two_issues[0]], store=tmp_path / "s")
    second = build([two_issues[1]], store=tmp_path / "s")
    together = build(two_issues)
    assert len(second.extractions) == 2
    assert second.graph.isomorphic(together.graph) if hasattr(second.graph, "isomorphic") else len(second.graph) == len(together.graph)
    assert count(open_store(tmp_path / "s")) == len(together.graph)


def test_store_rebuild_rewrites_only_what_changed(tmp_path, two_issues):
    from kg.pipeline import build
    from kg.store import stored_hashes

    build(two_issues, store=tmp_path / "s")
    before = stored_hashes(tmp_path / "s")
    assert build(two_issues, store=tmp_path / "s").written == []  # nothing changed: nothing written
    text = two_issues[1].read_text(encoding="utf-8")
    assert "会议" in text
    two_issues[1].write_text(text.replace("会议", "专题会议", 1), encoding="utf-8")
    written = build([two_issues[1]], store=tmp_path / "s").written
    after = stored_hashes(tmp_path / "s")
    issue_graphs = [g for g in before if "/graph/issue/" in g]
    untouched = [g for g in issue_graphs if before[g] == after.get(g)]
    assert len(untouched) == 1 and untouched[0] not in written  # the other issue's graph stayed as it was


def test_store_given_as_a_relative_path_keeps_its_issues_when_one_is_added(tmp_path, two_issues):
    """kg build --store st (a path relative to the working folder), twice: the second build
    adds its issue to the first one's. (The leftovers of killed builds were once told from the
    live database by comparing a relative path with the link's absolute target, and the live
    database was removed.)"""
    from kg.store import graph_sources, is_store

    first = kg("build", str(two_issues[0]), "--store", "st", "-q", "-j", "1", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = kg("build", str(two_issues[1]), "--store", "st", "-q", "-j", "1", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert is_store(tmp_path / "st")
    assert sorted(f for f, _ in graph_sources(tmp_path / "st").values()) == sorted(p.name for p in two_issues)
    assert count(ox.Store.read_only(str((tmp_path / "st" / "oxigraph").resolve()))) > 0


def test_store_a_file_given_again_replaces_its_issue_even_as_another_issue(tmp_path, two_issues):
    """The second file, corrected to another issue number (another issue's graph) and built
    again under its name, replaces its old issue: the store holds two issues, not three (it
    once failed with a KeyError, two graphs claiming one file)."""
    from kg.pipeline import build
    from kg.store import graph_sources

    build(two_issues, store=tmp_path / "s")
    before = graph_sources(tmp_path / "s")
    text = two_issues[1].read_text(encoding="utf-8")
    assert "年第4期" in text
    two_issues[1].write_text(text.replace("年第4期", "年第5期", 1), encoding="utf-8")
    result = build([two_issues[1]], store=tmp_path / "s")
    after = graph_sources(tmp_path / "s")
    assert sorted(f for f, _ in after.values()) == sorted(p.name for p in two_issues)
    assert set(after) != set(before) and len(set(after) & set(before)) == 1
    assert result.summary()["issues"] == 2


def test_store_compacts_once_the_changes_since_the_last_compaction_reach_a_share_of_it(tmp_path, two_issues, monkeypatch):
    """A first build compacts its database; a rebuild that changes little does not (adding one
    issue to a thousand would wait for a compaction of them all), but its changes are counted
    in the meta file until they reach a share of the store, and then it compacts."""
    import math

    from kg import store as store_module
    from kg.pipeline import build
    from kg.store import read_meta, store_size

    folder = tmp_path / "s"

    def uncompacted() -> int:
        return json.loads((folder / "oxigraph").resolve().with_suffix(".json").read_text(encoding="utf-8"))["uncompacted"]

    build(two_issues, store=folder)
    assert uncompacted() == 0
    size, quads = store_size(read_meta(folder)), count(ox.Store.read_only(str((folder / "oxigraph").resolve())))
    assert size == quads > 0
    def rebuild() -> None:  # nothing new, but the entities' kept lines gone: that graph is taken out and loaded again
        for kept in (folder / "graphs").glob("entities-*"):
            kept.unlink()
        build(two_issues, store=folder)

    monkeypatch.setattr(store_module, "COMPACT_SHARE", 1)  # compact when the changes reach the store's size
    rebuild()
    step = uncompacted()
    assert 0 < step < size
    builds = 1
    while uncompacted():
        rebuild()
        builds += 1
        assert builds < 50
    assert builds == math.ceil(size / step)
    assert count(ox.Store.read_only(str((folder / "oxigraph").resolve()))) == quads


def test_store_encoded_lines_parse_back_to_the_same_terms():
    """Issue graphs travel from the workers as N-Triples lines made from rdflib terms; every
    character a literal may hold must come back from Oxigraph as it went in."""
    from rdflib import Graph, Literal, URIRef

    from kg.store.lines import encode
    from kg.vocab import XSD

    s, p = URIRef("https://w3id.org/gazette-kg/id/span/0"), URIRef("https://w3id.org/gazette-kg/ontology#x")
    objects = [Literal('引"号\\反斜\n换行\r回车\t制表\u2028行分隔\u0000零', lang="zh"), Literal("plain"),
               Literal("12", datatype=XSD.integer), Literal("qian duo", lang="zh-latn-pinyin"),
               URIRef("https://w3id.org/gazette-kg/id/person/1")]
    enc = encode({(s, p, o) for o in objects})
    assert not enc.shared and len(enc.local) == len(objects)  # a span is an issue's own
    back = {t.object for line in (line for _, line in enc.local) for t in ox.parse(line, format=ox.RdfFormat.N_TRIPLES)}
    reference = Graph()  # rdflib's own N-Triples, read by Oxigraph
    for o in objects:
        reference.add((s, p, o))
    nt = reference.serialize(format="nt", encoding="utf-8")
    assert back == {t.object for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)}
    assert len({d for d, _ in enc.local}) == len(objects)


def test_store_lines_taken_out_of_loaded_graphs_wait_and_go_together(tmp_path):
    """A line discarded after its graph was loaded is taken out at the end, with every kind of
    term (quotes, backslashes, line breaks, languages, datatypes); one still waiting to be
    loaded is simply not loaded; the other lines stay."""
    from rdflib import Literal, URIRef

    from kg.store.batch import Batch
    from kg.store.lines import encode

    store = ox.Store(str(tmp_path / "db"))
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    objects = [Literal('他说"好"\\路\n第二行'), Literal("甲", lang="zh"), Literal("7", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
               URIRef("https://example.org/o"), Literal("\t\u0001")]
    lines = encode([(s, p, o) for o in objects]).shared + encode([(s, p, Literal("乙"))]).shared
    batch = Batch(store, size=2)
    batch.removal_chunk = 2  # the removals in several transactions
    batch.add("https://example.org/g1", lines)  # loaded at once: the batch holds two lines
    batch.add("https://example.org/g2", lines[:1])
    assert batch.pending  # waits
    for d, line in lines[:-1]:
        batch.discard("https://example.org/g1", d, line)
    batch.discard("https://example.org/g2", *lines[0])
    assert len(store) == len(lines)  # nothing taken out before the end
    batch.close()
    left = list(store)
    assert len(left) == 1 and left[0].graph_name == ox.NamedNode("https://example.org/g1")
    assert left[0].object == ox.Literal("乙")


def test_store_a_build_that_fails_before_commit_leaves_the_store_as_it_was(tmp_path, two_issues):
    from kg.pipeline import build
    from kg.store import open_store, writing

    build([two_issues[0]], store=tmp_path / "s")
    before = count(open_store(tmp_path / "s"))
    with pytest.raises(RuntimeError):
        with writing(tmp_path / "s") as w:
            w.store.update("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
            raise RuntimeError("killed before commit")
    assert count(open_store(tmp_path / "s")) == before
    live = (tmp_path / "s" / "oxigraph").resolve().name
    assert sorted(p.name for p in (tmp_path / "s").glob("db-*")) == [live, live + ".json"]


def test_store_a_second_writer_is_refused_with_one_line(tmp_path, two_issues):
    from kg.store import writing

    with writing(tmp_path / "s") as _:
        run = kg("build", str(two_issues[0]), "--store", str(tmp_path / "s"))
    assert run.returncode == 2 and "another kg build is writing" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_store_a_damaged_store_is_reported_clearly(tmp_path, two_issues):
    from kg.pipeline import build

    build([two_issues[0]], store=tmp_path / "s")
    db = (tmp_path / "s" / "oxigraph").resolve()
    for f in db.iterdir():
        if f.is_file():
            f.write_bytes(b"\0garbage")
    run = kg("query", str(tmp_path / "s"), "events")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "store" in run.stderr and len(run.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def sample_store_dir(tmp_path_factory, sample_path):
    folder = tmp_path_factory.mktemp("store")
    run = kg("build", str(sample_path), "--output", str(folder / "q.ttl"))
    assert run.returncode == 0, run.stderr
    assert (folder / "q.store").is_dir() and "q.store" in run.stderr
    return folder / "q.store"


def test_query_param_is_bound_as_a_term(sample_store_dir):
    run = kg("query", str(sample_store_dir), "SELECT ?min (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/gazette-kg/ontology#Event> } GROUP BY ?min",
             "--param", "min=3", "--results", "json")
    assert run.returncode == 0, run.stderr
    row = json.loads(run.stdout)["results"]["bindings"][0]
    assert row["min"] == {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3"}


@pytest.mark.parametrize("hostile", ['x" } ; DROP ALL ; { "', "a\nb", "<http://evil>", "} UNION { ?s ?p ?o"])
def test_query_param_never_changes_the_query(sample_store_dir, hostile):
    from kg.store import open_store

    before = count(open_store(sample_store_dir))
    q = "SELECT ?name ?x WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?x FILTER(STR(?x) = STR(?name)) }"
    run = kg("query", str(sample_store_dir), q, "--param", f"name={hostile}", "--results", "csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["name,x"]  # matched nothing, ran nothing else
    assert count(open_store(sample_store_dir)) == before


@pytest.mark.parametrize(("fmt", "marker"), [("table", "rows)"), ("markdown", "|---|"), ("csv", "a,b,events"),
                                             ("tsv", "?a\t?b\t?events"), ("json", '"vars"'), ("xml", "<sparql")])
def test_query_results_formats(sample_store_dir, fmt, marker):
    run = kg("query", str(sample_store_dir), "who_met_whom", "--results", fmt)
    assert run.returncode == 0 and marker in run.stdout, run.stderr


def test_query_syntax_error_names_line_and_column(sample_store_dir):
    run = kg("query", str(sample_store_dir), "SELECT ?s\nWHERE {\n  ?s ?p\n}")
    assert run.returncode == 2 and "line 4, column" in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_query_is_read_only_unless_update(sample_store_dir, tmp_path):
    store = tmp_path / "copy.store"
    shutil.copytree(sample_store_dir, store, symlinks=True)
    run = kg("query", str(store), "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert run.returncode == 2 and "--update" in run.stderr
    note = 'INSERT DATA { <https://example.org/n> <http://www.w3.org/2000/01/rdf-schema#comment> "checked by hand" }'
    assert kg("query", str(store), note, "--update").returncode == 0
    again = kg("query", str(store), "SELECT ?c WHERE { <https://example.org/n> ?p ?c }", "--results", "csv")
    assert "checked by hand" in again.stdout
    assert kg("query", "/nonexistent.ttl", note, "--update").returncode == 2


def test_store_an_update_to_its_named_graphs_is_undone_by_the_next_build(tmp_path, two_issues):
    """A build leaves graphs in place whose lines it trusts to be those it wrote (the meta's
    hashes, the entities' kept lines). An update that reaches the named graphs breaks that
    trust, so the next build writes them whole: the store is again what the files say, and a
    note the update put in the default graph stays."""
    from kg.pipeline import build
    from kg.store import open_store

    def quads() -> set[str]:
        return {str(q) for q in open_store(tmp_path / "s")}

    build(two_issues, store=tmp_path / "s", whole=False)
    built = quads()
    label = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
    note = '<https://example.org/n> <http://www.w3.org/2000/01/rdf-schema#comment> "with GRAPH, checked by hand"'
    run = kg("query", str(tmp_path / "s"), f"INSERT DATA {{ {note} }} ; DELETE WHERE {{ GRAPH ?g {{ ?s {label} ?o }} }}", "--update")
    assert run.returncode == 0, run.stderr
    changed = quads()
    assert not any(label in q for q in changed) and len(changed - built) == 1
    build(two_issues, store=tmp_path / "s", whole=False)
    assert quads() - built == changed - built and built <= quads()


def test_query_time_limit_stops_a_runaway_query(sample_store_dir):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    run = kg("query", str(sample_store_dir), slow, "--timeout", "1", timeout=60)
    assert run.returncode == 2 and "did not finish within 1 s" in run.stderr


def test_query_graph_file_and_store_agree(sample_store_dir):
    from_store = kg("query", str(sample_store_dir), "events", "--results", "csv")
    from_file = kg("query", str(sample_store_dir.with_suffix(".ttl")), "events", "--results", "csv")
    assert from_store.returncode == from_file.returncode == 0
    assert from_store.stdout == from_file.stdout
