"""Run SPARQL over a built graph with Oxigraph (fast, embedded) and format results."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import InputError, UsageError
from kg.resources import resource_dir
from kg.store import RDF_FORMATS, is_store, open_store


def load_query_text(query: str) -> str:
    """A query from a ``.rq`` path, a library name (``who_met_whom``) or SPARQL text."""
    path = Path(query)
    if query.endswith(".rq") or path.is_file():
        if not path.is_file():
            library = resource_dir("queries") / path.name
            if not library.is_file():
                raise UsageError(f"{query}: no such query file")
            path = library
        return path.read_text(encoding="utf-8")
    library = resource_dir("queries") / f"{query}.rq"
    if library.is_file():
        return library.read_text(encoding="utf-8")
    if any(k in query.upper() for k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")) or is_update(query):
        return query
    names = ", ".join(sorted(p.stem for p in resource_dir("queries").glob("*.rq")))
    raise UsageError(f"{query!r} is neither a .rq file, a library query ({names}) nor SPARQL text")


_XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPED = re.compile(r'"(.*)"\^\^<([^<>\s]+)>', re.S)
_TAGGED = re.compile(r'"(.*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)', re.S)


def parse_param(text: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``name=value`` → the variable name and an RDF term: ``<iri>``, ``"text"@zh``,
    ``"value"^^<datatype>``, an integer or decimal, an ISO date (``xsd:date``), else a plain
    string. The term is bound by Oxigraph, never written into the query text.

    >>> parse_param("min=3")
    ('min', <Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>)
    >>> parse_param("name=钱多多")[1].value
    '钱多多'
    >>> parse_param("from=2019-11-01")[1].datatype.value
    'http://www.w3.org/2001/XMLSchema#date'
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise UsageError(f"--param {text!r}: write name=value (a SPARQL variable name, then the value)")
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        return name, ox.NamedNode(value[1:-1])
    if m := _TYPED.fullmatch(value):
        return name, ox.Literal(m.group(1), datatype=ox.NamedNode(m.group(2)))
    if m := _TAGGED.fullmatch(value):
        return name, ox.Literal(m.group(1), language=m.group(2))
    for pattern, datatype in ((r"[+-]?\d+", "integer"), (r"[+-]?\d+\.\d+", "decimal"), (r"\d{4}-\d{2}-\d{2}", "date")):
        if re.fullmatch(pattern, value):
            return name, ox.Literal(value, datatype=ox.NamedNode(_XSD + datatype))
    return name, ox.Literal(value)


def query_header(text: str) -> dict[str, str]:
    """The ``# key: value`` lines a library query opens with (title, parameters, columns)."""
    out = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


def to_store(graph: Graph) -> ox.Store:
    """An in-memory Oxigraph store holding ``graph`` (loaded from N-Triples)."""
    store = ox.Store()
    data = graph.serialize(format="nt11", encoding="utf-8")
    store.load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


def _plain(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def dataset(store: ox.Store) -> dict[str, object]:
    """Query options that make the default graph the union of all graphs (one per issue,
    the entities, the vocabulary, and the default graph where updates write). Listing the
    graphs as ``default_graph`` instead was 3× slower again in Oxigraph 0.5."""
    return {"use_default_graph_as_union": True}


def syntax_message(exc: SyntaxError) -> str:
    """One line naming the line and column of a SPARQL syntax error.

    >>> syntax_message(SyntaxError("error at 3:14: expected one of ...")).startswith("SPARQL syntax error at line 3, column 14")
    True
    """
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid query"
    m = re.match(r"error at (\d+):(\d+):\s*(.*)", text)
    return f"SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3)}" if m else f"SPARQL syntax error: {text}"


_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w-]*:\s*|BASE\s+)<[^>]*>\s*|#[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


def is_update(text: str) -> bool:
    """Does ``text`` read as a SPARQL update rather than a query?

    >>> is_update("PREFIX x: <http://x#> DELETE WHERE { ?s ?p ?o }"), is_update("SELECT * WHERE { ?s ?p ?o }")
    (True, False)
    """
    return bool(_UPDATE.match(text))


def evaluate(store: ox.Store, text: str, params: dict[str, object] | None = None) -> object:
    """Oxigraph's result of a read-only query; ``params`` are bound as RDF terms."""
    if is_update(text):
        raise UsageError("this is a SPARQL update: queries are read-only (kg query STORE … --update changes a store)")
    bindings = {ox.Variable(k): v if isinstance(v, (ox.Literal, ox.NamedNode)) else ox.Literal(str(v))
                for k, v in (params or {}).items()}
    try:
        return store.query(text, substitutions=bindings or None, **dataset(store))  # type: ignore[arg-type]
    except SyntaxError as exc:
        raise UsageError(syntax_message(exc)) from None
    except RuntimeError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "projection" in message:
            message += " (a parameter must be a variable the query selects)"
        raise UsageError(f"query failed: {message}") from None


def run_query(
    graph: Graph | ox.Store, text: str, params: dict[str, object] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Columns and rows (as plain strings) of a SELECT query; ``params`` (strings, or terms
    from :func:`parse_param`) are bound by Oxigraph, never formatted into the query text.
    The default graph is the union of the store's graphs (one per issue)."""
    store = graph if isinstance(graph, ox.Store) else to_store(graph)
    result = evaluate(store, text, params)
    if not isinstance(result, ox.QuerySolutions):
        raise UsageError("only SELECT queries can be shown as a table")
    columns = [v.value for v in result.variables]
    rows = [[_plain(sol[c]) for c in columns] for sol in result]
    return columns, rows


def format_table(columns: list[str], rows: list[list[str]]) -> str:
    """An aligned text table (width counts CJK characters as two columns)."""
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    widths = [max([width(c)] + [width(r[i]) for r in rows]) for i, c in enumerate(columns)]
    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()
    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out) + f"\n({len(rows)} rows)\n"


