"""Rosters: names with their role in a group and their post.

``组　长：钟　岳　　市人民政府市长`` → 钟岳, role 组长, post 市人民政府市长. A line below with
no label (``　　　　欧　宁　　市自然资源局局长``) carries the role down. Names may hold
full-width spaces; the post is what follows two or more spaces. The group is the
nearest preceding ``成立…领导小组`` (suffixes in ``data/lexicon/group_suffixes.txt``).
"""

from __future__ import annotations

import re

from kg.extract.names import NameGrammar
from kg.lexicon import Lexicon, alternation
from kg.model import DocumentPart, Mention, RosterEntry, SourceText
from kg.segment import Line, lines_in
from kg.textview import clean

_GAP = re.compile(r"[ \u3000\t]{2,}")


def extract_rosters(
    source: SourceText, lines: list[Line], part: DocumentPart, document_key: str, title: str, lex: Lexicon,
    names: NameGrammar,
) -> list[RosterEntry]:
    """Roster lines of one document; ``lines`` are the issue's lines (split once per issue)."""
    role_re = re.compile(rf"^(?P<role>{alternation(lex.roster_roles)})[：:]")
    group_re = re.compile(rf"[\u4e00-\u9fff“”]{{2,40}}?{alternation(lex.group_suffixes)}")
    founded_re = re.compile(rf"成立([\u4e00-\u9fff“”]{{2,40}}?{alternation(lex.group_suffixes)})")
    text = source.text
    out: list[RosterEntry] = []
    role: Mention | None = None
    for ln in lines_in(lines, part.region.start, part.region.end):
        if ln.blank:
            continue
        raw = text[ln.start : ln.end]
        # the label may be spaced out (组　长：): find it on the cleaned line, map back by colon
        colon = min((i for i in (raw.find("："), raw.find(":")) if i >= 0), default=-1)  # the first colon ends the label
        m = role_re.match(clean(raw[: colon + 1])) if colon != -1 else None
        if m:
            role = Mention("title", m.group("role"), source.span(ln.start, ln.start + colon, "roster-role"))
            body_start = ln.start + colon + 1
        elif role is not None and raw[:1] in " \u3000\t" or (role is not None and _GAP.search(raw.strip())):
            body_start = ln.start
        else:
            role = None
            continue
        fields = [(f.start() + body_start, f.end() + body_start) for f in re.finditer(r"\S+(?:[ \u3000]\S+)*?(?=[ \u3000\t]{2,}|\s*$)", text[body_start : ln.end])]
        if not fields or role is None:
            continue
        a, b = fields[0]
        name = clean(text[a:b])
        if not names.plausible(name, titled=True):
            role = None
            continue
        post = None
        if len(fields) > 1:
            pa, pb = fields[1][0], fields[-1][1]
            post = Mention("title", clean(text[pa:pb]), source.span(pa, pb, "roster-post"))
        context = clean(title) + "\n" + clean(text[part.region.start : ln.start])
        founded = list(founded_re.finditer(context))
        named = list(group_re.finditer(context))
        group = founded[-1].group(1) if founded else (named[-1].group() if named else None)
        out.append(RosterEntry(document_key, Mention("person", name, source.span(a, b, "roster-name")), role, post, group))
    return out
