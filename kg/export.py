"""Serialise a graph, byte-stable, and write it atomically (nothing half-written)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg.ids import RESOURCE_BASE

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


DEFAULT_GRAPH_NAME = f"{RESOURCE_BASE}graph/gazette-kg"


def to_dataset(graph: Graph, name: str = DEFAULT_GRAPH_NAME) -> Dataset:
    """The graph as a dataset holding one named graph (for TriG and N-Quads)."""
    ds = Dataset()
    for prefix, ns in graph.namespaces():
        ds.bind(prefix, ns, override=True, replace=True)
    named = ds.graph(URIRef(name))
    for triple in graph:
        named.add(triple)
    return ds


def _canonical_json(value: object) -> object:
    """Sort every JSON-LD array (RDF values are unordered; we write no @list)."""
    if isinstance(value, dict):
        return {k: _canonical_json(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def serialize(graph: Graph, fmt: str) -> bytes:
    """Serialise deterministically: N-Triples and N-Quads lines are sorted, JSON-LD
    arrays are sorted, TriG names its graph with a fixed IRI."""
    if fmt in ("nt", "nquads"):
        source = graph if fmt == "nt" else to_dataset(graph)
        text = source.serialize(format="nt11" if fmt == "nt" else "nquads", encoding="utf-8").decode("utf-8")
        lines = sorted(line for line in text.splitlines() if line.strip())
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "json-ld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces()}
        raw = graph.serialize(format="json-ld", context=dict(sorted(context.items())), encoding="utf-8")
        data = _canonical_json(json.loads(raw))
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    if fmt == "trig":
        return to_dataset(graph).serialize(format="trig", encoding="utf-8")
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
