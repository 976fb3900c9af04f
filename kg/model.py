"""The small records that travel between stages.

Every record is a frozen dataclass. Records made by extraction keep where they came
from (:class:`Span`): the source file, character offsets into the decoded text, the
1-based line, the exact quoted text and the rule that found it. Resolution adds ids
and never overwrites the raw values.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field, fields


def _by_fields(cls: type) -> type:
    """Pickle a slotted frozen dataclass as its class and the values of its init fields, so
    unpickling calls ``__init__`` (dataclasses' own ``__setstate__`` for slots is several
    times slower, and a corpus's cached extractions hold millions of these objects)."""
    names = tuple(f.name for f in fields(cls) if f.init)

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, tuple(getattr(self, n) for n in names)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


@_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a source text, as provenance."""

    source: str
    start: int
    end: int
    line: int
    exact: str
    rule: str = ""
    page: int | None = None  # 1-based page of a paged source (PDF) the span begins on


@_by_fields
@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded source file. ``text`` is exactly what was decoded (or, for a PDF or a web
    page, the text read from it: ``kg extract-text`` shows it), so offsets hold.
    ``page_starts`` holds the offset where each page begins, for sources that have pages."""

    name: str
    text: str
    encoding: str
    sha256: str
    page_starts: tuple[int, ...] = ()
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts, text = [0], self.text
        at = text.find("\n")
        while at >= 0:  # str.find, not a loop over every character: a source is read many times
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        object.__setattr__(self, "_line_starts", tuple(starts))

    @classmethod
    def from_text(cls, name: str, text: str, encoding: str = "utf-8", page_starts: tuple[int, ...] = ()) -> "SourceText":
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(name=name, text=text, encoding=encoding, sha256=digest, page_starts=page_starts)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def page_of(self, offset: int) -> int | None:
        r"""1-based page of a character offset (None for a source without pages).

        >>> SourceText.from_text("x.pdf", "ab\ncd", page_starts=(0, 3)).page_of(4)
        2
        """
        return bisect.bisect_right(self.page_starts, offset) if self.page_starts else None

    def span(self, start: int, end: int, rule: str = "") -> Span:
        return Span(self.name, start, end, self.line_of(start), self.text[start:end], rule, self.page_of(start))


# --- segment -------------------------------------------------------------------


@_by_fields
@dataclass(frozen=True, slots=True)
class Region:
    """A half-open character range of the source text."""

    start: int
    end: int


@_by_fields
@dataclass(frozen=True, slots=True)
class Masthead:
    region: Region
    title: Region | None
    year: int | None
    number: int | None  # 期
    total: int | None  # 总第N期
    year_region: Region | None
    lines: tuple[Region, ...]  # non-empty lines, for the editorial board


@_by_fields
@dataclass(frozen=True, slots=True)
class DocumentPart:
    """One official document as laid out in the issue."""

    region: Region
    heading: Region | None  # the issuing body on a line of its own above the title
    title: tuple[Region, ...]  # one or several title lines
    number: Region
    addressees: Region | None
    body: Region
    signature: tuple[Region, ...]  # signing body lines
    date: Region | None
    attachments: tuple[Region, ...]  # attached plans, lists, tables (one region each)


@_by_fields
@dataclass(frozen=True, slots=True)
class ChronicleEntry:
    region: Region
    date_region: Region  # the date prefix (``5日—8日``, ``是月``, ``▲`` …)
    year: int | None  # from a year heading, else the issue
    month: int | None  # from a month heading


@_by_fields
@dataclass(frozen=True, slots=True)
class IssueLayout:
    source: SourceText
    masthead: Masthead
    contents: Region | None
    documents: tuple[DocumentPart, ...]
    chronicle: tuple[ChronicleEntry, ...]


# --- extract -------------------------------------------------------------------


@_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """A name, title, body or place as written (``text`` is the cleaned form)."""

    kind: str
    text: str
    span: Span


@_by_fields
@dataclass(frozen=True, slots=True)
class Participant:
    name: Mention
    titles: tuple[Mention, ...]
    roles: tuple[str, ...]


@_by_fields
@dataclass(frozen=True, slots=True)
class BodyParticipant:
    body: Mention
    roles: tuple[str, ...]


@_by_fields
@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place as written, with the chain it names (``平阳县石门乡`` → 平阳县 ⊃ 石门乡)."""

    written: Mention
    chain: tuple[Mention, ...]


@_by_fields
@dataclass(frozen=True, slots=True)
class EventRecord:
    span: Span
    start: dt.date
    end: dt.date
    event_type: str
    description: str
    participants: tuple[Participant, ...]
    bodies: tuple[BodyParticipant, ...]
    places: tuple[PlaceMention, ...]


@_by_fields
@dataclass(frozen=True, slots=True)
class Citation:
    number: str  # normalised (no spaces)
    title: str | None
    span: Span


@_by_fields
@dataclass(frozen=True, slots=True)
class DocumentRecord:
    key: str  # the normalised number, or issue + title for unnumbered parts
    number: str | None
    number_span: Span | None
    title: str
    title_span: Span
    genre: str | None
    issued: dt.date | None
    issuers: tuple[Mention, ...]
    addressees: tuple[Mention, ...]
    citations: tuple[Citation, ...]
    repeals: tuple[Citation, ...]
    span: Span
    part_of: str | None = None  # key of the document this one is attached to


@_by_fields
@dataclass(frozen=True, slots=True)
class Duty:
    body: Mention
    role: str  # lead / support


@_by_fields
@dataclass(frozen=True, slots=True)
class TaskRecord:
    """A duty clause of a document: what is to be done, by whom, by when."""

    document_key: str
    span: Span
    text: str
    duties: tuple[Duty, ...]
    deadline: Mention | None
    deadline_date: dt.date | None


@_by_fields
@dataclass(frozen=True, slots=True)
class TableCell:
    row: str
    column: str
    value: str
    unit: str | None
    span: Span


@_by_fields
@dataclass(frozen=True, slots=True)
class TableRecord:
    document_key: str
    title: str
    span: Span
    header_line: int
    cells: tuple[TableCell, ...]


@_by_fields
@dataclass(frozen=True, slots=True)
class RosterEntry:
    """A name on a roster with the role in the group and the post (组长：甲　国务院副总理)."""

    document_key: str
    person: Mention
    role: Mention
    post: Mention | None
    group: str | None


@_by_fields
@dataclass(frozen=True, slots=True)
class CommendationRecord:
    document_key: str
    awardee: Mention  # kind "person" or "body"
    affiliation: Mention | None
    honour: str | None
    span: Span


@_by_fields
@dataclass(frozen=True, slots=True)
class BoardMember:
    person: Mention
    role: Mention


@_by_fields
@dataclass(frozen=True, slots=True)
class IssueRecord:
    source: SourceText
    title: str
    city: str | None
    province: str | None
    year: int | None
    number: int | None
    total: int | None
    publisher: Mention | None
    span: Span


@_by_fields
@dataclass(frozen=True, slots=True)
class BodyReference:
    """A body named in a document's text or the masthead (``document_key`` None)."""

    document_key: str | None
    body: Mention


@_by_fields
@dataclass(frozen=True, slots=True)
class Extraction:
    issue: IssueRecord
    documents: tuple[DocumentRecord, ...]
    events: tuple[EventRecord, ...]
    commendations: tuple[CommendationRecord, ...]
    board: tuple[BoardMember, ...]
    warnings: tuple[str, ...] = ()
    tasks: tuple[TaskRecord, ...] = ()
    tables: tuple[TableRecord, ...] = ()
    rosters: tuple[RosterEntry, ...] = ()
    references: tuple[BodyReference, ...] = ()
