"""Send a store's named graphs (or a graph file's) to a SPARQL 1.1 Graph Store HTTP Protocol
endpoint: Fuseki, Oxigraph, QLever, Virtuoso, GraphDB… (https://www.w3.org/TR/sparql11-http-rdf-update/).

Each graph goes as N-Triples to ``ENDPOINT?graph=<IRI>`` (indirect graph identification),
``ENDPOINT?default`` for the default graph: ``PUT`` replaces the graph at the endpoint, ``POST``
adds to it (RDF set semantics: adding the same triples twice changes nothing). A large graph
goes in batches — a ``PUT`` then ``POST`` s — so memory stays bounded; a graph with blank nodes
goes in one request, as blank node labels are scoped to one request. Graphs go in the order of
their names, the default graph (a store's notes from ``kg query --update``) last.

A store folder keeps its graphs; so does a TriG or N-Quads file; a Turtle, N-Triples, JSON-LD
or RDF/XML file holds one graph, sent to the one name given (or the default graph). Oxigraph
reads derived integer types as ``xsd:integer``: ``datatypes`` (property → datatype, see
``kg.export.declared_datatypes``) types them as declared again, as ``kg export`` does.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.datatypes import declared_type
from kg.errors import InputError, UsageError
from kg.store import RDF_FORMATS, data_graphs, is_store, load_file, open_store

BATCH = 50_000  # triples per request (about 10 MB of N-Triples)
TIMEOUT = 60.0
MEDIA_TYPE = "application/n-triples"


class Pushed(NamedTuple):
    """One graph sent: its IRI (None for the endpoint's default graph), its triples, and the
    HTTP status of the request that replaced or began it (201 created, 204/200 replaced)."""

    graph: str | None
    triples: int
    status: int


def graph_url(endpoint: str, graph: str | None) -> str:
    """The URL of ``graph`` at a Graph Store endpoint (indirect identification).

    >>> graph_url("http://127.0.0.1:7878/store", "https://w3id.org/gazette-kg/id/graph/entities")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fgazette-kg%2Fid%2Fgraph%2Fentities'
    >>> graph_url("http://host:7001/?access-token=t", None)
    'http://host:7001/?access-token=t&default'
    """
    query = urllib.parse.urlsplit(endpoint).query
    sep = "&" if query else ("" if endpoint.endswith("?") else "?")
    return endpoint + sep + ("default" if graph is None else "graph=" + urllib.parse.quote(graph, safe=""))


def shown(endpoint: str) -> str:
    """The endpoint as written in messages: without its query (which may hold an access token)
    or a user and password.

    >>> shown("http://host:7001/?access-token=secret")
    'http://host:7001/'
    >>> shown("https://bob:secret@host/data")
    'https://host/data'
    """
    parts = urllib.parse.urlsplit(endpoint)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def check_endpoint(endpoint: str) -> None:
    """Refuse what is not an http(s) URL, or one carrying a user name or password."""
    try:
        parts = urllib.parse.urlsplit(endpoint)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        raise UsageError(f"{endpoint}: not a URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{endpoint}: not an http(s) URL of a Graph Store (e.g. http://127.0.0.1:7878/store)")
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"{shown(endpoint)}: put no credentials in the URL: use --user NAME and KG_PUSH_PASSWORD")
    if parts.fragment:
        raise UsageError(f"{endpoint}: a Graph Store URL has no #fragment")


def push(source: str | Path, endpoint: str, graphs: Iterable[str] | None = None, replace: bool = True,
         timeout: float | None = TIMEOUT, auth: tuple[str, str] | None = None, batch: int = BATCH, *,
         input_format: str | None = None, datatypes: Mapping[str, str] | None = None,
         progress: Callable[[Pushed], None] | None = None) -> list[Pushed]:
    """Send the graphs of ``source`` (a store folder or a graph file) to the Graph Store at
    ``endpoint``: all of them, or those named in ``graphs`` (for a one-graph file: the name to
    give its graph, default the endpoint's default graph). ``replace`` PUTs, else POSTs.
    ``auth`` is (user, password) for HTTP basic authentication; ``timeout`` (seconds, None for
    no limit) bounds each request; ``progress`` is called after each graph. Any failure raises
    :class:`InputError` or :class:`UsageError` with one line (saying what was already sent)."""
    check_endpoint(endpoint)
    if batch < 1:
        raise UsageError(f"batch must be at least 1 triple (got {batch})")
    if timeout is not None and timeout <= 0:
        raise UsageError(f"timeout must be positive (got {timeout})")
    names = list(dict.fromkeys(graphs or []))
    for name in names:
        try:
            ox.NamedNode(name)
        except ValueError:
            raise UsageError(f"{name}: not an IRI (a graph name is an absolute IRI)") from None
    headers = {"Content-Type": MEDIA_TYPE}
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    done: list[Pushed] = []
    with contextlib.ExitStack() as stack:
        store, targets = _targets(source, names, input_format, stack)
        for target, graph in targets:
            try:
                status, count = _push_graph(store, graph, endpoint, target, replace, timeout, headers, batch, datatypes)
            except InputError as exc:
                sent = f"; {len(done)} of {len(targets)} graphs were sent before it" if done else ""
                raise InputError(f"{exc}{sent}") from None
            done.append(Pushed(target, count, status))
            if progress is not None:
                progress(done[-1])
        del store
    return done


def _targets(source: str | Path, names: list[str], fmt: str | None,
             stack: contextlib.ExitStack) -> tuple[ox.Store, list[tuple[str | None, ox.NamedNode | ox.DefaultGraph]]]:
    """The store to read and, in order, each (name at the endpoint, graph in the store)."""
    path = Path(source)
    one_graph = False
    if is_store(path) or path.is_dir():
        store = open_store(path)  # a folder that is no store: a clear error
    else:
        if path.is_file() and path.stat().st_size == 0:
            raise InputError(f"{source}: the file is empty")
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-push-")))
        folder = load_file(path, tmp, fmt)
        store = open_store(folder)
        one_graph = not RDF_FORMATS[(fmt or path.suffix.lstrip(".")).lower()].supports_datasets
    default = ox.DefaultGraph()
    has_default = next(iter(store.quads_for_pattern(None, None, None, default)), None) is not None
    if one_graph:
        if len(names) > 1:
            raise UsageError(f"{source} holds one graph: give at most one --graph (the name it gets at the endpoint)")
        if not has_default:
            raise InputError(f"{source}: no triples to push")
        return store, [(names[0] if names else None, default)]
    present = {g.value: g for g in data_graphs(store)}
    if names:
        missing = [n for n in names if n not in present]
        if missing:
            listed = ", ".join(sorted(present)) or "none"
            raise UsageError(f"{source} has no graph {missing[0]} (its graphs: {listed})")
        return store, [(n, present[n]) for n in sorted(names)]
    targets: list[tuple[str | None, ox.NamedNode | ox.DefaultGraph]] = [(n, present[n]) for n in sorted(present)]
    if has_default:
        targets.append((None, default))
    if not targets:
        raise InputError(f"{source}: no triples to push")
    return store, targets


def _triples(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph,
             datatypes: Mapping[str, str] | None) -> Iterator[ox.Triple]:
    """The graph's triples, normalised integers typed as declared again."""
    for q in store.quads_for_pattern(None, None, None, graph):
        yield ox.Triple(q.subject, q.predicate, declared_type(q.predicate, q.object, datatypes))  # type: ignore[arg-type]


def _has_blank_nodes(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    pattern = "?s ?p ?o FILTER(isBlank(?s) || isBlank(?o))"
    text = f"ASK {{ GRAPH <{graph.value}> {{ {pattern} }} }}" if isinstance(graph, ox.NamedNode) else f"ASK {{ {pattern} }}"
    return bool(store.query(text))


def _batches(triples: Iterator[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """``triples`` in lists of ``size``; one empty list for no triples."""
    chunk: list[ox.Triple] = []
    sent = False
    for t in triples:
        chunk.append(t)
        if len(chunk) >= size:
            yield chunk
            chunk, sent = [], True
    if chunk or not sent:
        yield chunk


def _push_graph(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, endpoint: str, target: str | None,
                replace: bool, timeout: float | None, headers: dict[str, str], batch: int,
                datatypes: Mapping[str, str] | None) -> tuple[int, int]:
    """Send one graph; returns the status of its first request and its triples."""
    url = graph_url(endpoint, target)
    size = batch if not _has_blank_nodes(store, graph) else 2**62
    first, count = 0, 0
    for i, chunk in enumerate(_batches(_triples(store, graph, datatypes), size)):
        body = (ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b"") if chunk else b""
        method = "PUT" if replace and i == 0 else "POST"
        try:
            status = _send(method, url, body, timeout, headers, endpoint, target)
        except InputError as exc:
            if i == 0:
                raise
            raise InputError(f"{exc} (after {count} of its triples: push it again)") from None
        first = first or status
        count += len(chunk)
    return first, count


def _send(method: str, url: str, body: bytes, timeout: float | None, headers: dict[str, str],
          endpoint: str, target: str | None) -> int:
    """One request; any failure as an InputError of one line."""
    what = f"{shown(endpoint)}: {method} of {'the default graph' if target is None else '<' + target + '>'}"
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as err:
        detail = _detail(err)
        hint = " (give --user NAME with the password in KG_PUSH_PASSWORD)" if err.code in (401, 403) else ""
        raise InputError(f"{what} answered HTTP {err.code} {err.reason}{detail}{hint}") from None
    except urllib.error.URLError as err:
        raise InputError(f"{what} failed: {_reason(err.reason, endpoint, timeout)}") from None
    except (TimeoutError, socket.timeout):
        raise InputError(f"{what} failed: {_reason(TimeoutError(), endpoint, timeout)}") from None
    except (http.client.HTTPException, OSError) as exc:
        raise InputError(f"{what} failed: {_reason(exc, endpoint, timeout)}") from None


def _reason(reason: object, endpoint: str, timeout: float | None) -> str:
    parts = urllib.parse.urlsplit(endpoint)
    where = f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
    if isinstance(reason, ConnectionRefusedError):
        return f"connection refused by {where}: is the Graph Store running there?"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout or 0:g} s (raise --timeout)"
    if isinstance(reason, socket.gaierror):
        return f"unknown host {parts.hostname}"
    if isinstance(reason, http.client.RemoteDisconnected):
        return f"{where} closed the connection without answering"
    text = str(getattr(reason, "strerror", None) or reason).strip()
    return (text.splitlines()[0] if text else type(reason).__name__)[:200]


def _detail(err: urllib.error.HTTPError) -> str:
    """The first line of an error's body, if it is short text."""
    try:
        body = err.read(2000).decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException):
        return ""
    if not body or body.lstrip().startswith("<"):
        return ""  # an HTML page says no more than the status
    return ": " + " ".join(body.split())[:200]
