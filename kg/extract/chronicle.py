"""Chronicle (大事记) entries → events with dates, participants, roles, places, bodies.

Two passes over the whole chronicle: the first finds names from context alone; names
seen with a title become ``known_names`` for the second, which settles ambiguous ends
(``副市长王小明主，`` → 王小明) and single bare names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from kg.dates import ChronicleDates, resolve_prefix
from kg.extract.names import PersonHit, mask_quoted
from kg.extract.nlp import sentences
from kg.lexicon import Lexicon, alternation
from kg.model import (
    BodyParticipant,
    ChronicleEntry,
    EventRecord,
    Mention,
    Participant,
    PlaceMention,
    SourceText,
)
from kg.textview import TextView, make_view

_SEPARATORS = "，,、：: "


class RoleReader:
    """How a person took part, from the words after their name."""

    def __init__(self, lex: Lexicon) -> None:
        self.keywords = re.compile(alternation(w for w, _ in lex.event_roles))
        self.role_of = dict(lex.event_roles)
        self.accompany = [w for w, r in lex.event_roles if r == "Accompanying"]
        self.inspection = re.compile(alternation(lex.inspection_words))
        self.report = re.compile(rf"作[^，。；]{{0,24}}?{alternation(lex.report_words)}")
        self.additive = set(lex.additive_roles)
        self.frames = [re.compile(rf"{re.escape(a)}(.{{1,60}}?){re.escape(b)}") for a, b in lex.accompany_frames]

    def frame(self, masked: str, a: int, b: int) -> tuple[int, int, int] | None:
        """``在…陪同下`` in ``masked[a:b]``: where the accompanying persons stand, and
        where the sentence goes on."""
        for f in self.frames:
            m = f.search(masked, a, b)
            if m:
                return m.start(1), m.end(1), m.end()
        return None

    def roles(self, masked: str, a: int, b: int) -> list[str]:
        seg = masked[a:b]
        if any(w in seg for w in self.accompany):
            return ["Accompanying"]
        hits = [(m.start(), self.role_of[m.group()]) for m in self.keywords.finditer(seg)]
        # a longer keyword at the same place wins (到会讲话 over 到会)
        hits += [(m.start(), "Speaker") for m in self.report.finditer(seg)]
        if hits:
            hits.sort(key=lambda h: (h[0], -len(h[1])))
            roles = hits[0][1].split("+")
            for pos, role in hits[1:]:
                if seg[max(0, pos - 2) : pos].endswith(("并", "并作")):
                    roles.extend(r for r in role.split("+") if r not in roles and r in self.additive)
            return roles
        if self.inspection.search(seg):
            return ["Lead"]
        return []


def _mention(source: SourceText, view: TextView, kind: str, a: int, b: int, rule: str) -> Mention:
    s, e = view.source_range(a, b)
    return Mention(kind, view.text[a:b], source.span(s, e, rule))


def _participants(
    source: SourceText, view: TextView, doc: Doc, reader: RoleReader
) -> tuple[Participant, ...]:
    hits: list[PersonHit] = doc.user_data["people"]
    masked = mask_quoted(view.text)
    sents = sentences(doc.text, doc.user_data.get("body_start", 0))
    out: list[Participant] = []
    for a, b in sents:
        group = [h for h in hits if a <= h.name_start < b]
        roles: list[list[str]] = []
        frame = reader.frame(masked, a, b)
        for i, h in enumerate(group):
            stop = group[i + 1].start if i + 1 < len(group) else b
            if frame and frame[0] <= h.start and h.name_end <= frame[1]:
                roles.append(["Accompanying"])  # 在乙陪同下
            elif frame and h.name_end <= frame[0]:
                later = [g.start for g in group if g.start >= frame[2]]
                roles.append(reader.roles(masked, frame[2], min(later, default=b)))  # 甲在…陪同下，到…视察
            else:
                roles.append(reader.roles(masked, h.name_end, max(stop, h.name_end)))
        for i in range(len(group) - 1, -1, -1):
            if not roles[i]:
                roles[i] = roles[i + 1] if i + 1 < len(group) else ["Attendee"]
        for h, r in zip(group, roles):
            name = _mention(source, view, "person", h.name_start, h.name_end, h.rule)
            titles = tuple(_mention(source, view, "title", t.start, t.end, "title") for t in h.titles)
            out.append(Participant(name, titles, tuple(r)))
    return _merge_participants(out)


def _merge_participants(parts: list[Participant]) -> tuple[Participant, ...]:
    """One participant per name in an event; roles and titles unite."""
    merged: dict[str, Participant] = {}
    for p in parts:
        if p.name.text in merged:
            old = merged[p.name.text]
            titles = old.titles + tuple(t for t in p.titles if t.text not in {x.text for x in old.titles})
            roles = old.roles + tuple(r for r in p.roles if r not in old.roles)
            merged[p.name.text] = Participant(old.name, titles, roles)
        else:
            merged[p.name.text] = p
    return tuple(merged.values())


def _merge_bodies(found: list[tuple[Mention, tuple[str, ...]]]) -> tuple[BodyParticipant, ...]:
    """One entry per body mention (by position); a body that takes part is not also 'visited'."""
    merged: dict[int, BodyParticipant] = {}
    for mention, roles in found:
        old = merged.get(mention.span.start)
        if old is None:
            merged[mention.span.start] = BodyParticipant(mention, roles)
        elif roles:
            merged[mention.span.start] = BodyParticipant(old.body, old.roles + tuple(r for r in roles if r not in old.roles))
    return tuple(merged[k] for k in sorted(merged))


def _event_type(lex: Lexicon, masked: str, people: list[PersonHit]) -> str:
    """The type of the first keyword of ``data/lexicon/event_types.tsv`` found in the
    entry, with persons' titles masked (县人大常委会主任 says nothing of the event)."""
    chars = list(masked)
    for h in people:
        for i in range(h.start, h.name_end):
            chars[i] = "□"
    text = "".join(chars)
    for word, kind in lex.event_types:
        if word in text:
            return kind
    return "OtherEvent"


