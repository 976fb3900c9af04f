"""Stage 3, extract: an issue's layout → mentions of people, titles, bodies, places,
events, documents and lists, each with its source span."""

from __future__ import annotations

from spacy.language import Language

from kg.extract.bodies import BodyScanner, scan_bodies
from kg.extract.chronicle import extract_events
from kg.extract.documents import extract_commendations, extract_document
from kg.extract.duties import DutyGrammar, extract_tasks
from kg.extract.rosters import extract_rosters
from kg.extract.tables import extract_tables
from kg.extract.masthead import extract_masthead
from kg.extract.names import NameGrammar
from kg.extract.nlp import make_nlp
from kg.lexicon import Lexicon
from kg.model import Extraction, IssueLayout
from kg.segment import split_lines

__all__ = ["extract_issue", "make_nlp"]


def extract_issue(layout: IssueLayout, lex: Lexicon, nlp: Language) -> Extraction:
    """Everything one issue says, as records with provenance."""
    issue, board = extract_masthead(layout, lex)
    names = NameGrammar(lex)
    documents = []
    commendations = []
    tasks = []
    tables = []
    rosters = []
    lines = split_lines(layout.source)
    duties = DutyGrammar(lex)
    scanner = BodyScanner(lex, (issue.city or "", issue.province or ""))
    references = scan_bodies(layout.source, layout.masthead.region.start, layout.masthead.region.end, scanner, None)
    for part in layout.documents:
        records = extract_document(layout.source, part, lex)
        documents.extend(records)
        commendations.extend(extract_commendations(layout.source, part, records[0], lex, names))
        year = records[0].issued.year if records[0].issued else issue.year
        tasks.extend(extract_tasks(layout.source, lines, part, records[0].key, year, duties))
        tables.extend(extract_tables(layout.source, lines, part, records[0].key))
        references.extend(scan_bodies(layout.source, part.region.start, part.region.end, scanner, records[0].key))
        rosters.extend(extract_rosters(layout.source, lines, part, records[0].key, records[0].title, lex, names))
    for entry in layout.chronicle:
        references.extend(scan_bodies(layout.source, entry.region.start, entry.region.end, scanner, None))
    events, warnings = extract_events(
        layout.source, layout.chronicle, issue.year, issue.number, lex, nlp
    )
    return Extraction(issue, tuple(documents), tuple(events), tuple(commendations), tuple(board), tuple(warnings),
                      tuple(tasks), tuple(tables), tuple(rosters),
                      tuple(references))