def person_profile(store: ox.Store, name: str, top: int = 10) -> str:
    """A person's titles over time, events by role, and most frequent co-participants."""
    _, posts = run_query(store, load_query_text("person_posts"), {"name": name})
    _, events = run_query(store, load_query_text("person_events"), {"name": name})
    _, others = run_query(store, load_query_text("person_coparticipants"), {"name": name})
    if not posts and not events:
        raise UsageError(f"no person named {name!r} in the graph")
    local = lambda iri: iri.rsplit("#", 1)[-1]  # noqa: E731
    roles: dict[str, int] = {}
    for row in events:
        roles[local(row[2])] = roles.get(local(row[2]), 0) + 1
    out = [name, "", "Titles (first and last attested, times):"]
    out += [f"  {t}  {first or '?'} – {last or '?'}  ({n})  {body}".rstrip() for _, t, body, first, last, n in posts]
    out += ["", f"Events: {len({(r[1], r[6]) for r in events})}; by role: "
            + ", ".join(f"{r} {n}" for r, n in sorted(roles.items(), key=lambda x: (-x[1], x[0])))]
    out += [f"  {start}  {local(role):<12} {local(kind):<10} {text[:40]}  [{file}:{line}]"
            for _, start, role, kind, text, file, line in events]
    out += ["", "Most frequent co-participants:"] + [f"  {o}  {n}" for _, o, n in others[:top]]
    return "\n".join(out) + "\n"


RESULT_FORMATS = ("table", "markdown", "csv", "tsv", "json", "xml")
_RESULTS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
            "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
_TRIPLES = {"table": ox.RdfFormat.TURTLE, "markdown": ox.RdfFormat.TURTLE, "csv": ox.RdfFormat.N_TRIPLES,
            "tsv": ox.RdfFormat.N_TRIPLES, "json": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}


def format_markdown(columns: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (``|`` in a value escaped).

    >>> print(format_markdown(["a", "b"], [["1", "x|y"]]), end="")
    | a | b |
    |---|---|
    | 1 | x\\|y |
    """
    def cells(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in values) + " |"
    return "\n".join([cells(columns), "|" + "---|" * len(columns)] + [cells(r) for r in rows]) + "\n"


def render(result: object, fmt: str) -> bytes:
    """A query result as bytes: SELECT in any of :data:`RESULT_FORMATS` (JSON, XML, CSV and
    TSV are the W3C SPARQL results formats), ASK as true/false (or its JSON/XML form),
    CONSTRUCT and DESCRIBE as Turtle (N-Triples for csv/tsv, JSON-LD, RDF/XML)."""
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown results format {fmt!r}: choose one of {', '.join(RESULT_FORMATS)}")
    if isinstance(result, ox.QuerySolutions):
        if fmt in _RESULTS:
            return result.serialize(format=_RESULTS[fmt]) or b""
        columns = [v.value for v in result.variables]
        rows = [[_plain(sol[c]) for c in columns] for sol in result]
        return (format_table if fmt == "table" else format_markdown)(columns, rows).encode("utf-8")
    if isinstance(result, ox.QueryBoolean):
        if fmt in ("json", "xml"):
            return result.serialize(format=_RESULTS[fmt]) or b""
        return (("true" if bool(result) else "false") + "\n").encode()
    return result.serialize(format=_TRIPLES[fmt]) or b""  # type: ignore[attr-defined]


def _child(opener: object, text: str, params: dict[str, object] | None, fmt: str, conn: object) -> None:
    try:
        data = render(evaluate(opener(), text, params), fmt)  # type: ignore[operator]
        conn.send(("ok", data))  # type: ignore[attr-defined]
    except (UsageError, InputError) as exc:
        conn.send(("error", str(exc)))  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        conn.send(("error", f"query failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"))  # type: ignore[attr-defined]


def run_limited(opener: object, text: str, params: dict[str, object] | None = None, fmt: str = "table",
                timeout: float | None = None) -> bytes:
    """Run a query on the store ``opener()`` returns and render it; with ``timeout`` (seconds)
    the query runs in a child process that is stopped when time is up."""
    if not timeout:
        return render(evaluate(opener(), text, params), fmt)  # type: ignore[operator]
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(opener, text, params, fmt, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise UsageError(f"the query did not finish within {timeout:g} s (raise --timeout)")
        status, payload = receive.recv()
    except EOFError:
        raise UsageError("the query stopped without an answer (out of memory?)") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
    if status != "ok":
        raise UsageError(payload)
    return payload  # type: ignore[no-any-return]


def open_source(path: str | Path, fmt: str | None = None) -> ox.Store:
    """A store folder (read-only) or a graph file loaded into memory with Oxigraph."""
    folder = Path(path)
    if folder.is_dir():
        return open_store(folder)
    if not folder.is_file():
        raise InputError(f"{path}: no such file or store")
    if not folder.read_bytes().strip():
        raise InputError(f"{path}: the file is empty")
    name = (fmt or folder.suffix.lstrip(".")).lower()
    if name not in RDF_FORMATS:
        raise UsageError(f"cannot tell the RDF format of {path}: use --format ({', '.join(sorted(RDF_FORMATS))})")
    store = ox.Store()
    try:
        store.load(path=str(folder), format=RDF_FORMATS[name])
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"{path}: cannot parse as RDF ({str(exc).splitlines()[0][:200]})") from None
    return store