def extract_events(
    source: SourceText,
    entries: tuple[ChronicleEntry, ...],
    issue_year: int | None,
    issue_month: int | None,
    lex: Lexicon,
    nlp: Language,
) -> tuple[list[EventRecord], list[str]]:
    """Events from the chronicle entries of one issue, and warnings for skipped entries."""
    dates = ChronicleDates(lex)
    reader = RoleReader(lex)
    views = [make_view(source.text, e.region.start, e.region.end) for e in entries]
    body_starts = []
    for e, v in zip(entries, views):
        m = dates.match_prefix(v.text)
        k = m.end() if m else 0
        while k < len(v.text) and v.text[k] in _SEPARATORS:
            k += 1
        body_starts.append(k)
    people = nlp.get_pipe("gkg_people")
    people.known_names = frozenset()
    first = [people.match(v.text, k) for v, k in zip(views, body_starts)]
    counts = Counter(h.name for hits in first for h in hits if h.titles)
    known = {n for n in counts if not (n[:-1] in counts and counts[n[:-1]] > counts[n])}
    people.known_names = frozenset(known)
    docs = []
    for v, k in zip(views, body_starts):
        doc = nlp.make_doc(v.text)
        doc.user_data["body_start"] = k
        docs.append(doc)
    docs = list(nlp.pipe(docs))
    people.known_names = frozenset()

    events: list[EventRecord] = []
    warnings: list[str] = []
    previous: tuple[dt.date, dt.date] | None = None
    for entry, view, doc in zip(entries, views, docs):
        m = dates.match_prefix(view.text)
        prefix = dates.parse(m.group()) if m else None
        year = entry.year or issue_year
        month = entry.month
        if year and month and entry.year is None and issue_month and month - issue_month >= 6:
            year -= 1  # a December chronicle printed in next year's first issue (not a bimonthly's 3月 in 第2期)
        span = source.span(entry.region.start, entry.region.end, "chronicle-entry")
        when = resolve_prefix(prefix, year, month, previous) if (prefix and year) else None
        if when is None:
            warnings.append(f"{source.name}:{span.line}: chronicle entry has no date that can be resolved; skipped")
            continue
        previous = when
        masked = mask_quoted(view.text)
        places = tuple(
            PlaceMention(
                _mention(source, view, "place", p.start, p.end, "place-after-locative"),
                tuple(_mention(source, view, "place", a, b, "place-chain") for a, b in p.chain),
            )
            for p in doc.user_data["places"]
        )
        bodies = _merge_bodies(
            [(_mention(source, view, "body", b.start, b.end, "subject-body"), ("Attendee",)) for b in doc.user_data["subjects"]]
            + [(_mention(source, view, "body", b.start, b.end, "object-body"), (role,)) for b, role in doc.user_data["objects"]]
            + [(_mention(source, view, "body", b.start, b.end, "visited-body"), ()) for b in doc.user_data["visited"]]
        )
        events.append(
            EventRecord(
                span=span,
                start=when[0],
                end=when[1],
                event_type=_event_type(lex, masked, doc.user_data["people"]),
                description=view.text,
                participants=_participants(source, view, doc, reader),
                bodies=bodies,
                places=places,
            )
        )
    return events, warnings
