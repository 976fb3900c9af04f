"""The spaCy pipeline: a blank ``zh`` model (character segmentation, no downloads)
with the project's rule components.

Each component separates *finding* (a pure function of :mod:`kg.extract.names` or
:mod:`kg.extract.places` over ``doc.text``) from *writing* (``doc.spans``). Components
are registered here, in one place, by :func:`make_nlp`.

=============  =================================  ===================================
component      reads                              writes
=============  =================================  ===================================
gkg_people     ``doc.text``, ``known_names``      ``doc.spans["person"]``,
                                                  ``doc.spans["title"]``,
                                                  ``doc.user_data["people"]``
gkg_places     ``doc.text``, ``user_data["people"]`` ``doc.spans["place"]``,
                                                  ``doc.spans["body"]``,
                                                  ``user_data["places"|"visited"|…]``
=============  =================================  ===================================
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.names import NameGrammar, PersonHit, find_people, split_outside
from kg.extract.places import BodyHit, PlaceGrammar, PlaceHit
from kg.lexicon import Lexicon

SENTENCE_ENDS = "。；;！？!?"


def sentences(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Sentence ranges of ``text[start:]`` (quotes and book titles are not split)."""
    return split_outside(text, start, len(text), SENTENCE_ENDS)


class PeopleComponent:
    """Finds persons and their titles, sentence by sentence."""

    def __init__(self, grammar: NameGrammar) -> None:
        self.grammar = grammar
        self.known_names: frozenset[str] = frozenset()

    def match(self, text: str, start: int = 0) -> list[PersonHit]:
        hits: list[PersonHit] = []
        for a, b in sentences(text, start):
            hits.extend(find_people(self.grammar, text, a, b, self.known_names))
        return hits

    def __call__(self, doc: Doc) -> Doc:
        hits = self.match(doc.text, doc.user_data.get("body_start", 0))
        doc.user_data["people"] = hits
        doc.spans["person"] = _spans(doc, ((h.name_start, h.name_end) for h in hits), "PERSON")
        doc.spans["title"] = _spans(doc, ((t.start, t.end) for h in hits for t in h.titles), "TITLE")
        return doc


class PlacesComponent:
    """Finds places and bodies after locative markers and as sentence subjects."""

    def __init__(self, grammar: PlaceGrammar) -> None:
        self.grammar = grammar

    def match(
        self, text: str, start: int = 0, people: list[PersonHit] | None = None
    ) -> tuple[list[PlaceHit], list[BodyHit], list[BodyHit], list[tuple[BodyHit, str]]]:
        people = people or []
        places: list[PlaceHit] = []
        visited: list[BodyHit] = []
        subjects: list[BodyHit] = []
        objects: list[tuple[BodyHit, str]] = []
        sents = sentences(text, start)
        for a, b in sents:
            first_person = min((h.start for h in people if a <= h.start < b), default=b)
            subjects.extend(self.grammar.subjects(text, a, first_person))
            for c_a, c_b in split_outside(text, a, b, "，,"):
                p, bo = self.grammar.locatives(text, c_a, c_b)
                places.extend(p)
                visited.extend(bo)
                objects.extend(self.grammar.objects(text, c_a, c_b))
        return places, visited, subjects, objects

    def __call__(self, doc: Doc) -> Doc:
        places, visited, subjects, objects = self.match(
            doc.text, doc.user_data.get("body_start", 0), doc.user_data.get("people", [])
        )
        doc.user_data["places"] = places
        doc.user_data["visited"] = visited
        doc.user_data["subjects"] = subjects
        doc.user_data["objects"] = objects
        doc.spans["place"] = _spans(doc, ((p.start, p.end) for p in places), "PLACE")
        bodies = visited + subjects + [b for b, _ in objects]
        doc.spans["body"] = _spans(doc, ((b.start, b.end) for b in bodies), "ORG")
        return doc


def _spans(doc: Doc, ranges: object, label: str) -> list[Span]:
    out = []
    for a, b in ranges:  # type: ignore[attr-defined]
        span = doc.char_span(a, b, label=label, alignment_mode="expand")
        if span is not None:
            out.append(span)
    return out


def make_nlp(lex: Lexicon) -> Language:
    """A blank Chinese pipeline with the project's components (no model download)."""
    nlp = spacy.blank("zh")
    people = PeopleComponent(NameGrammar(lex))
    places = PlacesComponent(PlaceGrammar(lex))
    Language.component("gkg_people", func=people)
    Language.component("gkg_places", func=places)
    nlp.add_pipe("gkg_people")
    nlp.add_pipe("gkg_places")
    return nlp
