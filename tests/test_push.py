"""kg push: a store's named graphs sent to a real Graph Store (the Oxigraph server, started on
loopback; skipped when it is not installed) and to a stub that records every request."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError, UsageError
from kg.push import push

ENTITIES = "https://w3id.org/gazette-kg/id/graph/entities"
OXIGRAPH = shutil.which("oxigraph")
NO_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the tests' own requests skip proxies


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def kg_many(*jobs: tuple[list[str], dict[str, str]]) -> list[subprocess.CompletedProcess]:
    """``kg ARGS`` with extra environment variables, for each job at once."""
    procs = [(args, subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env={**os.environ, **env})) for args, env in jobs]
    runs = []
    for args, p in procs:
        out, err = p.communicate(timeout=120)
        runs.append(subprocess.CompletedProcess(args, p.returncode, out, err))
    return runs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_path) -> Path:
    """The sample built (q.ttl, and the store q.store beside it), and its kg export as TriG and N-Quads."""
    folder = tmp_path_factory.mktemp("push")
    run = kg("build", str(sample_path), "--output", str(folder / "q.ttl"), "--quiet")
    assert run.returncode == 0 and (folder / "q.store").is_dir(), run.stderr
    procs = [subprocess.Popen([sys.executable, "-m", "kg", "export", str(folder / "q.store"), "--output", str(folder / name)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for name in ("q.trig", "q.nq")]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    return folder


@pytest.fixture(scope="module")
def local(built) -> dict[str, int]:
    """Graph name → triples, in the local store."""
    from kg.store import data_graphs, open_store

    store = open_store(built / "q.store")
    return {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in data_graphs(store)}


@pytest.fixture(scope="module")
def datatypes() -> dict[str, str]:
    from kg.export import declared_datatypes
    from kg.resources import resource_path
    from kg.validate import load_shapes

    return declared_datatypes(load_shapes(resource_path("ontology", "shapes.ttl")))


# ---------------------------------------------------------------- the Oxigraph server


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """An in-memory Oxigraph server on loopback: its base URL."""
    if OXIGRAPH is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    log = tmp_path_factory.mktemp("oxigraph") / "server.log"
    base = f"http://127.0.0.1:{free_port()}"
    with open(log, "wb") as out:
        proc = subprocess.Popen([OXIGRAPH, "serve", "--bind", base.removeprefix("http://")], stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with NO_DIRECT.open(f"{base}/query?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the oxigraph server did not start: {log.read_text(errors='replace')[-500:]}")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def sparql(base: str, query: str) -> list[dict[str, dict[str, str]]]:
    req = urllib.request.Request(f"{base}/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": "application/sparql-results+json"})
    with NO_DIRECT.open(req, timeout=30) as resp:
        return json.loads(resp.read())["results"]["bindings"]  # type: ignore[no-any-return]


def update(base: str, text: str) -> None:
    req = urllib.request.Request(f"{base}/update", data=urllib.parse.urlencode({"update": text}).encode())
    with NO_DIRECT.open(req, timeout=30):
        pass


def remote_counts(base: str) -> dict[str | None, int]:
    """Graph name → triples at the server; None for its default graph (when not empty)."""
    rows = sparql(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts: dict[str | None, int] = {r["g"]["value"]: int(r["n"]["value"]) for r in rows}
    default = int(sparql(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]["value"])
    if default:
        counts[None] = default
    return counts


@pytest.fixture
def gsp(server) -> str:
    """The server's Graph Store, emptied."""
    update(server, "DROP ALL")
    return f"{server}/store"


def test_push_every_graph_arrives_with_the_local_triple_count(gsp, built, local, datatypes):
    done = push(built / "q.store", gsp, batch=4000, datatypes=datatypes)  # the issue graph goes in 6 requests
    assert [p.graph for p in done] == sorted(local)
    assert {p.graph: p.triples for p in done} == local
    assert {p.status for p in done} == {201}  # created
    assert remote_counts(gsp.removesuffix("/store")) == local


