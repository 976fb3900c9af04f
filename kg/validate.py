"""SHACL validation of a built graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    shape: str


def load_shapes(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


def check_graph(data: Graph, shapes: Graph, ontology: Graph | None = None) -> list[Violation]:
    """All SHACL violations, sorted (empty when the graph conforms)."""
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs" if ontology else "none",
                                   advanced=True, allow_warnings=False)
    out = []
    for result in report.subjects(SH.resultSeverity, None):
        out.append(Violation(
            focus=str(report.value(result, SH.focusNode)),
            path=str(report.value(result, SH.resultPath) or ""),
            message=str(report.value(result, SH.resultMessage) or ""),
            shape=str(report.value(result, SH.sourceShape) or ""),
        ))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
