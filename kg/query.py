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


def run_query(
    graph: Graph | ox.Store, text: str, params: dict[str, str] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Columns and rows (as plain strings) of a SELECT query; ``params`` are bound as
    literals (never formatted into the query text)."""
    store = graph if isinstance(graph, ox.Store) else to_store(graph)
    bindings = {ox.Variable(k): ox.Literal(v) for k, v in (params or {}).items()}
    try:
        result = store.query(text, substitutions=bindings) if bindings else store.query(text)
    except SyntaxError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid query"
        raise UsageError(f"SPARQL syntax error: {first}") from None
    except RuntimeError as exc:
        raise UsageError(f"query failed: {str(exc).splitlines()[0]}") from None
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
