"""CSV tables of a graph, for users outside RDF: people, bodies, posts, events,
participations, documents, citations and duties.

Each table is a query of ``queries/tables/`` (its header names the columns), so a table is
exactly what SPARQL on the store answers. Values are plain text (IRIs as text, dates ISO),
UTF-8, one header row; written to a temporary folder and moved in place at the end.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.query import run_query
from kg.resources import resource_dir


def table_queries() -> dict[str, str]:
    """Table name → query text, from ``queries/tables/*.rq``."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((resource_dir("queries") / "tables").glob("*.rq"))}


def table_csv(store: ox.Store, text: str) -> bytes:
    """One query's rows as CSV bytes (header first)."""
    columns, rows = run_query(store, text)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def export_tables(store: ox.Store, folder: str | Path) -> dict[str, int]:
    """Write every table as ``folder/<name>.csv``; returns the row count of each."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: not a folder (CSV tables go into a folder)")
    try:
        target.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".kg-tables-", dir=target))
    except OSError as exc:
        raise InputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    counts = {}
    try:
        for name, text in table_queries().items():
            data = table_csv(store, text)
            (staging / f"{name}.csv").write_bytes(data)
            counts[name] = data.count(b"\n") - 1
        for name in counts:
            os.replace(staging / f"{name}.csv", target / f"{name}.csv")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts
