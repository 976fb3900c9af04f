"""Compose the stages: read → segment → extract → resolve → graph."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError
from kg.extract import extract_issue, make_nlp
from kg.graph import build_graph, load_ontology
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Extraction
from kg.read import find_sources, read_source, source_names
from kg.resolve import Resolution, load_decisions, resolve, romanize_name
from kg.resources import resource_dir
from kg.segment import segment_issue


@dataclass
class BuildResult:
    graph: Graph
    extractions: list[Extraction]
    resolution: Resolution
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, int | float]:
        x = self.extractions
        return {
            "issues": len(x),
            "documents": sum(1 for e in x for d in e.documents if d.number),
            "attachments": sum(1 for e in x for d in e.documents if not d.number),
            "chronicle entries": sum(len(e.issue and e.events) for e in x),
            "events": sum(len(e.events) for e in x),
            "persons": len(self.resolution.persons),
            "bodies": len(self.resolution.bodies),
            "places": len(self.resolution.places),
            "memberships": len(self.resolution.memberships),
            "commendations": sum(len(e.commendations) for e in x),
            "tasks": sum(len(e.tasks) for e in x),
            "triples": len(self.graph),
            "seconds": round(self.seconds, 2),
        }


def extract_paths(paths: list[str | Path], lex: Lexicon | None = None) -> tuple[list[Extraction], list[str]]:
    """Read, segment and extract every gazette under ``paths``."""
    lex = lex or load_lexicon()
    nlp = make_nlp(lex)
    extractions: list[Extraction] = []
    warnings: list[str] = []
    found = find_sources(list(paths))
    names = source_names(found)
    for path in found:
        source = read_source(path, names[path])
        layout = segment_issue(source, lex)
        if not layout.documents and not layout.chronicle:
            raise InputError(f"{path}: no documents (文号 lines) and no chronicle (大事记) found: is this a gazette?")
        x = extract_issue(layout, lex, nlp)
        extractions.append(x)
        warnings.extend(x.warnings)
    return extractions, warnings


def build(paths: list[str | Path], lex: Lexicon | None = None, decisions: str | Path | None = None) -> BuildResult:
    """The knowledge graph of the gazettes under ``paths``; ``decisions`` is a file of
    researchers' judgements on person mentions (see :func:`kg.resolve.load_decisions`)."""
    started = time.perf_counter()
    lex = lex or load_lexicon()
    extractions, warnings = extract_paths(paths, lex)
    res = resolve(extractions, lex, load_decisions(decisions) if decisions else None)
    graph = build_graph(extractions, res, load_ontology(resource_dir("ontology")), lex.editor_roles,
                        functools.partial(romanize_name, lex=lex))
    return BuildResult(graph, extractions, res, warnings, time.perf_counter() - started)
