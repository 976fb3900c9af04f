"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a store, with a query page.

- ``GET /sparql?query=…``, ``POST /sparql`` (form ``query=…`` or ``application/sparql-query``);
- results by content negotiation (``Accept``) or ``?format=json|xml|csv|tsv``: SPARQL results
  JSON, XML, CSV, TSV for SELECT and ASK; Turtle, N-Triples, JSON-LD or RDF/XML for
  CONSTRUCT and DESCRIBE;
- read-only: updates are refused (403), the store is opened read-only;
- every query runs in a worker process with a time limit (a query over time is stopped and
  its worker replaced) and a cap on the size of its answer;
- binds 127.0.0.1 unless told otherwise; ``GET /`` is a query page that works offline.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from kg.errors import InputError, UsageError
from kg.query import evaluate

SELECT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "xml": "application/rdf+xml"}
_RESULTS_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
_GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                  "xml": ox.RdfFormat.RDF_XML}


def negotiate(accept: str, explicit: str | None) -> tuple[str, str]:
    """The results format (for SELECT/ASK) and graph format (for CONSTRUCT/DESCRIBE) a client
    asks for; JSON and Turtle when it does not say.

    >>> negotiate("text/csv, */*;q=0.1", None)
    ('csv', 'turtle')
    >>> negotiate("", "tsv")
    ('tsv', 'turtle')
    >>> negotiate("application/n-triples", None)
    ('json', 'nt')
    """
    if explicit:
        return (explicit if explicit in SELECT_TYPES else "json"), (explicit if explicit in GRAPH_TYPES else "turtle")
    wanted = [part.split(";")[0].strip().lower() for part in accept.split(",") if part.strip()]
    select = next((k for m in wanted for k, v in SELECT_TYPES.items() if v == m), None)
    graph = next((k for m in wanted for k, v in GRAPH_TYPES.items() if v == m), None)
    if select is None and "application/json" in wanted:
        select = "json"
    if select is None and "application/xml" in wanted:
        select = "xml"
    return select or "json", graph or "turtle"


def _answer(store: ox.Store, text: str, select_fmt: str, graph_fmt: str, max_bytes: int) -> tuple[int, str, bytes]:
    try:
        result = evaluate(store, text)
    except UsageError as exc:
        status = 403 if "update" in str(exc) else 400
        return status, "text/plain; charset=utf-8", (str(exc) + "\n").encode("utf-8")
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        kind, data = SELECT_TYPES[select_fmt], result.serialize(format=_RESULTS_FORMATS[select_fmt]) or b""
    else:
        kind, data = GRAPH_TYPES[graph_fmt], result.serialize(format=_GRAPH_FORMATS[graph_fmt]) or b""  # type: ignore[attr-defined]
    if len(data) > max_bytes:
        message = f"the answer is larger than {max_bytes} bytes: narrow the query or add LIMIT\n"
        return 413, "text/plain; charset=utf-8", message.encode("utf-8")
    return 200, kind + ("; charset=utf-8" if kind.startswith("text/") else ""), data


def _worker(store_path: str, conn: object, max_bytes: int) -> None:
    """A worker process: opens the store read-only and answers queries until told to stop."""
    store = ox.Store.read_only(store_path)
    conn.send("ready")  # type: ignore[attr-defined]
    while True:
        try:
            message = conn.recv()  # type: ignore[attr-defined]
        except (EOFError, OSError):
            return
        if message is None:
            return
        text, select_fmt, graph_fmt = message
        try:
            conn.send(_answer(store, text, select_fmt, graph_fmt, max_bytes))  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - reported to the client, the worker lives on
            conn.send((500, "text/plain; charset=utf-8", f"query failed: {type(exc).__name__}: {exc}\n".encode()))  # type: ignore[attr-defined]


