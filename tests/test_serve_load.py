"""A bounded load test of kg serve on loopback: 1,000 mixed good, bad, hostile and
concurrent requests; the endpoint keeps answering, keeps its worker count and leaks no
file descriptors."""

from __future__ import annotations

import os
import random
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

GOOD = "SELECT ?n WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n } ORDER BY ?n LIMIT 20"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, sample_path):
    from kg.pipeline import build
    from kg.serve import make_endpoint

    folder = tmp_path_factory.mktemp("load") / "q.store"
    build([sample_path], store=folder)
    server = make_endpoint(folder, port=0, workers=2, timeout=2, max_bytes=200_000)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield server, f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def request(kind: str, base: str) -> tuple[str, int]:
    url, data, headers = f"{base}/sparql", None, {}
    if kind == "good":
        url += "?" + urllib.parse.urlencode({"query": GOOD})
    elif kind == "post":
        data, headers = GOOD.encode(), {"Content-Type": "application/sparql-query", "Accept": "text/csv"}
    elif kind == "syntax":
        url += "?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"})
    elif kind == "update":
        data, headers = b"DROP ALL", {"Content-Type": "application/sparql-update"}
    elif kind == "hostile":
        url += "?" + urllib.parse.urlencode({"query": 'SELECT ?x WHERE { ?x ?p "} ; DROP ALL ; {" }'})
    elif kind == "big":
        url += "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
    elif kind == "slow":
        url += "?" + urllib.parse.urlencode({"query": SLOW})
    elif kind == "junk":
        url = f"{base}/nowhere"
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            resp.read()
            return kind, resp.status
    except urllib.error.HTTPError as err:
        err.read()
        return kind, err.code


EXPECTED = {"good": {200}, "post": {200}, "syntax": {400}, "update": {403}, "hostile": {200},
            "big": {413, 503}, "slow": {503}, "junk": {404}}  # a big answer is refused, or runs out of time


def test_serve_survives_a_thousand_mixed_requests(endpoint):
    server, base = endpoint
    fds_before = len(os.listdir("/proc/self/fd"))
    kinds = ["good"] * 600 + ["post"] * 150 + ["syntax"] * 80 + ["update"] * 50 + ["hostile"] * 50 + \
            ["big"] * 40 + ["slow"] * 6 + ["junk"] * 24
    random.Random(7).shuffle(kinds)
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda k: request(k, base), kinds))
    assert len(results) == 1000
    wrong = [(k, s) for k, s in results if s not in EXPECTED[k]]
    assert not wrong, wrong[:10]
    assert all(s == 200 for k, s in results if k in ("good", "post", "hostile"))  # waited for a worker, answered
    assert request("good", base)[1] == 200 and request("update", base)[1] == 403
    assert request("hostile", base)[1] == 200  # the quoted text stayed a literal: nothing was dropped
    alive = [p for p in server.workers.all if p.is_alive()]
    assert len(alive) == 2  # killed workers were replaced, none left over
    assert len(os.listdir("/proc/self/fd")) <= fds_before + 8
