"""kg serve: a real HTTP client talks to the endpoint — start, query, stop."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

Q_NAMES = "SELECT ?n WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n FILTER(lang(?n) = 'zh') } ORDER BY ?n LIMIT 5"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, sample_path):
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("serve") / "q.store"
    build([sample_path], store=folder)
    return folder


@pytest.fixture(scope="module")
def endpoint(store_dir):
    from kg.serve import make_endpoint

    server = make_endpoint(store_dir, port=0, workers=2, timeout=3, max_bytes=2_000_000)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def test_serve_get_returns_sparql_json(endpoint):
    status, kind, body = fetch(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": Q_NAMES}))
    assert status == 200 and kind.startswith("application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == 5 and all(r["n"]["xml:lang"] == "zh" for r in rows)


@pytest.mark.parametrize(("accept", "kind", "marker"), [
    ("text/csv", "text/csv", b"n\r\n"), ("text/tab-separated-values", "text/tab-separated-values", b"?n\n"),
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
    ("application/sparql-results+json", "application/sparql-results+json", b'"bindings"')])
def test_serve_post_negotiates_the_results_format(endpoint, accept, kind, marker):
    status, got, body = fetch(f"{endpoint}/sparql", Q_NAMES.encode(), {"Content-Type": "application/sparql-query", "Accept": accept})
    assert status == 200 and got.startswith(kind) and body.startswith(marker) or marker in body


def test_serve_post_form_and_construct_as_turtle(endpoint):
    q = "CONSTRUCT { ?p <http://xmlns.com/foaf/0.1/name> ?n } WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n } LIMIT 3"
    status, kind, body = fetch(f"{endpoint}/sparql", urllib.parse.urlencode({"query": q}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/turtle"})
    assert status == 200 and kind.startswith("text/turtle") and body.count(b"xmlns.com/foaf/0.1/name") >= 1


def test_serve_is_read_only(endpoint, store_dir):
    status, _, _ = fetch(f"{endpoint}/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = fetch(f"{endpoint}/sparql", urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                         {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, _ = fetch(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}))
    assert status == 403
    status, _, body = fetch(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert json.loads(body)["boolean"] is True  # nothing was dropped


def test_serve_reports_a_syntax_error_with_its_place(endpoint):
    status, _, body = fetch(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s ?p }"}))
    assert status == 400 and b"line 1, column" in body


def test_serve_stops_a_slow_query_and_keeps_answering(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    status, _, _ = fetch(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": slow}))
    assert status == 503 and time.monotonic() - started < 15
    status, _, _ = fetch(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": Q_NAMES}))
    assert status == 200


def test_serve_caps_the_size_of_an_answer(endpoint):
    status, _, body = fetch(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == 413 and b"LIMIT" in body


def test_serve_query_page_works_offline_and_escapes(endpoint):
    status, kind, body = fetch(f"{endpoint}/")
    page = body.decode("utf-8")
    assert status == 200 and kind.startswith("text/html")
    assert not re.search(r"""(src|href)=["']https?://""", page)  # nothing loaded from elsewhere
    assert "textContent" in page and "innerHTML" not in page  # results are shown as text, never as HTML


def test_serve_command_starts_binds_loopback_and_stops(store_dir):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(store_dir), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        info = json.loads(line[line.index("{"):line.rindex("}") + 1])
        assert info["endpoint"].startswith("http://127.0.0.1:")
        status, _, body = fetch(info["endpoint"] + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) == 0
    assert "stopped" in proc.stderr.read()


def test_serve_command_serves_a_graph_file(tmp_path):
    """A Turtle file is loaded into a temporary store and served like a store."""
    from pathlib import Path

    source = Path(__file__).parent / "gold" / "sources" / "invented-series-1.txt"
    built = subprocess.run([sys.executable, "-m", "kg", "build", str(source), "--output", str(tmp_path / "x.ttl"),
                            "--no-store", "-q"], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(tmp_path / "x.ttl"), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        assert "{" in line, line + proc.stderr.read()
        info = json.loads(line[line.index("{"):line.rindex("}") + 1])
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://xmlns.com/foaf/0.1/Person> }"
        status, _, body = fetch(info["endpoint"] + "?" + urllib.parse.urlencode({"query": query}))
        assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) == 0
