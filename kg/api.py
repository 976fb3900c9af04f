"""The Python API: open a store, a graph file or gazettes, and query it in three lines.

>>> from kg.api import open_graph                          # doctest: +SKIP
>>> kg = open_graph("build/qujing.store")                  # doctest: +SKIP
>>> kg.query("who_met_whom_between", min=3)[:1]            # doctest: +SKIP
[{'a': '钱多多', 'b': '孙小美', 'events': 17, ...}]

``query`` takes a library name, a ``.rq`` path or SPARQL text, binds keyword arguments as
RDF terms (never formatted into the text), and returns rows as dicts of Python values
(integers, decimals, dates, text; IRIs as text). ``frame`` returns a pandas DataFrame when
pandas is installed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, UsageError
from kg.query import evaluate, load_query_text, parse_param
from kg.read import SOURCE_SUFFIXES
from kg.store import is_store, open_store

_XSD = "http://www.w3.org/2001/XMLSchema#"


def _term(name: str, value: object) -> ox.NamedNode | ox.Literal:
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, (float, Decimal)):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    return parse_param(f"{name}={value}")[1]


def python_value(term: object) -> object:
    """An RDF term as a Python value: numbers, dates and booleans typed, the rest text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        kind = term.datatype.value.removeprefix(_XSD)
        try:
            if kind in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger", "short"):
                return int(term.value)
            if kind == "decimal":
                return Decimal(term.value)
            if kind in ("double", "float"):
                return float(term.value)
            if kind == "date":
                return dt.date.fromisoformat(term.value)
            if kind == "boolean":
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    return getattr(term, "value", str(term))


class Graph:
    """A queryable gazette graph (an Oxigraph store)."""

    def __init__(self, store: ox.Store, label: str = "") -> None:
        self.store, self.label = store, label

    def query(self, query: str, **params: object) -> list[dict[str, object]]:
        """Rows of a SELECT query as dicts (column → value); ASK gives ``[{"answer": bool}]``.
        Parameters: ``from_=…`` binds ``?from`` (a trailing underscore avoids Python keywords)."""
        bound = {k.rstrip("_"): _term(k.rstrip("_"), v) for k, v in params.items()}
        result = evaluate(self.store, load_query_text(query), bound)
        if isinstance(result, ox.QueryBoolean):
            return [{"answer": bool(result)}]
        if not isinstance(result, ox.QuerySolutions):
            raise UsageError("query() returns rows: use a SELECT or ASK query (CONSTRUCT gives a graph: use kg query)")
        columns = [v.value for v in result.variables]
        return [{c: python_value(sol[c]) for c in columns} for sol in result]

    def frame(self, query: str, **params: object):  # type: ignore[no-untyped-def]
        """The rows as a pandas DataFrame (pandas is optional: ``pip install pandas``)."""
        try:
            import pandas as pd
        except ImportError:
            raise UsageError("frame() needs pandas (pip install pandas); query() gives the same rows as dicts") from None
        return pd.DataFrame(self.query(query, **params))

    def __repr__(self) -> str:
        return f"<gazette-kg graph {self.label}>"


def open_graph(source: str | Path | list[str | Path], **build_options: object) -> Graph:
    """A store folder (read-only), a graph file (loaded into memory), or gazette files
    (.txt, .pdf, .html) and folders (built in memory, as ``kg build`` would)."""
    from kg.query import open_source

    if isinstance(source, (list, tuple)) or Path(source).suffix.lower() in (*SOURCE_SUFFIXES, "") and not is_store(source):
        from kg.pipeline import build
        from kg.query import to_store

        paths = list(source) if isinstance(source, (list, tuple)) else [source]
        if not all(Path(p).exists() for p in paths):
            raise InputError(f"{', '.join(str(p) for p in paths if not Path(p).exists())}: no such file or folder")
        return Graph(to_store(build(paths, **build_options).graph), ", ".join(map(str, paths)))  # type: ignore[arg-type]
    if is_store(source):
        return Graph(open_store(source), str(source))
    return Graph(open_source(source), str(source))