def test_push_twice_replaces_and_append_twice_adds_nothing(gsp, built, local, datatypes):
    base = gsp.removesuffix("/store")
    update(base, f"INSERT DATA {{ GRAPH <{ENTITIES}> {{ <urn:x:a> <urn:x:b> <urn:x:c> }} }}")
    for _ in range(2):
        done = push(built / "q.store", gsp, datatypes=datatypes)
        assert remote_counts(base) == local  # the extra triple is gone: PUT replaces the graph
    assert {p.status for p in done} <= {200, 204}
    update(base, f"INSERT DATA {{ GRAPH <{ENTITIES}> {{ <urn:x:a> <urn:x:b> <urn:x:c> }} }}")
    for _ in range(2):
        push(built / "q.store", gsp, graphs=[ENTITIES], replace=False, batch=2000, datatypes=datatypes)
        assert remote_counts(base) == {**local, ENTITIES: local[ENTITIES] + 1}  # POST adds; a set has no duplicates


def test_push_trig_export_gives_the_same_graphs(gsp, built, local, datatypes):
    done = push(built / "q.trig", gsp, datatypes=datatypes)
    assert {p.graph: p.triples for p in done} == local
    assert remote_counts(gsp.removesuffix("/store")) == local


def test_push_turtle_file_goes_to_one_graph(gsp, built, local, datatypes):
    base = gsp.removesuffix("/store")
    assert [tuple(p[:2]) for p in push(built / "q.ttl", gsp, datatypes=datatypes)] == [(None, sum(local.values()))]
    assert remote_counts(base) == {None: sum(local.values())}
    small = built / "two.nt"
    small.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n<urn:x:a> <urn:x:b> \"曲靖\"@zh .\n", encoding="utf-8")
    assert push(small, gsp, graphs=["urn:x:one"]) == [("urn:x:one", 2, 201)]
    assert remote_counts(base) == {None: sum(local.values()), "urn:x:one": 2}
    with pytest.raises(UsageError, match="holds one graph"):
        push(small, gsp, graphs=["urn:x:one", "urn:x:two"])


def test_push_server_holds_what_kg_export_writes(gsp, built, datatypes):
    from kg.export import dataset_bytes, retyped

    push(built / "q.store", gsp, batch=5000, datatypes=datatypes)
    req = urllib.request.Request(gsp, headers={"Accept": "application/n-quads"})
    with NO_DIRECT.open(req, timeout=30) as resp:
        dump = list(ox.parse(resp.read(), format=ox.RdfFormat.N_QUADS))
    # the server, like the local store, reads xsd:nonNegativeInteger as xsd:integer: type it back as export does
    assert dataset_bytes(retyped(dump, datatypes), "nquads") == (built / "q.nq").read_bytes()


