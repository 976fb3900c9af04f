"""Document numbers (文号): how they are written and their one normal form.

``榆政办发〔2021〕36 号`` → ``榆政办发〔2021〕36号``; the year may sit in 〔〕, [], ［］, （）
or ()，and older numbers put it first (``（84）国函字183号``) or use 第N号 (``国令第707号``).
"""

from __future__ import annotations

import re

from kg.textview import clean

_OPEN = "〔［\\[（(【"
_CLOSE = "〕］\\]）)】"
_CJK = "\u4e00-\u9fff"
# issuer code · year in brackets · serial · 号
_BRACKETED = rf"[{_CJK}]{{1,12}}[{_OPEN}]\s*\d{{4}}\s*[{_CLOSE}]\s*第?\s*\d{{1,5}}\s*号"
# (84)国函字183号 : year first, two digits
_YEAR_FIRST = rf"[（(]\s*\d{{2,4}}\s*[）)]\s*[{_CJK}]{{1,10}}\s*\d{{1,5}}\s*号"
# 国令第707号, 省政府令第12号
_ORDER = rf"[{_CJK}]{{1,10}}令\s*第\s*\d{{1,5}}\s*号"

NUMBER_RE = re.compile(rf"(?:{_BRACKETED}|{_YEAR_FIRST}|{_ORDER})")
PARTS_RE = re.compile(rf"^(?P<code>[{_CJK}]+)〔(?P<year>\d{{4}})〕第?(?P<serial>\d+)号$")
_YEAR_FIRST_PARTS = re.compile(rf"^（(?P<year>\d{{2,4}})）(?P<code>[{_CJK}]+?)(?P<serial>\d+)号$")
_ORDER_PARTS = re.compile(rf"^(?P<code>[{_CJK}]+令)第(?P<serial>\d+)号$")


def normalize_number(raw: str) -> str:
    """The normal form of a document number.

    >>> normalize_number("榆政办发〔2021〕36 号")
    '榆政办发〔2021〕36号'
    >>> normalize_number("黔政发[2018]7号")
    '黔政发〔2018〕7号'
    >>> normalize_number("榆政发〔2021〕第07号")
    '榆政发〔2021〕7号'
    >>> normalize_number("国令第707号")
    '国令第707号'
    """
    text = clean(raw)
    m = re.match(rf"^([{_CJK}]+)[{_OPEN}](\d{{4}})[{_CLOSE}]第?(\d+)号$", text)
    if m:
        return f"{m.group(1)}〔{m.group(2)}〕{int(m.group(3))}号"
    text = text.replace("(", "（").replace(")", "）")
    return text


def number_parts(number: str) -> dict[str, str]:
    """Issuer code, year and serial of a normal-form number (empty when it has none).

    >>> number_parts("榆政发〔2021〕8号")
    {'code': '榆政发', 'year': '2021', 'serial': '8'}
    >>> number_parts("（84）国函字183号")
    {'year': '1984', 'code': '国函字', 'serial': '183'}
    >>> number_parts("国令第707号")
    {'code': '国令', 'serial': '707'}
    """
    for pattern in (PARTS_RE, _YEAR_FIRST_PARTS, _ORDER_PARTS):
        m = pattern.match(number)
        if m:
            parts = m.groupdict()
            if len(parts.get("year", "")) == 2:
                parts["year"] = f"19{parts['year']}"  # two-digit years of this form are 19xx
            return parts
    return {}


def is_number_line(line: str) -> bool:
    """True when a whole line is one document number (the line under a title).

    >>> is_number_line("榆政办发〔2021〕36 号")
    True
    >>> is_number_line("根据榆政发〔2021〕8号文件")
    False
    """
    return NUMBER_RE.fullmatch(clean(line)) is not None
