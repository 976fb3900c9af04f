"""Dates as gazettes write them: ``2021年3月2日``, chronicle prefixes ``5日—8日``,
``10月27～29日``, ``3月31日至4月8日``, ``是月``, ``同日`` and ``▲``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kg.lexicon import Lexicon, alternation

FULL_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
DATE_LINE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
_CN_DIGITS["零"] = "0"
_CN_DATE_RE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def _cn_number(text: str) -> str:
    """一 … 三十一 as digits (十二 → 12, 二十 → 20, 三十一 → 31)."""
    if "十" not in text:
        return "".join(_CN_DIGITS[c] for c in text)
    tens, _, units = text.partition("十")
    return str((int(_CN_DIGITS[tens]) if tens else 1) * 10 + (int(_CN_DIGITS[units]) if units else 0))


def arabic_dates(text: str) -> str:
    """Rewrite dates in Chinese numerals with Arabic digits (signatures of older documents).

    >>> arabic_dates("二〇二一年三月二十日")
    '2021年3月20日'
    """
    return _CN_DATE_RE.sub(
        lambda m: f"{''.join(_CN_DIGITS[c] for c in m.group(1))}年{_cn_number(m.group(2))}月{_cn_number(m.group(3))}日",
        text,
    )


def is_date_line(text: str) -> bool:
    """True when a whole (cleaned) line is one full date, in either numeral system.

    >>> is_date_line("2021年3月2日"), is_date_line("二〇二一年三月二日"), is_date_line("2021年3月2日前")
    (True, True, False)
    """
    return DATE_LINE_RE.match(arabic_dates(text)) is not None


def parse_full_date(text: str) -> dt.date | None:
    """``2021年3月2日`` or ``二〇二一年三月二日`` → a date; None when absent or impossible.

    >>> parse_full_date("2021年3月2日")
    datetime.date(2021, 3, 2)
    >>> parse_full_date("二〇二一年三月二日")
    datetime.date(2021, 3, 2)
    >>> parse_full_date("2021年2月30日") is None
    True
    """
    m = FULL_DATE_RE.search(arabic_dates(text))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@dataclass(frozen=True)
class DatePrefix:
    kind: str  # "days", "whole_month", "whole_year", "same_day"
    month1: int | None = None
    day1: int | None = None
    month2: int | None = None
    day2: int | None = None


class ChronicleDates:
    """The chronicle entry prefix grammar, built from ``data/lexicon``."""

    def __init__(self, lex: Lexicon) -> None:
        seps = alternation(lex.date_separators)
        words = {w: k for w, k in lex.chronicle_words.items() if k != "heading"}
        self.words = words
        self.days = re.compile(
            rf"(?:(?P<m1>\d{{1,2}})月)?(?P<d1>\d{{1,2}})日?"
            rf"(?:{seps}(?:(?P<m2>\d{{1,2}})月)?(?P<d2>\d{{1,2}})日)"
            rf"|(?:(?P<m3>\d{{1,2}})月)?(?P<d3>\d{{1,2}})日"
        )
        self.word_re = re.compile(alternation(words))
        self.prefix = re.compile(rf"(?:{alternation(words)})*(?:{self.days.pattern})?")

    def match_prefix(self, text: str) -> re.Match[str] | None:
        """The date prefix at the start of a (cleaned) entry line, if it is one.

        >>> from kg.lexicon import load_lexicon
        >>> d = ChronicleDates(load_lexicon())
        >>> d.match_prefix("10月27～29日，省长到").group()
        '10月27～29日'
        >>> d.match_prefix("2019年工作") is None
        True
        """
        m = self.prefix.match(text)
        if not m or not m.group():
            return None
        rest = text[m.end() : m.end() + 1]
        if rest and rest not in "，,、：: " and not m.group().startswith(tuple(self.words)):
            return None
        return m

    def parse(self, prefix: str) -> DatePrefix:
        """Parse a matched prefix.

        >>> from kg.lexicon import load_lexicon
        >>> d = ChronicleDates(load_lexicon())
        >>> d.parse("3月31日至4月8日")
        DatePrefix(kind='days', month1=3, day1=31, month2=4, day2=8)
        >>> d.parse("是月").kind
        'whole_month'
        """
        m = self.days.search(prefix)
        if m:
            if m.group("d1"):
                g = m.groupdict()
                return DatePrefix("days", _int(g["m1"]), int(g["d1"]), _int(g["m2"]), int(g["d2"]))
            return DatePrefix("days", _int(m.group("m3")), int(m.group("d3")))
        w = self.word_re.search(prefix)
        return DatePrefix(self.words[w.group()] if w else "same_day")


def _int(x: str | None) -> int | None:
    return int(x) if x else None


def resolve_prefix(
    p: DatePrefix, year: int, month: int | None, previous: tuple[dt.date, dt.date] | None
) -> tuple[dt.date, dt.date] | None:
    """Turn a parsed prefix into (start, end) dates, given the year/month in force."""
    try:
        if p.kind == "days":
            m1 = p.month1 or month
            if m1 is None:
                return None
            start = dt.date(year, m1, p.day1)  # type: ignore[arg-type]
            if p.day2 is None:
                return start, start
            m2 = p.month2 or m1
            if p.month2 is None and p.day2 < p.day1:  # type: ignore[operator]
                m2 = m1 % 12 + 1  # 29日—2日: the range runs into the next month
            y2 = year + 1 if m2 < m1 else year
            return start, dt.date(y2, m2, p.day2)
        if p.kind == "whole_month" and month:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if p.kind == "whole_year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if p.kind == "same_day":
            return previous
    except ValueError:
        return None
    return None


def parse_deadline(text: str, default_year: int | None) -> dt.date | None:
    """The last day a deadline as written allows.

    >>> parse_deadline("2019年12月底前", None), parse_deadline("12月底前", 2021)
    (datetime.date(2019, 12, 31), datetime.date(2021, 12, 31))
    >>> parse_deadline("2020年底前", None), parse_deadline("2019年12月25日前", None)
    (datetime.date(2020, 12, 31), datetime.date(2019, 12, 25))
    >>> parse_deadline("尽快", 2021) is None
    True
    """
    m = re.search(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?(?:(?:底|末)前?|前)", text)
    if not m or not (m.group(1) or m.group(2)):
        return None
    year = int(m.group(1)) if m.group(1) else default_year
    if year is None:
        return None
    month = int(m.group(2)) if m.group(2) else 12
    try:
        if m.group(3):
            return dt.date(year, month, int(m.group(3)))
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None
