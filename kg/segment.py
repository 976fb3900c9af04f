"""Stage 2, segment: an issue → masthead, contents, documents and chronicle entries.

Works on lines: each piece is a :class:`~kg.model.Region` of the unchanged source text.
Page-break splits inside a chronicle entry are joined by taking every line up to the next
entry start into the entry.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter

from kg.dates import ChronicleDates, is_date_line
from kg.docnumber import is_number_line
from kg.lexicon import Lexicon, alternation
from kg.model import ChronicleEntry, DocumentPart, IssueLayout, Masthead, Region, SourceText
from kg.textview import clean, make_view

_YEAR_ISSUE = re.compile(r"(\d{4})年第(\d{1,3})期")
_TOTAL = re.compile(r"总第(\d{1,5})期")
_MONTH_HEADING = re.compile(r"^(\d{1,2})月份?$")
_YEAR_HEADING = re.compile(r"^(\d{4})年$")
_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")
_TERMINAL = tuple("。；：:;，,")


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # excludes the newline
    text: str  # cleaned
    tabbed: bool = False  # a table row

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(source: SourceText) -> list[Line]:
    lines = []
    pos = 0
    text = source.text
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        raw_end = end - 1 if end > pos and text[end - 1] == "\r" else end
        lines.append(Line(pos, raw_end, clean(text[pos:raw_end]), "\t" in text[pos:raw_end]))
        if nl == -1:
            break
        pos = nl + 1
    return lines


_START = attrgetter("start")


def lines_in(lines: list[Line], start: int, end: int) -> list[Line]:
    """The lines of ``lines`` (in order, as :func:`split_lines` gives them) that start in
    ``[start, end)``.

    >>> lines = split_lines(SourceText("t", "甲\\n乙\\n丙", "utf-8", ""))
    >>> [ln.text for ln in lines_in(lines, 1, 5)]
    ['乙', '丙']
    """
    return lines[bisect_left(lines, start, key=_START) : bisect_left(lines, end, key=_START)]


class _Grammar:
    """Line classifiers built from the lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.body_line = re.compile(rf"^[\u4e00-\u9fff（）()、“”]{{2,40}}{alternation(lex.body_suffixes)}$")
        self.dates = ChronicleDates(lex)
        self.heading = {w for w, kind in lex.chronicle_words.items() if kind == "heading"}
        self.attachment_words = lex.attachment_words
        self.attachment_end = re.compile(
            rf"(?:{alternation(list(lex.doc_genres) + list(lex.attachment_words))})$"
        )

    def is_entry(self, text: str) -> re.Match[str] | None:
        return self.dates.match_prefix(text)

    def title_like(self, line: Line) -> bool:
        t = line.text
        return (
            bool(t)
            and len(t) <= 80
            and not t.endswith(_TERMINAL)
            and not is_date_line(t)
            and not is_number_line(t)
            and "\t" not in t
        )

    def attachment_title(self, line: Line) -> bool:
        t = re.sub(r"[（(][^（()）]*[）)]$", "", line.text)
        return (
            self.title_like(line)
            and len(t) <= 60
            and not _ENUMERATED.match(t)
            and not self.body_line.match(t)
            and bool(self.attachment_end.search(t) or t.startswith(self.attachment_words))
        )


def _next_nonblank(lines: list[Line], i: int, step: int) -> int:
    i += step
    while 0 <= i < len(lines) and lines[i].blank:
        i += step
    return i


def _find_chronicle(lines: list[Line], g: _Grammar) -> int | None:
    """Index of the chronicle heading: the last heading line followed by an entry."""
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].text in g.heading:
            j = _next_nonblank(lines, i, 1)
            while j < len(lines) and (_MONTH_HEADING.match(lines[j].text) or _YEAR_HEADING.match(lines[j].text)):
                j = _next_nonblank(lines, j, 1)
            if j < len(lines) and g.is_entry(lines[j].text):
                return i
    return None


