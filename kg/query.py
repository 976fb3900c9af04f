"""Run SPARQL over a built graph with Oxigraph (fast, embedded) and format results."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import UsageError
from kg.resources import resource_dir


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
    if any(k in query.upper() for k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        return query
    names = ", ".join(sorted(p.stem for p in resource_dir("queries").glob("*.rq")))
    raise UsageError(f"{query!r} is neither a .rq file, a library query ({names}) nor SPARQL text")


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


def run_query(graph: Graph | ox.Store, text: str) -> tuple[list[str], list[list[str]]]:
    """Columns and rows (as plain strings) of a SELECT query."""
    store = graph if isinstance(graph, ox.Store) else to_store(graph)
    try:
        result = store.query(text)
    except SyntaxError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid query"
        raise UsageError(f"SPARQL syntax error: {first}") from None
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
