"""Serialise a graph, byte-stable, and write it atomically (nothing half-written)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from rdflib import Dataset, Graph, URIRef

from kg.ids import RESOURCE_BASE

from kg.datatypes import declared_type
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


def dataset_bytes(quads: Iterable[ox.Quad], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Quads (a named graph per issue) as N-Quads (lines sorted) or TriG (graphs and
    statements in a fixed order): the same store gives the same bytes."""
    ordered = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    if fmt == "nquads":
        text = (ox.serialize(ordered, format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")
        return ("\n".join(sorted(line for line in text.splitlines() if line.strip())) + "\n").encode("utf-8")
    if fmt == "trig":
        return ox.serialize(ordered, format=ox.RdfFormat.TRIG, prefixes=dict(sorted((prefixes or {}).items()))) or b""
    raise UsageError(f"{fmt} holds one graph: use turtle, nt or jsonld for it, trig or nquads for named graphs")


_XSD = "http://www.w3.org/2001/XMLSchema#"


def declared_datatypes(shapes: Graph) -> dict[str, str]:
    """Property → datatype, for the properties whose SHACL shape names an integer type other
    than xsd:integer (oa:start is xsd:nonNegativeInteger). Oxigraph stores such literals as
    xsd:integer (it normalises derived integer types); reading a store back, they get the
    type the shapes declare again."""
    q = """PREFIX sh: <http://www.w3.org/ns/shacl#>
    SELECT DISTINCT ?p ?d WHERE { ?s sh:path ?p ; sh:datatype ?d }"""
    derived = {f"{_XSD}{t}" for t in ("nonNegativeInteger", "positiveInteger", "negativeInteger",
                                       "nonPositiveInteger", "long", "int", "short", "byte", "unsignedLong",
                                       "unsignedInt", "unsignedShort", "unsignedByte")}
    return {str(r[0]): str(r[1]) for r in shapes.query(q) if str(r[1]) in derived}  # type: ignore[index]


def graph_of(quads: Iterable[ox.Quad], prefixes: dict[str, str], datatypes: dict[str, str] | None = None) -> Graph:
    """An rdflib graph of the triples of ``quads`` with ``prefixes`` bound (to serialise as
    one graph); ``datatypes`` (see :func:`declared_datatypes`) retypes normalised integers."""
    g = Graph()
    for prefix, ns in prefixes.items():
        g.bind(prefix, ns, override=True, replace=True)
    for q in quads:
        o = declared_type(q.predicate, q.object, datatypes)
        g.add((_rdflib(q.subject), _rdflib(q.predicate), _rdflib(o)))  # type: ignore[arg-type]
    return g


def retyped(quads: Iterable[ox.Quad], datatypes: dict[str, str]) -> list[ox.Quad]:
    """``quads`` with normalised integers typed as declared again (for TriG and N-Quads)."""
    return [ox.Quad(q.subject, q.predicate, declared_type(q.predicate, q.object, datatypes), q.graph_name)  # type: ignore[arg-type]
            for q in quads]


def _rdflib(term: object) -> object:
    from rdflib import BNode, Literal

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == f"{_XSD}string" else URIRef(dt))
    raise TypeError(f"not an RDF term: {term!r}")


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