class Workers:
    """A fixed number of worker processes; a query waits for a free one (up to the time
    limit), and a worker whose query runs over time is killed and replaced."""

    def __init__(self, store_path: str, size: int, timeout: float, max_bytes: int, wait: float = 30.0) -> None:
        self.ctx = multiprocessing.get_context("spawn")
        self.store_path, self.timeout, self.max_bytes = store_path, timeout, max_bytes
        self.wait = max(wait, timeout)  # how long a query may wait for a free worker
        self.idle: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.all: list[object] = []
        for _ in range(max(1, size)):
            self.idle.put(self._start())

    def _start(self) -> tuple[object, object]:
        mine, theirs = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(self.store_path, theirs, self.max_bytes), daemon=True)
        proc.start()
        theirs.close()
        with self.lock:
            self.all.append(proc)
        if not mine.poll(120) or mine.recv() != "ready":  # a query's clock starts once its worker is up
            raise OSError("a query worker did not start")
        return proc, mine

    def run(self, text: str, select_fmt: str, graph_fmt: str) -> tuple[int, str, bytes]:
        try:
            proc, conn = self.idle.get(timeout=self.wait)
        except queue.Empty:
            return 503, "text/plain; charset=utf-8", b"every worker is busy: try again\n"
        try:
            conn.send((text, select_fmt, graph_fmt))  # type: ignore[attr-defined]
            if conn.poll(self.timeout):  # type: ignore[attr-defined]
                answer = conn.recv()  # type: ignore[attr-defined]
                self.idle.put((proc, conn))
                return answer  # type: ignore[no-any-return]
            message = f"the query did not finish within {self.timeout:g} s\n"
            status = 503
        except (EOFError, OSError):
            message, status = "the query stopped its worker (out of memory?)\n", 500
        proc.kill()  # type: ignore[attr-defined]
        proc.join()  # type: ignore[attr-defined]
        conn.close()  # type: ignore[attr-defined]
        with self.lock:
            self.all.remove(proc)
        proc.close()  # type: ignore[attr-defined]
        threading.Thread(target=self._replace, daemon=True).start()  # the client is not kept waiting
        return status, "text/plain; charset=utf-8", message.encode("utf-8")

    def _replace(self) -> None:
        try:
            self.idle.put(self._start())
        except OSError:
            pass  # the pool runs one worker short; the next replacement tries again

    def close(self) -> None:
        with self.lock:
            for proc in self.all:
                if proc.is_alive():  # type: ignore[attr-defined]
                    proc.kill()  # type: ignore[attr-defined]
                proc.join()  # type: ignore[attr-defined]


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>gazette-kg SPARQL</title>
<style>body{font-family:sans-serif;margin:1.5em;max-width:70em}textarea{width:100%;height:12em;font-family:monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}
#status{color:#555;margin-left:1em}</style></head>
<body><h1>gazette-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over <code>__STORE__</code>. Endpoint: <code>/sparql</code> (GET or POST;
JSON, XML, CSV or TSV results by <code>Accept</code>).</p>
<textarea id="q">__QUERY__</textarea><br>
<button id="run">Run</button> <a id="csv" href="#">as CSV</a><span id="status"></span>
<div id="out"></div>
<script>
function run(){const q=document.getElementById('q').value;const st=document.getElementById('status');st.textContent='running…';
fetch('sparql',{method:'POST',headers:{'Content-Type':'application/sparql-query','Accept':'application/sparql-results+json'},body:q})
.then(r=>r.ok?r.json():r.text().then(t=>{throw new Error(t)})).then(d=>{const out=document.getElementById('out');out.textContent='';
if(d.boolean!==undefined){out.textContent=String(d.boolean);st.textContent='';return}
const t=document.createElement('table');const h=t.insertRow();for(const v of d.head.vars){const th=document.createElement('th');th.textContent=v;h.appendChild(th)}
for(const b of d.results.bindings){const r=t.insertRow();for(const v of d.head.vars){r.insertCell().textContent=b[v]?b[v].value:''}}
out.appendChild(t);st.textContent=d.results.bindings.length+' rows'}).catch(e=>{st.textContent='error: '+e.message})}
document.getElementById('run').onclick=run;
document.getElementById('csv').onclick=function(){this.href='sparql?format=csv&query='+encodeURIComponent(document.getElementById('q').value)};
</script></body></html>
"""

EXAMPLE = """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX gkg: <https://w3id.org/gazette-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?name (COUNT(DISTINCT ?e) AS ?events) WHERE {
  ?e a gkg:Event ; prov:wasAssociatedWith ?p . ?p foaf:name ?name .
} GROUP BY ?name ORDER BY DESC(?events) ?name LIMIT 20"""


class Endpoint(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the listen backlog: socketserver's 5 reset connections when many clients arrive at once

    def __init__(self, address: tuple[str, int], workers: Workers, label: str, max_body: int = 1 << 20) -> None:
        super().__init__(address, _Handler)
        self.workers, self.label, self.max_body = workers, label, max_body

    def server_close(self) -> None:
        super().server_close()
        self.workers.close()


class _Handler(BaseHTTPRequestHandler):
    server: Endpoint
    server_version = "gazette-kg"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet by default
        pass

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlparse(self.path)
        args = parse_qs(url.query)
        if url.path in ("/", "/index.html"):
            page = PAGE.replace("__STORE__", html.escape(self.server.label)).replace("__QUERY__", html.escape(EXAMPLE))
            return self._send(200, "text/html; charset=utf-8", page.encode("utf-8"))
        if url.path != "/sparql":
            return self._send(404, "text/plain; charset=utf-8", b"not found: the endpoint is /sparql\n")
        if "update" in args:
            return self._send(403, "text/plain; charset=utf-8", b"this endpoint is read-only\n")
        if "query" not in args:
            return self._send(400, "text/plain; charset=utf-8", b"give a query: /sparql?query=...\n")
        self._query(args["query"][0], args.get("format", [None])[0])

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        if url.path != "/sparql":
            return self._send(404, "text/plain; charset=utf-8", b"not found: the endpoint is /sparql\n")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._send(400, "text/plain; charset=utf-8", b"bad Content-Length\n")
        if length > self.server.max_body:
            return self._send(413, "text/plain; charset=utf-8", b"the request is too large\n")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        args = parse_qs(url.query)
        if kind == "application/sparql-update" or "update" in parse_qs(body):
            return self._send(403, "text/plain; charset=utf-8", b"this endpoint is read-only\n")
        if kind == "application/sparql-query":
            text = body
        elif kind in ("application/x-www-form-urlencoded", ""):
            form = parse_qs(body)
            if "query" not in form:
                return self._send(400, "text/plain; charset=utf-8", b"give a query: form field query=...\n")
            text = form["query"][0]
            args.update({k: v for k, v in form.items() if k == "format"})
        else:
            return self._send(415, "text/plain; charset=utf-8", b"send application/sparql-query or a form\n")
        self._query(text, args.get("format", [None])[0])

    def _query(self, text: str, explicit: str | None) -> None:
        select_fmt, graph_fmt = negotiate(self.headers.get("Accept") or "", explicit)
        self._send(*self.server.workers.run(text, select_fmt, graph_fmt))


def make_endpoint(store_path: str | Path, host: str = "127.0.0.1", port: int = 7878, workers: int = 2,
                  timeout: float = 30.0, max_bytes: int = 50_000_000, label: str | None = None) -> Endpoint:
    """A ready endpoint (call ``serve_forever``; ``server_close`` stops its workers)."""
    path = Path(store_path) / "oxigraph"
    if not path.exists():
        raise InputError(f"{store_path}: not a gazette-kg store")
    try:
        return Endpoint((host, port), Workers(str(path.resolve()), workers, timeout, max_bytes), label or str(store_path))
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def describe(endpoint: Endpoint) -> str:
    host, port = endpoint.server_address[:2]
    return json.dumps({"endpoint": f"http://{host}:{port}/sparql", "page": f"http://{host}:{port}/"})
