"""Cleaned views of the source text that map back to original offsets.

The decoded text is never changed. Matching runs on a *view*: line breaks and stray
PDF spaces removed between Chinese characters, full-width digits and letters folded to
ASCII. Each view character remembers the offset it came from, so a match in the view
becomes an exact span of the source.
"""

from __future__ import annotations

from dataclasses import dataclass

_WHITESPACE = set(" \t\r\n\f\v\u3000\u00a0\u2002\u2003\u2009\ufeff")  # \f: pdftotext's page break
_FOLD = {chr(0xFF10 + i): str(i) for i in range(10)}
_FOLD.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FOLD.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.+-")


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
    """
    end = len(text) if end is None else end
    chars: list[str] = []
    offsets: list[int] = []
    pending_space: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch in keep:
            chars.append(ch)
            offsets.append(i)
            pending_space = None
            continue
        if ch in _WHITESPACE:
            if pending_space is None:
                pending_space = i
            continue
        ch = _FOLD.get(ch, ch)
        if pending_space is not None and chars and _is_ascii_word(chars[-1]) and _is_ascii_word(ch):
            chars.append(" ")
            offsets.append(pending_space)
        pending_space = None
        chars.append(ch)
        offsets.append(i)
    return TextView("".join(chars), tuple(offsets), end)


def clean(text: str) -> str:
    """The cleaned form of a short string (names, titles, numbers).

    >>> clean("李 杰")
    '李杰'
    """
    return make_view(text).text
