"""Serialise a graph, byte-stable, and write it atomically (nothing half-written)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from kg.errors import UsageError

FORMATS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt", "jsonld": "json-ld",
           "json-ld": "json-ld", "trig": "trig", "nq": "nquads", "nquads": "nquads", "xml": "xml"}
EXTENSIONS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld", ".trig": "trig",
              ".nq": "nquads", ".rdf": "xml", ".owl": "xml"}


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The rdflib format for an output path, from ``explicit`` or the extension.

    >>> format_for("out/kg.nt")
    'nt'
    >>> format_for("kg.data", "turtle")
    'turtle'
    """
    name = explicit or EXTENSIONS.get(Path(path).suffix.lower())
    if name is None:
        raise UsageError(f"cannot tell the RDF format of {path}: use --format ({', '.join(sorted(set(EXTENSIONS.values())))})")
    if name not in FORMATS:
        raise UsageError(f"unknown format {name!r}: choose one of {', '.join(sorted(FORMATS))}")
    return FORMATS[name]


def serialize(graph: Graph, fmt: str) -> bytes:
    """Serialise deterministically: N-Triples and N-Quads lines are sorted."""
    if fmt in ("nt", "nquads"):
        text = graph.serialize(format="nt11" if fmt == "nt" else fmt, encoding="utf-8").decode("utf-8")
        lines = sorted(line for line in text.splitlines() if line.strip())
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "json-ld":
        context = {prefix: ns for prefix, ns in graph.namespaces()}
        return graph.serialize(format="json-ld", context=dict(sorted(context.items())), sort_keys=True,
                               indent=1, encoding="utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
