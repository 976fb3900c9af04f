"""The masthead → the issue (title, city, province, year, number, publisher) and its
editorial board (role labels from ``data/lexicon/board_roles.txt``, carried down)."""

from __future__ import annotations

import re

from kg.lexicon import Lexicon, alternation
from kg.model import BoardMember, IssueLayout, IssueRecord, Mention, SourceText
from kg.textview import make_view

_CITY = re.compile(r"^(?P<city>[\u4e00-\u9fff]{1,12}?(?:自治州|市|州|盟|地区|县|区))(?:人民政府|人民代表大会|政府)")
_PROVINCE = re.compile(r"^(?P<prov>[\u4e00-\u9fff]{1,8}?(?:省|自治区))(?:人民政府)")


def _place_of(title: str, lex: Lexicon) -> tuple[str | None, str | None]:
    m = _PROVINCE.match(title)
    if m:
        return None, m.group("prov")
    m = _CITY.match(title)
    if not m:
        return None, None
    city = m.group("city")
    # only a prefecture-level name the gazetteer knows tells the province; a district
    # or county name (中山区, 朝阳区) may repeat across provinces
    province = lex.gazetteer.parent.get(city) or None
    return city, province


def _names(source: SourceText, start: int, end: int, rule: str) -> list[Mention]:
    """Names on a masthead line: tokens split by spaces, single characters paired
    (``王 五 张 三`` → 王五, 张三)."""
    tokens = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\s\u3000]+", source.text[start:end])]
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        a, b = tokens[i]
        if b - a == 1 and i + 1 < len(tokens) and tokens[i + 1][1] - tokens[i + 1][0] == 1:
            b = tokens[i + 1][1]
            i += 1
        view = make_view(source.text, a, b)
        out.append(Mention("person", view.text, source.span(a, b, rule)))
        i += 1
    return out


def extract_masthead(layout: IssueLayout, lex: Lexicon) -> tuple[IssueRecord, list[BoardMember]]:
    source = layout.source
    mh = layout.masthead
    title = make_view(source.text, mh.title.start, mh.title.end).text if mh.title else ""
    city, province = _place_of(title, lex)
    roles = re.compile(alternation(lex.board_roles))
    fields = re.compile(alternation(lex.masthead_fields))
    board: list[BoardMember] = []
    publisher = None
    current_role: Mention | None = None
    for region in mh.lines:
        view = make_view(source.text, region.start, region.end)
        f = fields.match(view.text)
        r = roles.match(view.text)
        if f:
            current_role = None
            if lex.masthead_fields[f.group()] == "publisher" and f.end() < len(view.text):
                s, e = view.source_range(f.end(), len(view.text))
                publisher = Mention("body", view.text[f.end() :], source.span(s, e, "masthead-publisher"))
            continue
        if r:
            s, e = view.source_range(0, r.end())
            current_role = Mention("title", r.group(), source.span(s, e, "masthead-role"))
            after = r.end() + (1 if view.text[r.end() : r.end() + 1] in ("：", ":") else 0)
            rest_start = view.source_range(after, len(view.text))[0] if after < len(view.text) else region.end
            names = _names(source, rest_start, region.end, "masthead-name")
        elif current_role is not None and re.fullmatch(r"[\u4e00-\u9fff\s\u3000]+", source.text[region.start : region.end]):
            names = _names(source, region.start, region.end, "masthead-name")
        else:
            current_role = None
            continue
        board.extend(BoardMember(n, current_role) for n in names if 2 <= len(n.text) <= 4)
    span = source.span(mh.region.start, mh.region.end, "masthead")
    issue = IssueRecord(source, title, city, province, mh.year, mh.number, mh.total, publisher, span)
    return issue, board