def test_cli_push_graph_sends_only_that_graph(gsp, built, local):
    run = kg("push", str(built / "q.store"), "--endpoint", gsp, "--graph", ENTITIES)
    assert run.returncode == 0, run.stderr
    assert remote_counts(gsp.removesuffix("/store")) == {ENTITIES: local[ENTITIES]}
    assert run.stderr.splitlines() == [f"kg push: <{ENTITIES}>: {local[ENTITIES]} triples replaced (HTTP 201)",
                                       f"kg push: sent 1 graph ({local[ENTITIES]} triples) to {gsp}"]
    quiet = kg("push", str(built / "q.store"), "--endpoint", gsp, "--graph", ENTITIES, "--append", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_cli_push_to_a_missing_path_is_one_line(server, built):
    run = kg("push", str(built / "q.store"), "--endpoint", f"{server}/nope")
    assert run.returncode == 2 and len(run.stderr.splitlines()) == 1, run.stderr
    assert run.stderr.startswith("kg push: error: ") and "HTTP 404" in run.stderr


# ---------------------------------------------------------------- without a server


def test_cli_push_refused_or_bad_url_is_one_line(built):
    port = free_port()  # nothing listens there
    cases = {f"http://127.0.0.1:{port}/store": f"connection refused by 127.0.0.1:{port}",
             "ftp://127.0.0.1/store": "not an http(s) URL",
             f"http://bob:secret@127.0.0.1:{port}/store": "put no credentials in the URL"}
    runs = kg_many(*[(["push", str(built / "q.store"), "--endpoint", url], {}) for url in cases])
    for run, message in zip(runs, cases.values()):
        assert run.returncode == 2 and run.stderr.splitlines() == [run.stderr.strip()], run.stderr
        assert run.stderr.startswith("kg push: error: ") and message in run.stderr
        assert "Traceback" not in run.stderr and "secret" not in run.stderr


class Stub:
    """A Graph Store that records each request and answers what ``answer`` says."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.answer: Callable[[str, str, dict[str, str]], tuple[int, bytes]] = lambda *_: (204, b"")
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                stub.requests.append((self.command, self.path, headers, body))
                status, text = stub.answer(self.command, self.path, headers)
                self.send_response(status)
                if status == 401:
                    self.send_header("WWW-Authenticate", 'Basic realm="kg"')
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                try:
                    self.wfile.write(text)
                except OSError:
                    pass  # the client gave up waiting (the timeout test)

            do_PUT = do_POST = _any

            def log_message(self, *_: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/store"


@pytest.fixture
def stub() -> Iterator[Stub]:
    s = Stub()
    thread = threading.Thread(target=s.httpd.serve_forever, daemon=True)
    thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def test_push_sends_exports_terms_as_n_triples_a_put_then_posts(stub, built, local, datatypes):
    from kg.export import dataset_bytes

    push(built / "q.store", stub.url, batch=4000, datatypes=datatypes)
    assert {h["content-type"] for _, _, h, _ in stub.requests} == {"application/n-triples"}
    quads, per_graph = [], {}
    for method, path, _, body in stub.requests:
        name = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["graph"][0]
        per_graph.setdefault(name, []).append(method)
        quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
                  for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    assert list(per_graph) == sorted(local)
    assert all(methods == ["PUT"] + ["POST"] * (-(-local[g] // 4000) - 1) for g, methods in per_graph.items())
    exported = (built / "q.nq").read_bytes()
    assert b"XMLSchema#nonNegativeInteger" in exported and dataset_bytes(quads, "nquads") == exported


def test_push_append_only_posts(stub, built, datatypes):
    push(built / "q.trig", stub.url, replace=False, datatypes=datatypes)
    assert {m for m, *_ in stub.requests} == {"POST"} and len(stub.requests) == 3


def test_cli_push_basic_auth_password_from_the_environment(stub, built):
    token = "Basic " + base64.b64encode(b"bob:s3cret").decode()
    stub.answer = lambda m, p, h: (204, b"") if h.get("authorization") == token else (401, b"who are you?")
    run, wrong = kg_many(*[(["push", str(built / "q.store"), "--endpoint", stub.url, "--graph", ENTITIES, "--user", "bob"],
                            {"KG_PUSH_PASSWORD": password}) for password in ("s3cret", "nope")])
    assert run.returncode == 0, run.stderr
    assert wrong.returncode == 2 and "HTTP 401" in wrong.stderr and len(wrong.stderr.splitlines()) == 1, wrong.stderr


def test_push_server_error_says_what_was_sent(stub, built):
    stub.answer = lambda m, p, h: (500, b"disk full\nmore") if "issue" in p else (201, b"")
    with pytest.raises(InputError) as info:
        push(built / "q.store", stub.url)
    assert str(info.value).endswith("answered HTTP 500 Internal Server Error: disk full more; 1 of 3 graphs were sent before it")
    stub.answer = lambda m, p, h: (503, b"") if m == "POST" else (204, b"")  # a second batch fails
    # the entities graph (first) fits in one batch; the issue graph (second) is cut after its first
    with pytest.raises(InputError, match=r"POST of <[^>]*/graph/issue/[^>]*> answered HTTP 503 Service Unavailable "
                                         r"\(after 4000 of its triples: push it again\); 1 of 3 graphs were sent before it$"):
        push(built / "q.store", stub.url, batch=4000)


def test_push_timeout_is_one_line(stub, built):
    stub.answer = lambda *_: (time.sleep(1.5), (204, b""))[1]
    with pytest.raises(InputError, match=r"no answer within 0.3 s"):
        push(built / "q.trig", stub.url, timeout=0.3)


def test_push_unknown_graph_and_bad_iri_are_usage_errors(built):
    with pytest.raises(UsageError, match="has no graph urn:x:none"):
        push(built / "q.store", "http://127.0.0.1:9/store", graphs=["urn:x:none"])
    with pytest.raises(UsageError, match="not an IRI"):
        push(built / "q.store", "http://127.0.0.1:9/store", graphs=["not an iri"])
