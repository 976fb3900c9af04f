"""Places and bodies named where an event happens or whom it visits.

After a locative marker (``到``, ``在``, ``赴``…) comes a list of places and units up to
the next verb: ``到平阳县、东乡县考察`` → 平阳县, 东乡县; ``到浙江省金华市和义乌市`` →
浙江省 ⊃ 金华市, 义乌市; ``到市科技局讲授`` → the body 市科技局. Places are parsed by
their suffixes (省 市 县 区 乡 镇 街道…) and the province/prefecture gazetteer (昆明,
河南信阳); bodies by their suffixes (局 委 办 公司 学院…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.lexicon import Lexicon, alternation

_CJK = "\u4e00-\u9fff"
_JOINERS = "和与及"


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int
    chain: tuple[tuple[int, int], ...]  # each level, outermost first


@dataclass(frozen=True)
class BodyHit:
    start: int
    end: int


class PlaceGrammar:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.gaz_re = re.compile(alternation(lex.gazetteer.by_short))
        self.place_re = re.compile(rf"[{_CJK}]{{1,7}}?{alternation(lex.place_suffixes)}")
        self.suffix_re = re.compile(alternation(lex.place_suffixes))
        self.body_suffix_re = re.compile(alternation(lex.body_suffixes))
        self.venue_re = re.compile(rf"[{_CJK}]{{0,12}}?{alternation(lex.venue_words)}")
        self.deixis_re = re.compile(alternation(lex.deictic_places))
        self.body_end_re = re.compile(rf"{alternation(lex.body_suffixes)}$")
        stops = set(lex.follow_words) | set(lex.inspection_words) | {w for w, _ in lex.event_roles}
        stops |= {"召开", "举行", "举办", "开展", "进行", "出席", "参加", "讲授", "督导"}
        stops -= set(_JOINERS)  # 到A县和B县: a joiner continues the list, it does not end it
        self.stop_re = re.compile(alternation(stops))
        self.marker_re = re.compile(alternation(lex.locative_markers))
        self.subject_stop_re = re.compile(alternation(lex.subject_stops))
        self.group_prefixes = lex.group_prefixes
        # exceptions are matched too, longest first, and then skipped (率队 is not 率 + 队…)
        self.object_re = re.compile(alternation([w for w, _ in lex.object_markers] + list(lex.object_marker_exceptions)))
        self.object_role = dict(lex.object_markers)
        self.object_stop_re = re.compile(alternation(stops | set(lex.object_stops) | set(lex.subject_stops)))

    def place_chain(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        """Greedy chain of places from ``a`` (平阳县石门乡 → 平阳县, 石门乡)."""
        chain: list[tuple[int, int]] = []
        p = a
        while p < b and text[p] not in _JOINERS and not text.startswith(self.group_prefixes, p):
            g = self.gaz_re.match(text, p, b)
            m = self.place_re.match(text, p, b)
            ends = [x.end() for x in (g, m) if x]
            if not ends:
                break
            # a gazetteer name followed by its suffix (昆明 + 市) is one place
            end = max(ends)
            # a suffix character inside the name runs on (东乡 + 县 → 东乡县)
            more = self.suffix_re.match(text, end, b)
            if more and end - p + len(more.group()) <= 8:
                end = more.end()
            chain.append((p, end))
            p = end
        return chain

    def classify(self, text: str, a: int, b: int) -> tuple[list[PlaceHit], list[BodyHit]]:
        """Places and bodies in one list item ``text[a:b]``."""
        places: list[PlaceHit] = []
        bodies: list[BodyHit] = []
        deixis = self.deixis_re.match(text, a, b)
        if deixis:
            a = deixis.end()  # 我县石桥镇 → 石桥镇; 我县 alone names no place here
            if a >= b:
                return places, bodies
        item = text[a:b]
        venue = self.venue_re.match(text, a, b)
        if venue:
            places.append(PlaceHit(a, venue.end(), ((a, venue.end()),)))
            return places, bodies
        joiner = next((i for i in range(a + 2, b - 1) if text[i] in _JOINERS and self._ends_a_name(text, a, i)), None)
        if joiner is not None:
            left = self.classify(text, a, joiner)
            right = self.classify(text, joiner + 1, b)
            return left[0] + right[0], left[1] + right[1]
        if self.body_end_re.search(item) and not self._is_place_only(text, a, b):
            bodies.append(BodyHit(a, b))
            # a unit written after its county (X区Y办事处): the county is where it is
            m = self.place_re.match(text, a, b)
            if m and m.end() < b and not self.gaz_re.match(text, a, b):
                places.append(PlaceHit(a, m.end(), ((a, m.end()),)))
            return places, bodies
        p = a
        while p < b:
            chain = self.place_chain(text, p, b)
            if not chain:
                break
            end = chain[-1][1]
            if end < b and text[end] not in _JOINERS:
                break  # 赣阳市委副书记: a place name inside a longer word is no place
            places.append(PlaceHit(chain[0][0], end, tuple(chain)))
            p = end
            if p < b and text[p] in _JOINERS:
                p += 1
            else:
                break
        return places, bodies

    def _ends_a_name(self, text: str, a: int, i: int) -> bool:
        """Does ``text[a:i]`` end like a body or a place (so a 和 at ``i`` joins two names)?"""
        return bool(self.body_end_re.search(text, a, i) or self._is_place_only(text, a, i))

    def _is_place_only(self, text: str, a: int, b: int) -> bool:
        chain = self.place_chain(text, a, b)
        return bool(chain) and chain[-1][1] == b

    def locatives(self, text: str, a: int, b: int) -> tuple[list[PlaceHit], list[BodyHit]]:
        """Places and bodies after each locative marker in ``text[a:b]`` (one clause)."""
        places: list[PlaceHit] = []
        bodies: list[BodyHit] = []
        for m in self.marker_re.finditer(text, a, b):
            start = m.end()
            stop = self.stop_re.search(text, start, b)
            end = stop.start() if stop else b
            if end <= start:
                continue
            for item_a, item_b in _split(text, start, end, "、"):
                p, bo = self.classify(text, item_a, item_b)
                places.extend(p)
                bodies.extend(bo)
        return places, bodies

    def objects(self, text: str, a: int, b: int) -> list[tuple[BodyHit, str]]:
        """Bodies right after a participation word, with the role the word gives them
        (``陪同水利部督查组督查`` → 水利部督查组, Lead)."""
        out: list[tuple[BodyHit, str]] = []
        for m in self.object_re.finditer(text, a, b):
            if m.group() not in self.object_role:
                continue
            p = m.end()
            quote = text.find("“", p, b)
            hard_end = quote if quote != -1 else b
            while p < hard_end:
                best = None
                for s in self.body_suffix_re.finditer(text, p, hard_end):
                    e = s.end()
                    ends_here = e == hard_end or text[e] == "、" or (
                        self.object_stop_re.match(text, e) and not self.body_suffix_re.match(text, e, hard_end)
                    )
                    if e - p >= 2 and ends_here:
                        best = e
                        break
                if best is None:
                    break
                out.append((BodyHit(p, best), self.object_role[m.group()]))
                if best < hard_end and text[best] == "、":
                    p = best + 1
                    continue
                break
        return out

    def subjects(self, text: str, a: int, b: int) -> list[BodyHit]:
        """Bodies named as the subject of a sentence (``市政府与省发展改革委召开会议``)."""
        m = self.subject_stop_re.search(text, a, b)
        o = self.object_stop_re.search(text, a, b)
        if o and (not m or o.start() < m.start()):
            m = o
        if not m:
            return []
        bodies = []
        for item_a, item_b in _split(text, a, m.start(), "、与和同"):
            if self.body_end_re.search(text[item_a:item_b]) and item_b - item_a >= 2:
                bodies.append(BodyHit(item_a, item_b))
        return bodies


def _split(text: str, a: int, b: int, seps: str) -> list[tuple[int, int]]:
    out = []
    seg = a
    for i in range(a, b):
        if text[i] in seps:
            if i > seg:
                out.append((seg, i))
            seg = i + 1
    if b > seg:
        out.append((seg, b))
    return out
