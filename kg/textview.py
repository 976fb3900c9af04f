"""Cleaned views of the source text that map back to original offsets.

The decoded text is never changed. Matching runs on a *view*: line breaks and stray
PDF spaces removed between Chinese characters, full-width digits and letters folded to
ASCII. Each view character remembers the offset it came from, so a match in the view
becomes an exact span of the source.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_WHITESPACE = " \t\r\n\f\v\u3000\u00a0\u2002\u2003\u2009\ufeff"  # \f: pdftotext's page break
_FOLD = {chr(0xFF10 + i): str(i) for i in range(10)}
_FOLD.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FOLD.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_WORD = frozenset(c for c in map(chr, range(128)) if c.isalnum() or c in "%.+-")  # an ASCII word's characters
# A line that is only a page number between dashes or dots (— 37 —, - 3 -, · 3 ·) or 第3页: the
# footer of a printed page, which text taken from a PDF keeps where the page broke, often in
# the middle of a word (市农 / — 37 — / 业农村局). A view drops it with the whitespace around it.
# (A bare number on a line of its own is not taken for one: it may be a table cell.)
PAGE_FOOTER = r"[ \u3000]*(?:[-—–－_·•]+[ \u3000]*\d{1,4}[ \u3000]*[-—–－_·•]+|第[ \u3000]*\d{1,4}[ \u3000]*页)[ \u3000]*"


@functools.lru_cache(maxsize=16)
def _rules(keep: str) -> tuple[re.Pattern[str] | None, dict[int, str], re.Pattern[str] | None]:
    """For ``keep``: the pattern of a run of whitespace to drop, the folding table and the
    pattern of a character to fold (``None``: there is none)."""
    drop = "".join(c for c in _WHITESPACE if c not in keep)
    fold = "".join(c for c in _FOLD if c not in keep)
    ws = f"[{re.escape(drop)}]"
    footer = f"(?m:{ws}*^{PAGE_FOOTER}$\n?{ws}*)|" if "\n" in drop else ""
    return (re.compile(f"{footer}{ws}+") if drop else None,
            str.maketrans({c: _FOLD[c] for c in fold}),
            re.compile(f"[{re.escape(fold)}]") if fold else None)


@dataclass(frozen=True)
class TextView:
    """A cleaned string and, per character, its offset in the source text."""

    text: str
    offsets: tuple[int, ...]
    end_offset: int

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """Map a view range ``[start, end)`` to the source range it covers.

        >>> v = make_view("甲 乙\\n丙", 0, 5)
        >>> v.text
        '甲乙丙'
        >>> v.source_range(1, 3)
        (2, 5)
        """
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else self.end_offset
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def __len__(self) -> int:
        return len(self.text)


def make_view(text: str, start: int = 0, end: int | None = None, *, keep: str = "") -> TextView:
    """Return the cleaned view of ``text[start:end]``.

    Whitespace is dropped, except one space between two ASCII words (``GDP 和`` keeps
    nothing, ``and the`` keeps one) and any character listed in ``keep`` (``"\\t"``
    keeps table cells apart). Full-width digits and letters become ASCII.

    >>> make_view("榆政办发〔2021〕36 号").text
    '榆政办发〔2021〕36号'
    >>> make_view("ａｎｄ　the").text
    'and the'
    >>> v = make_view("a１\\t b", keep="\\t")
    >>> v.text, v.offsets, v.end_offset
    ('a1\\tb', (0, 1, 2, 4), 5)
    >>> make_view("由市农\\n\\n— 37 —\\n\\n业农村局牵头").text
    '由市农业农村局牵头'
    """
    end = len(text) if end is None else end
    if start >= end:
        return TextView("", (), end)
    if start < 0 or end > len(text):  # read character by character, as text[i] would (or fail)
        v = make_view("".join(text[i] for i in range(start, end)), keep=keep)
        return TextView(v.text, tuple(k + start for k in v.offsets), end)
    drop, table, folds = _rules(keep)
    if drop is None or drop.search(text, start, end) is None:  # no whitespace: one piece
        out = text[start:end]
        return TextView(out.translate(table) if folds and folds.search(out) else out, tuple(range(start, end)), end)
    pieces: list[str] = []
    offsets: list[int] = []
    last = ""  # the view's last character so far
    space = -1  # where the whitespace before the next piece began
    p = start
    runs = [m.span() for m in drop.finditer(text, start, end)]
    runs.append((end, end))
    for a, b in runs:
        if a > p:
            ch = text[p]
            if space >= 0 and last in _WORD and ch not in keep and _FOLD.get(ch, ch) in _WORD:
                pieces.append(" ")
                offsets.append(space)
            pieces.append(text[p:a])
            offsets.extend(range(p, a))
            ch = text[a - 1]
            last = ch if ch in keep else _FOLD.get(ch, ch)
        space, p = a, b
    out = "".join(pieces)
    return TextView(out.translate(table) if folds and folds.search(out) else out, tuple(offsets), end)


def clean(text: str) -> str:
    """The cleaned form of a short string (names, titles, numbers): ``make_view(text).text``.

    >>> clean("李 杰")
    '李杰'
    >>> clean(" GDP　和 ａｎｄ\\n the ")
    'GDP和and the'
    """
    drop, table, folds = _rules("")
    assert drop is not None and folds is not None
    text = drop.sub(_space, text)
    return text.translate(table) if folds.search(text) else text


def _space(m: re.Match[str]) -> str:
    """What a run of whitespace inside a whole string becomes: one space between ASCII words."""
    t, a, b = m.string, m.start(), m.end()
    return " " if a and b < len(t) and _FOLD.get(t[a - 1], t[a - 1]) in _WORD and _FOLD.get(t[b], t[b]) in _WORD else ""
