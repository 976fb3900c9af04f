"""The Python API (three lines to rows) and kg export (RDF with a graph per issue, CSV tables)."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

SERIES = Path(__file__).parent / "gold" / "sources"


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_path):
    folder = tmp_path_factory.mktemp("api")
    run = kg("build", str(sample_path), "--output", str(folder / "q.ttl"))
    assert run.returncode == 0, run.stderr
    return folder


def test_api_three_lines_give_rows_as_dicts_of_python_values(built):
    from kg.api import open_graph

    kg_graph = open_graph(built / "q.store")
    rows = kg_graph.query("who_met_whom_between", min=2)
    assert rows and {"a", "b", "events"} <= set(rows[0])
    assert all(isinstance(r["events"], int) and r["events"] >= 2 for r in rows)
    assert isinstance(rows[0]["first"], dt.date)


def test_api_graph_file_store_and_texts_answer_alike(built, sample_path):
    from kg.api import open_graph

    counts = [len(open_graph(src).query("events")) for src in (built / "q.store", built / "q.ttl", [sample_path])]
    assert counts[0] == counts[1] == counts[2] > 0


def test_api_parameters_are_terms_not_text(built):
    from kg.api import open_graph

    g = open_graph(built / "q.store")
    assert g.query("person_timeline", name='x" } ; DROP ALL ; { "') == []
    assert g.query("ASK { ?s ?p ?o }") == [{"answer": True}]


def test_api_frame_needs_pandas_or_says_so(built):
    from kg.api import open_graph
    from kg.errors import UsageError

    g = open_graph(built / "q.store")
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(UsageError, match="pandas"):
            g.frame("events")
    else:
        assert len(g.frame("events")) == len(g.query("events"))


def test_export_from_the_store_equals_the_built_file(built):
    run = kg("export", str(built / "q.store"), "--output", str(built / "again.ttl"))
    assert run.returncode == 0, run.stderr
    assert (built / "again.ttl").read_bytes() == (built / "q.ttl").read_bytes()


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_export_keeps_a_named_graph_per_issue(tmp_path, fmt):
    import pyoxigraph as ox

    paths = [SERIES / f"invented-series-{n}.txt" for n in (1, 2, 3)]
    assert kg("build", *map(str, paths), "--store", str(tmp_path / "s")).returncode == 0
    out = tmp_path / f"all.{'trig' if fmt == 'trig' else 'nq'}"
    run = kg("export", str(tmp_path / "s"), "--output", str(out))
    assert run.returncode == 0, run.stderr
    graphs = {q.graph_name.value for q in ox.parse(path=str(out), format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS)}
    assert len([g for g in graphs if "/graph/issue/" in g]) == 3
    again = tmp_path / f"again.{out.suffix}"
    kg("export", str(tmp_path / "s"), "--output", str(again))
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_export_jsonld_has_a_context(built):
    import json

    assert kg("export", str(built / "q.store"), "--output", str(built / "q.jsonld")).returncode == 0
    data = json.loads((built / "q.jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["foaf"] == "http://xmlns.com/foaf/0.1/"


def test_export_csv_tables_match_sparql_counts(built):
    from kg.api import open_graph

    run = kg("export", str(built / "q.store"), "--csv", str(built / "tables"))
    assert run.returncode == 0, run.stderr
    names = {p.stem for p in (built / "tables").glob("*.csv")}
    assert names == {"people", "bodies", "posts", "events", "participations", "documents", "citations", "duties"}
    g = open_graph(built / "q.store")

    def rows(name: str) -> list[dict[str, str]]:
        with open(built / "tables" / f"{name}.csv", encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    n_people = g.query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> }")[0]["n"]
    n_events = g.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a <https://w3id.org/gazette-kg/ontology#Event> }")[0]["n"]
    assert len(rows("people")) == n_people and len(rows("events")) == n_events
    participations = rows("participations")
    assert participations and {p["role"] for p in participations} <= {"Chair", "Lead", "Speaker", "Accompanying", "Attendee"}


def test_export_needs_something_to_write(built):
    run = kg("export", str(built / "q.store"))
    assert run.returncode == 2 and "nothing to write" in run.stderr
