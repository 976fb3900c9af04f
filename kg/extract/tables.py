"""Tab-separated tables of documents → cells keyed by row and column.

Header rows are the rows before the first row holding a number; a blank header cell
continues the group header to its left (except in the last header row). A column's name
is its header path joined with ``/`` without bracketed units; the unit comes from the
bracket or the table's ``单位：`` line. The row key is the row's leading label cells,
a blank one taking the value above. A blank value cell stays absent, never zero. A header
printed again after a page break is skipped.
"""

from __future__ import annotations

import re

from kg.model import DocumentPart, SourceText, TableCell, TableRecord
from kg.segment import Line, lines_in
from kg.textview import clean

_NUMBER = re.compile(r"^[-+−]?\d+(?:\.\d+)?%?$")
_UNIT = re.compile(r"[（(]([^（）()]{1,12})[）)]")
_UNIT_LINE = re.compile(r"^单位[:：](.+)$")


def _cells(source: SourceText, line: Line) -> list[tuple[str, int, int]]:
    """(cleaned text, start, end) of each tab-separated cell of a line."""
    out = []
    pos = line.start
    for raw in source.text[line.start : line.end].split("\t"):
        stripped = raw.strip()
        a = pos + (raw.find(stripped) if stripped else 0)
        out.append((clean(raw), a, a + len(stripped)))
        pos += len(raw) + 1
    return out


def _blocks(lines: list[Line], source: SourceText) -> list[list[Line]]:
    """Runs of tab lines; blank lines inside a run are allowed."""
    blocks: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        raw = source.text[ln.start : ln.end]
        if "\t" in raw and clean(raw.replace("\t", "")):
            cur.append(ln)
        elif ln.blank:
            continue
        else:
            if cur:
                blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _title_and_unit(lines: list[Line], first: Line) -> tuple[Line | None, str | None]:
    above = [ln for ln in lines if ln.end < first.start and not ln.blank]
    unit = None
    for ln in reversed(above[-3:]):
        m = _UNIT_LINE.match(ln.text)
        if m:
            unit = m.group(1)
            continue
        if len(ln.text) <= 60 and not ln.text.endswith(("。", "：", "；")):
            return ln, unit
        break
    return None, unit


def extract_tables(source: SourceText, all_lines: list[Line], part: DocumentPart, document_key: str) -> list[TableRecord]:
    """Tables of one document; ``all_lines`` are the issue's lines (split once per issue)."""
    lines = lines_in(all_lines, part.body.start, part.region.end)
    tables = []
    for block in _blocks(lines, source):
        rows = [_cells(source, ln) for ln in block]
        n_header = next((i for i, r in enumerate(rows) if any(_NUMBER.match(c[0]) for c in r)), len(rows))
        if n_header == 0 or n_header == len(rows):
            continue
        header = [[c[0] for c in r] for r in rows[:n_header]]
        data = [(ln, r) for ln, r in zip(block[n_header:], rows[n_header:])
                if [c[0] for c in r[: len(header[0])]] != header[0][: len(r)]]
        data = [(ln, r) for ln, r in data if not any([c[0] for c in r] == h for h in header[1:])]
        firsts = [next((j for j, c in enumerate(r) if _NUMBER.match(c[0])), None) for _, r in data]
        k = min((f for f in firsts if f is not None), default=1)
        title_line, table_unit = _title_and_unit(lines, block[0])
        names, units = _columns(header, k)
        cells: list[TableCell] = []
        above: list[str] = [""] * k
        for ln, r in data:
            key = []
            for j in range(k):
                value = r[j][0] if j < len(r) else ""
                if value:
                    above[j] = value
                    above[j + 1 :] = [""] * (k - j - 1)
                key.append(above[j])
            row_key = "/".join(p for p in key if p)
            for j in range(k, len(r)):
                value, a, b = r[j]
                if not value:
                    continue
                column = names.get(j, "")
                unit = units.get(j) or table_unit
                cells.append(TableCell(row_key, column, value, unit, source.span(a, b, "table-cell")))
        if not cells:
            continue
        title = title_line.text if title_line else ""
        start = title_line.start if title_line else block[0].start
        tables.append(TableRecord(document_key, title, source.span(start, block[-1].end, "table"),
                                  source.line_of(block[0].start), tuple(cells)))
    return tables


def _groups(row: list[str], k: int, width: int) -> list[tuple[int, int]]:
    """Column ranges of the group headers of a (not last) header row."""
    starts = [j for j in range(k, width) if j < len(row) and row[j]]
    return [(a, b) for a, b in zip(starts, starts[1:] + [width])]


def repair_subheaders(group_row: list[str], sub: list[str], k: int, width: int) -> list[str]:
    """Restore a sub-header row that lost a cell in the PDF text.

    Sibling groups of the same width share their sub-headers. When they disagree, and
    shifting the row's cells one place right, then filling its blanks from the siblings,
    makes every group agree with no conflict, that reading is taken.

    >>> repair_subheaders(["", "", "权重", "", "分值", "", "说明"], ["", "", "合计", "分项", "合计", "", ""], 2, 7)
    ['', '', '分项', '合计', '分项', '合计', '']
    >>> repair_subheaders(["", "甲", "", "乙", ""], ["", "目标", "完成", "目标", "完成"], 1, 5)
    ['', '目标', '完成', '目标', '完成']
    """
    sub = sub + [""] * (width - len(sub))
    groups = [g for g in _groups(group_row, k, width) if g[1] - g[0] > 1]
    widths = {b - a for a, b in groups}
    if len(groups) < 2 or len(widths) != 1:
        return sub

    def agreed(row: list[str]) -> list[str] | None:
        w = next(iter(widths))
        pattern: list[str] = [""] * w
        for a, _ in groups:
            for i in range(w):
                cell = row[a + i]
                if cell and pattern[i] and pattern[i] != cell:
                    return None
                pattern[i] = pattern[i] or cell
        if not all(pattern):
            return None
        out = list(row)
        for a, _ in groups:
            out[a : a + w] = pattern
        return out

    span = range(groups[0][0], groups[-1][1])
    if all(sub[a : b] == sub[groups[0][0] : groups[0][1]] for a, b in groups):
        return sub
    shifted = list(sub)
    for j in reversed(span):
        shifted[j] = sub[j - 1] if j - 1 >= span.start else ""
    return agreed(shifted) or sub


def _columns(header: list[list[str]], k: int) -> tuple[dict[int, str], dict[int, str]]:
    """Name and unit of each value column from the header rows."""
    width = max(len(h) for h in header)
    if len(header) >= 2:
        header = header[:-1] + [repair_subheaders(header[-2], header[-1], k, width)]
    filled = []
    for r, row in enumerate(header):
        row = row + [""] * (width - len(row))
        if r < len(header) - 1:
            carry = ""
            for j in range(width):
                if j < k:
                    continue
                if row[j]:
                    carry = row[j]
                else:
                    row[j] = carry
        filled.append(row)
    names: dict[int, str] = {}
    units: dict[int, str] = {}
    for j in range(k, width):
        parts = []
        for row in filled:
            cell = row[j]
            m = _UNIT.search(cell)
            if m:
                units[j] = m.group(1)
                cell = _UNIT.sub("", cell)
            if cell:
                parts.append(cell)
        names[j] = "/".join(parts)
    return names, units