def _title_lines(lines: list[Line], num_i: int, floor: int, g: _Grammar) -> list[int]:
    picked: list[int] = []
    i = _next_nonblank(lines, num_i, -1)
    while i > floor and len(picked) < 4 and g.title_like(lines[i]):
        picked.append(i)
        if "关于" in lines[i].text or g.body_line.match(lines[i].text):
            break
        nxt = _next_nonblank(lines, i, -1)
        if nxt <= floor or not g.title_like(lines[nxt]) or g.body_line.match(lines[nxt].text):
            break
        i = nxt
    return sorted(picked)


def _document(lines: list[Line], num_i: int, floor: int, end_i: int, g: _Grammar) -> tuple[DocumentPart, int]:
    """Lay out one document whose number line is ``num_i``; returns it and its first line."""
    title_idx = _title_lines(lines, num_i, floor, g)
    first = title_idx[0] if title_idx else num_i
    heading = None
    above = _next_nonblank(lines, first, -1)
    title_text = "".join(lines[i].text for i in title_idx)
    issuer_in_title = re.match(r"^[\u4e00-\u9fff、]{2,40}?关于", title_text) and g.body_line.match(
        title_text.split("关于", 1)[0]
    )
    # a body line directly above the title is its heading (the issuer printed on a line of its own),
    # unless it is a table row, or the title names its issuer itself and that line is the previous
    # document's signature (a date line above it) or the start of the title
    before = _next_nonblank(lines, above, -1)
    signature_above = not title_text.startswith("关于") and before >= 0 and is_date_line(lines[before].text)
    is_body_line = above > floor and not lines[above].tabbed and bool(g.body_line.match(lines[above].text))
    if is_body_line and (
        not issuer_in_title or (not signature_above and not title_text.startswith(lines[above].text))
    ):
        heading = Region(lines[above].start, lines[above].end)
        first = above
    # addressees: the first line after the number that ends with a colon
    j = _next_nonblank(lines, num_i, 1)
    addressees = None
    body_start_i = j
    if j < end_i and lines[j].text.endswith(("：", ":")) and len(lines[j].text) < 160:
        addressees = Region(lines[j].start, lines[j].end)
        body_start_i = _next_nonblank(lines, j, 1)
    # signature: body lines directly above the first date line
    signature: list[int] = []
    date_i = None
    k = body_start_i
    while k < end_i:
        if is_date_line(lines[k].text):
            s = _next_nonblank(lines, k, -1)
            sig = []
            while s > num_i and g.body_line.match(lines[s].text.replace(" ", "")) and len(sig) < 4:
                sig.append(s)
                s = _next_nonblank(lines, s, -1)
            if sig:
                signature, date_i = sorted(sig), k
                break
        k += 1
    body_end_i = signature[0] if signature else end_i
    end_pos = lines[end_i - 1].end if end_i > 0 else 0
    body_start = lines[body_start_i].start if body_start_i < end_i else end_pos
    body_stop = lines[body_end_i - 1].end if body_end_i > body_start_i else body_start  # no body text: empty
    body = Region(body_start, max(body_start, body_stop))
    attachments: list[Region] = []
    if date_i is not None:
        starts = [i for i in range(date_i + 1, end_i) if g.attachment_title(lines[i])]
        tail_start = _next_nonblank(lines, date_i, 1)
        if tail_start < end_i and (not starts or starts[0] != tail_start):
            starts.insert(0, tail_start)
        for a, b in zip(starts, starts[1:] + [end_i]):
            last = b - 1
            while last > a and lines[last].blank:
                last -= 1
            attachments.append(Region(lines[a].start, lines[last].end))
    part = DocumentPart(
        region=Region(lines[first].start, end_pos),
        heading=heading,
        title=tuple(Region(lines[i].start, lines[i].end) for i in title_idx),
        number=Region(lines[num_i].start, lines[num_i].end),
        addressees=addressees,
        body=body,
        signature=tuple(Region(lines[i].start, lines[i].end) for i in signature),
        date=Region(lines[date_i].start, lines[date_i].end) if date_i is not None else None,
        attachments=tuple(attachments),
    )
    return part, first


