"""Measure extraction against hand-checked gold, reading the built graph back through SPARQL:
chronicle events (:mod:`kg.evaluate.chronicle`) and documents (:mod:`kg.evaluate.documents`)."""

from kg.evaluate.chronicle import Report, Score, format_report, format_scores, gold_sources, load_gold, score
from kg.evaluate.bodies import load_body_gold, score_bodies
from kg.evaluate.documents import load_document_gold, score_documents

__all__ = ["Report", "Score", "format_report", "format_scores", "gold_sources", "load_gold", "score",
           "load_document_gold", "score_documents", "load_body_gold", "score_bodies"]
