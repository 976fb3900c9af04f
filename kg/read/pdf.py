"""Read a gazette PDF: the text of its text layer in reading order, one paragraph a line.

Library: pdfplumber (MIT, on pdfminer.six, also MIT) gives every character with its
position and size, which is what the heuristics below need. PyMuPDF would be faster but is
AGPL-3.0 (or commercial), which does not fit this MIT project, so it is not used.

Heuristics (positions in points, ``size`` the font size of a line):

* lines: characters whose tops lie within 0.4 × size of each other, left to right; a gap
  of 1.5 × size or more between characters is a table-cell boundary (a tab), a smaller
  gap without a space character becomes one space;
* running headers and footers: among the first two lines near the top (top 15 % of the
  page) and the last two near the bottom (bottom 15 %), a line whose text (digits
  ignored) comes back at the same height on at least half the pages (and at least two),
  or that is only a page number (``— 3 —``, ``- 3 -``, ``3``, ``第3页``), is dropped;
* two columns: a vertical band in the middle of the page that almost no line crosses,
  while at least 40 % of the lines have text on both sides of it and no other wide gap
  (a table has many), is a gutter: full-width lines above, the left column, the right
  column, then full-width lines below;
* ruled tables (pdfplumber's table finder, ruling lines only): each row is one line, its
  cells joined by tabs, empty and merged-away cells kept as empty cells, a cell's wrapped
  lines joined without a space (with one between two Latin letters); the table's
  characters are read nowhere else, its rows are never joined, headers or columns; a ruled
  box of a single column (a frame, a rule) is no table. Tables without rulings are rows
  of lines whose wide gaps are tabs (above), which loses their empty cells;
* paragraphs: a line is joined to the one before it (without a space: Chinese has none;
  with one between two Latin letters) when that line reaches the right margin, this one
  is not indented (two full-width spaces or a larger x0), neither is a table row and the
  font size is the same; this also joins a word broken across a page (or column) break.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.model import SourceText

_BLANK = " \u3000\t\xa0"
_PAGE_NUMBER = re.compile(r"^[\s\-—–－_·•]*(第\s*)?\d{1,4}(\s*页)?[\s\-—–－_·•]*$")


@dataclass(frozen=True)
class PdfText:
    """What was read from a PDF: the source, its page count and the lines dropped as
    running headers, footers or page numbers, as ``(page, text)``."""

    source: SourceText
    pages: int
    dropped: tuple[tuple[int, str], ...]


@dataclass
class _Line:
    page: int
    chars: list[dict] = field(default_factory=list)
    cells: tuple[str, ...] | None = None  # a ruled table's row: its cells' texts

    @property
    def size(self) -> float:
        return max(c["size"] for c in self.chars)

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars)

    def ink(self) -> list[dict]:
        return [c for c in self.chars if c["text"] not in _BLANK]

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.ink())

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.ink())

    def gaps(self) -> list[tuple[float, float]]:
        """The wide gaps (≥ 1.5 × size) between inked characters."""
        ink = sorted(self.ink(), key=lambda c: c["x0"])
        return [(a["x1"], b["x0"]) for a, b in zip(ink, ink[1:]) if b["x0"] - a["x1"] >= 1.5 * self.size]

    def text(self) -> str:
        if self.cells is not None:
            return "\t".join(self.cells)
        out: list[str] = []
        prev = None
        for c in sorted(self.chars, key=lambda c: c["x0"]):
            if prev is not None:
                gap = c["x0"] - prev["x1"]
                if gap >= 1.5 * self.size and c["text"] not in _BLANK:
                    out.append("\t")
                elif gap >= 0.25 * self.size and c["text"] not in _BLANK and prev["text"] not in _BLANK:
                    out.append(" ")
            out.append(c["text"])
            prev = c
        text = re.sub(r"[ \u3000\xa0]*\t[ \u3000\xa0\t]*", "\t", "".join(out))
        return text.strip(_BLANK)


def _lines(chars: list[dict], page: int) -> list[_Line]:
    lines: list[_Line] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(c["top"] - lines[-1].chars[0]["top"]) < 0.4 * max(c["size"], lines[-1].chars[0]["size"]):
            lines[-1].chars.append(c)
        else:
            lines.append(_Line(page, [c]))
    return [ln for ln in lines if ln.ink()]


def _inside(c: dict, box: tuple[float, float, float, float]) -> bool:
    x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table_rows(chars: list[dict], tables: list, page: int) -> tuple[list[_Line], list[dict]]:
    """The rows of the page's ruled tables as lines, and the characters outside them.

    ``tables`` holds each table as ``(bbox, rows)``, a row being its cells' boxes (``None``
    for a cell covered by a merged one, which reads as an empty cell); a cell's wrapped
    lines are joined without a space (as wrapped paragraphs are)."""
    rows: list[_Line] = []
    for bbox, table in tables:
        for cells in table:
            texts, row_chars = [], []
            for box in cells:
                inner = [c for c in chars if box is not None and _inside(c, box)]
                row_chars += inner
                texts.append(_joined([ln.text() for ln in _lines(inner, page)]))
            if any(texts):
                rows.append(_Line(page, row_chars, tuple(texts)))
    rest = [c for c in chars if not any(_inside(c, bbox) for bbox, _ in tables)]
    return rows, rest


def _joined(texts: list[str]) -> str:
    out = ""
    for t in texts:
        latin = out[-1:].isascii() and out[-1:].isalpha() and t[:1].isascii() and t[:1].isalpha()
        out += (" " if latin else "") + t
    return out


def _zone_lines(lines: list[_Line], height: float) -> list[tuple[str, _Line]]:
    """The header candidates (``"top"``) and footer candidates (``"bottom"``) of a page."""
    lines = [ln for ln in lines if ln.cells is None]  # a table row is never a running header
    out = [("top", ln) for ln in lines[:2] if ln.top < 0.15 * height]
    out += [("bottom", ln) for ln in lines[-2:] if ln.bottom > 0.85 * height and all(ln is not o for _, o in out)]
    return out


def _key(zone: str, line: _Line, height: float) -> tuple[str, str, int]:
    where = line.top if zone == "top" else height - line.bottom
    return zone, re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text())), round(where / 4)


def _split_columns(lines: list[_Line]) -> list[tuple[list[_Line], bool]]:
    """The page's lines as blocks in reading order: one block, or (with a gutter) full-width
    lines above, the left column, the right column, full-width lines below."""
    if len(lines) < 6:
        return [(lines, False)]
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    width = right - left
    best = None
    for step in range(int(0.3 * width), int(0.7 * width)):
        x = left + step
        crossing = sum(1 for ln in lines if ln.cells is not None or any(c["x0"] < x < c["x1"] for c in ln.ink()))
        if best is None or crossing < best[0]:
            best = (crossing, x)
    if best is None or best[0] > 0.15 * len(lines):
        return [(lines, False)]
    gutter = best[1]
    two_sided = [ln for ln in lines if any(c["x1"] <= gutter for c in ln.ink()) and any(c["x0"] >= gutter for c in ln.ink())]
    if len(two_sided) < max(3, 0.4 * len(lines)) or sum(len(ln.gaps()) == 1 for ln in two_sided) < 0.7 * len(two_sided):
        return [(lines, False)]
    above, cols, below = [], ([], []), []
    for ln in lines:
        if ln.cells is not None or any(c["x0"] < gutter < c["x1"] for c in ln.ink()):
            (below if cols[0] or cols[1] else above).append(ln)
            continue
        for side, keep in ((0, lambda c: c["x1"] <= gutter), (1, lambda c: c["x0"] >= gutter)):
            part = [c for c in ln.chars if keep(c)]
            if any(c["text"] not in _BLANK for c in part):
                cols[side].append(_Line(ln.page, part))
    return [(b, column) for b, column in ((above, False), (cols[0], True), (cols[1], True), (below, False)) if b]


def _ruled_tables(page) -> list:  # type: ignore[no-untyped-def]
    """The page's tables drawn with ruling lines, as ``(bbox, rows of cell boxes)``; a
    ruled box with a single column (a frame round the page, a rule under a header) is not
    a table."""
    found = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    return [(t.bbox, [tuple(r.cells) for r in t.rows]) for t in found
            if max((len(r.cells) for r in t.rows), default=0) >= 2]


def _open(data: bytes, name: str):  # type: ignore[no-untyped-def]
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{name}: not a PDF (no %PDF- header)")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = [(p.height, p.chars, _ruled_tables(p)) for p in pdf.pages]
        pdf.close()
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(f"{name}: the PDF is encrypted (password-protected); decrypt it first") from None
    except Exception as exc:  # noqa: BLE001 — pdfminer raises many kinds on a damaged file
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise InputError(f"{name}: the PDF is encrypted (password-protected); decrypt it first") from None
        raise InputError(f"{name}: damaged PDF, cannot be read ({type(exc).__name__}: {str(exc)[:80]})") from None
    if not pages:
        raise InputError(f"{name}: the PDF has no pages")
    return pages


def read_pdf(data: bytes, name: str = "<pdf>") -> PdfText:
    """The text of a PDF's text layer in reading order (see the module's heuristics)."""
    pages = _open(data, name)
    per_page = []
    for i, (_, chars, tables) in enumerate(pages):
        rows, rest = _table_rows([c for c in chars if c.get("text")], tables, i + 1)
        per_page.append(sorted(_lines(rest, i + 1) + rows, key=lambda ln: ln.top))
    if not any(per_page):
        raise InputError(f"{name}: no text layer; OCR it first")
    counts = Counter(_key(z, ln, height) for lines, (height, _, _) in zip(per_page, pages) for z, ln in _zone_lines(lines, height))
    need = max(2, (len(pages) + 1) // 2)
    dropped: list[tuple[int, str]] = []
    blocks: list[list[_Line]] = []
    for lines, (height, _, _) in zip(per_page, pages):
        drop = [ln for z, ln in _zone_lines(lines, height)
                if counts[_key(z, ln, height)] >= need or _PAGE_NUMBER.match(ln.text())]
        dropped += [(ln.page, ln.text()) for ln in drop]
        blocks += _split_columns([ln for ln in lines if all(ln is not d for d in drop)])
    return PdfText(_assemble(blocks, name, len(pages)), len(pages), tuple(dropped))


def _right_margin(ends: list[float], left: float) -> float:
    """The right margin: the upper quartile of the long lines' right ends, so that lines
    overhanging the margin (hanging punctuation, an unbreakable Latin word) do not move it,
    nor do ragged-right lines, which end up to a character short of it."""
    if not ends:
        return 0
    longest = max(ends)
    long = sorted(x for x in ends if x >= left + 0.75 * (longest - left))
    return long[int(0.75 * (len(long) - 1))]


def _assemble(blocks: list[tuple[list[_Line], bool]], name: str, n_pages: int) -> SourceText:
    single = [ln for b, column in blocks if not column for ln in b if ln.cells is None]
    doc_left = Counter(round(ln.x0) for ln in single).most_common(1)[0][0] if single else 0
    doc_right = _right_margin([ln.x1 for ln in single], doc_left)
    parts: list[str] = []
    page_starts: dict[int, int] = {}
    offset = 0
    prev: tuple[_Line, float, str] | None = None  # the last line, its block's right margin, its text
    for block, column in blocks:  # a column has its own margins; full-width text the document's
        left = min(ln.x0 for ln in block) if column else doc_left
        right = max(ln.x1 for ln in block) if column else doc_right
        for ln in block:
            text = ln.text()
            join = (prev is not None and ln.cells is None and prev[0].cells is None
                    and "\t" not in text and "\t" not in prev[2]
                    and abs(prev[0].size - ln.size) < 0.5 and prev[0].x1 >= prev[1] - ln.size
                    and ln.x0 <= left + 0.5 * ln.size)
            sep = "" if join or prev is None else "\n"
            if join and prev and prev[2][-1:].isascii() and prev[2][-1:].isalpha() and text[:1].isascii() and text[:1].isalpha():
                sep = " "
            parts.append(sep)
            offset += len(sep)
            page_starts.setdefault(ln.page, offset)
            parts.append(text)
            offset += len(text)
            prev = (ln, right, text)
    text = "".join(parts) + "\n"
    starts, nxt = [], len(text)
    for page in range(n_pages, 0, -1):  # a page without text starts where the next one does
        nxt = page_starts.get(page, nxt)
        starts.append(nxt)
    starts = starts[::-1]
    starts[0] = 0
    return SourceText.from_text(name, text, "pdf", page_starts=tuple(starts))