def _masthead(lines: list[Line], end_i: int) -> Masthead:
    nonblank = [ln for ln in lines[:end_i] if not ln.blank]
    title = Region(nonblank[0].start, nonblank[0].end) if nonblank else None
    year = number = total = None
    year_region = None
    for ln in nonblank:
        m = _YEAR_ISSUE.search(ln.text)
        if m and year is None:
            year, number, year_region = int(m.group(1)), int(m.group(2)), Region(ln.start, ln.end)
        t = _TOTAL.search(ln.text)
        if t and total is None:
            total = int(t.group(1))
    end = lines[end_i - 1].end if end_i > 0 else 0
    return Masthead(Region(0, end), title, year, number, total, year_region,
                    tuple(Region(ln.start, ln.end) for ln in nonblank))


def _chronicle(
    text: str, lines: list[Line], head_i: int, end_i: int, year: int | None, g: _Grammar
) -> list[ChronicleEntry]:
    entries: list[ChronicleEntry] = []
    cur_year, cur_month = year, None
    open_start: int | None = None
    open_date: Region | None = None
    open_ctx: tuple[int | None, int | None] = (None, None)
    last_end = 0

    def close() -> None:
        if open_start is not None and open_date is not None:
            entries.append(ChronicleEntry(Region(open_start, last_end), open_date, *open_ctx))

    for ln in lines[head_i + 1 : end_i]:
        if ln.blank:
            continue
        my = _YEAR_HEADING.match(ln.text)
        mm = _MONTH_HEADING.match(ln.text)
        m = g.is_entry(ln.text)
        if my or mm:
            close()
            open_start = None
            if my:
                cur_year, cur_month = int(my.group(1)), None
            else:
                cur_month = int(mm.group(1))  # type: ignore[union-attr]
            continue
        if m:
            close()
            open_start = ln.start
            view = make_view(text, ln.start, ln.end)
            open_date = Region(*view.source_range(0, len(m.group())))
            open_ctx = (cur_year, cur_month)
        if open_start is not None:
            last_end = ln.end
    close()
    return entries


def segment_issue(source: SourceText, lex: Lexicon) -> IssueLayout:
    """Split one gazette issue into its parts."""
    g = _Grammar(lex)
    lines = split_lines(source)
    head_i = _find_chronicle(lines, g)
    doc_limit = head_i if head_i is not None else len(lines)
    numbers = [i for i in range(doc_limit) if is_number_line(lines[i].text) and lines[i].text]
    contents_i = next((i for i in range(doc_limit) if lines[i].text in ("目录",)), None)
    floor = contents_i if contents_i is not None else -1
    documents: list[DocumentPart] = []
    firsts: list[int] = []
    # lay out back to front so each document ends where the next one begins
    end_i = doc_limit
    for k in range(len(numbers) - 1, -1, -1):
        num_i = numbers[k]
        lower = max(floor, numbers[k - 1] if k else floor)
        part, first = _document(lines, num_i, lower, end_i, g)
        documents.append(part)
        firsts.append(first)
        end_i = first
    documents.reverse()
    first_doc = min(firsts) if firsts else doc_limit
    masthead_end = contents_i if contents_i is not None else first_doc
    masthead = _masthead(lines, masthead_end)
    contents = None
    if contents_i is not None:
        last = first_doc - 1
        contents = Region(lines[contents_i].start, lines[max(last, contents_i)].end)
    chronicle: list[ChronicleEntry] = []
    if head_i is not None:
        chronicle = _chronicle(source.text, lines, head_i, len(lines), None, g)
    return IssueLayout(source, masthead, contents, tuple(documents), tuple(chronicle))
