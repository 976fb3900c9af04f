"""Bodies, titles and places: canonical names against the issue's own place, categories,
the body and role a title names, and place names."""

from __future__ import annotations

import functools

import re

from kg.lexicon import Lexicon
from kg.model import IssueRecord


_BRACKETS = str.maketrans({"(": "（", ")": "）", "〈": "（", "〉": "）"})


_TERM = re.compile(r"第?[一二三四五六七八九十]+届")  # 榆溪市第五届人民政府, 五届市委常委会


_DISTRICT = re.compile(r"^[\u4e00-\u9fff]{2,4}?区")
_LEVEL = re.compile(r"(?:(?![和与及])[\u4e00-\u9fff]){2,4}?(?:自治县|自治旗|街道|县|区|市|旗|镇|乡)")
_PLACE_COMMITTEE = re.compile(r"(?!中共)((?:[\u4e00-\u9fff]{2,8}?(?:省|市|自治州|州|盟))?[\u4e00-\u9fff]{2,4}?(?:市|县|区|旗))委(常委会)?")
_OWN = ("人民政府", "人民代表", "中级", "人民法院", "人民检察")


class BodyResolver:
    def __init__(self, lex: Lexicon, issue: IssueRecord) -> None:
        self.lex = lex
        self.city = issue.city or ""
        self.province = issue.province or ""
        shorts = [s for s, full in lex.gazetteer.by_short.items() if self.city in full and s != self.city]
        bare = self.city[:-1] if self.city.endswith("市") and len(self.city) >= 3 else self.city
        self.city_short = min(shorts, key=len) if self.city and shorts else bare
        marks = "".join(sorted(w for w in lex.body_followers if len(w) == 1))
        self.level_re = re.compile(_LEVEL.pattern + (f"(?![{re.escape(marks)}])" if marks else ""))  # not 县域, 市直
        self.organs = ("办公室",) + tuple(w for w in lex.organ_suffixes if len(w) > 1)
        self._canonical: dict[str, tuple[str, str | None]] = {}  # written → (name, parent), for this issue
        self.aliases = {self._fill(w): v for w, v in lex.body_aliases.items()
                        if not (("{city}" in w and not self.city) or ("{province}" in w and not self.province))}

    def _fill(self, pattern: str) -> str:
        return (pattern.replace("{city}", self.city).replace("{province}", self.province)
                .replace("{city_short}", self.city_short))

    def canonical(self, written: str) -> tuple[str, str | None]:
        """Canonical name and parent name of a body as written: brackets folded to （）,
        short forms expanded against the issue's place, department short forms spelled out."""
        if written not in self._canonical:
            self._canonical[written] = self._canonical_of(written)
        return self._canonical[written]

    def _canonical_of(self, written: str) -> tuple[str, str | None]:
        name, parent = self._placed(_TERM.sub("", written.translate(_BRACKETS)))
        for short, full in self.lex.infix_forms:
            name = name.replace(short, full)
        district = _DISTRICT.match(name)
        if (district and self.city and not name.startswith((self.city, "中共")) and len(name) > district.end()
                and not district.group().endswith(self.lex.non_district_suffixes)):
            name = self.city + name  # a district of the city: 东湖区民政局 → 榆溪市东湖区民政局
        for short, full in sorted(self.lex.department_forms, key=lambda f: -len(f[0])):
            if name.endswith(short) and not name.endswith(full):
                name = name[: -len(short)] + full
                break
        if parent is None:
            parent = self._default_parent(name)
        return name, parent

    def _default_parent(self, name: str) -> str | None:
        """The body a body belongs to, read from its name: an office of a group belongs to the
        group (某领导小组办公室 → 某领导小组); a department, group or unit of a place belongs to
        that place's government (榆溪市公安局 → 榆溪市人民政府; 东湖区某镇敬老院 → 东湖区某镇人民政府;
        a street's units → its 街道办事处), and a place's own government to the one above it."""
        for organ in self.organs:
            head = name[: -len(organ)]
            if name.endswith(organ) and head.endswith(self.lex.body_suffixes) and category_of(head, self.lex) != "group":
                return head
        if category_of(name, self.lex) not in ("government", "temporary_group", "other"):
            return None
        levels: list[str] = []
        p = 0
        for place, level in ((self.city, self.city), (self.city_short, self.city), (self.province, self.province)):
            if place and name.startswith(place):
                levels, p = [level], len(place)
                break
        while (m := self.level_re.match(name, p)) and m.end() < len(name):
            levels.append(name[: m.end()])
            p = m.end()
        own = _OWN + tuple(g for g in self.lex.level_governments.values() if g)
        if name[p:].startswith(own):
            levels = levels[:-1]  # a place's own government, congress or court: the level above
        if not levels:
            return None
        top = levels[-1]
        ends = self.lex.level_governments
        return top + next((g for e, g in ends.items() if e != "*" and top.endswith(e)), ends.get("*", ""))

    def _placed(self, written: str) -> tuple[str, str | None]:
        if written in self.aliases:
            full, parent = self.aliases[written]
            if ("{city}" in full and not self.city) or ("{province}" in full and not self.province):
                return written, None
            return self._fill(full), (self._fill(parent) or None)
        for prefix in sorted((w for w in self.aliases if len(w) >= 3 and w.startswith(("市", "省"))), key=len, reverse=True):
            if written.startswith(prefix) and written != prefix:  # 市政府办第四党支部 → …人民政府办公室第四党支部
                full = self._fill(self.aliases[prefix][0])
                if "{" not in full:
                    return full + written[len(prefix):], full
        for prefix, full in self.lex.body_prefix_forms:
            if written.startswith(prefix) and len(written) > len(prefix) and "{" not in self._fill(full):
                return self._fill(full) + written[len(prefix):], None
        if m := _PLACE_COMMITTEE.fullmatch(written):  # 宣威市委 → 中共宣威市委员会, 某区委常委会 → …常务委员会
            place = m.group(1)
            if self.city and _DISTRICT.fullmatch(place) and not place.startswith(self.city):
                place = self.city + place  # a district of the issue's city
            committee = f"中共{place}委员会"
            return (committee + "常务委员会", committee) if m.group(2) else (committee, None)
        for prefix, place in (("市委", self.city), ("省委", self.province)):
            if written.startswith(prefix) and place and len(written) > len(prefix):
                return f"中共{place}委员会{written[len(prefix):]}", f"中共{place}委员会"
        for prefix, place in (("市", self.city), ("省", self.province)):
            if written.startswith(prefix + "政府") and place and len(written) > len(prefix) + 2:
                return f"{place}人民政府{written[len(prefix) + 2:]}", f"{place}人民政府"
            if written.startswith(prefix) and place and not written.startswith(self.lex.group_prefixes):
                return place + written[1:], None
        return written, None


def inherit_body(title: str, prev_body: str | None, lex: Lexicon) -> str | None:
    """The body of a bare title (区长, 总经理, 副组长) from the body of the title written just
    before it in the same list: 宝山区委副书记、区长 → 宝山区政府; 集团党组副书记、总经理 → 集团;
    组长甲、副组长乙 → the same group.

    >>> from kg.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> inherit_body("区长", "榆溪市东湖区委", lex), inherit_body("总经理", "榆溪钢铁集团党组", lex)
    ('榆溪市东湖区政府', '榆溪钢铁集团')
    >>> inherit_body("副组长", "督导组", lex), inherit_body("市长", "市委", lex)
    ('督导组', None)
    """
    written, role = decompose_title(title, lex)
    if prev_body is None or role is None or len(prev_body) < 2:
        return None
    if written and not written.startswith(("区", "县", "乡", "镇")):
        return None  # the title names its own body (市长 → 市政府)
    base = prev_body
    for organ in sorted(lex.organ_suffixes, key=len, reverse=True):
        if base.endswith(organ) and len(base) > len(organ) + 1:
            base = base[: -len(organ)]
            break
    if written:  # 区政府: the implied organ after the inherited place (宝山区 + 政府)
        if base.endswith(written[0]):
            return base + written[1:]
        if base.endswith(written):
            return base
        return None
    return base


def category_of(name: str, lex: Lexicon) -> str:
    """The category of a body from its canonical name (``data/lexicon/body_categories.tsv``).

    >>> from kg.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [category_of(n, lex) for n in ("中共榆溪市委员会组织部", "榆溪市公安局", "各县（市、区）人民政府")]
    ['party', 'government', 'group']
    """
    return _category(name, lex.body_categories)


@functools.lru_cache(maxsize=1 << 16)
def _category(name: str, patterns: tuple[tuple[str, str], ...]) -> str:
    for pattern, category in patterns:
        core = pattern.strip("^$")
        if pattern.startswith("^") and name.startswith(core):
            return category
        if pattern.endswith("$") and name.endswith(core):
            return category
        if not pattern.startswith("^") and not pattern.endswith("$") and core in name:
            return category
    return "other"


def decompose_title(title: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """The body (as written, maybe implied) and role id a title names.

    >>> from kg.lexicon import load_lexicon
    >>> decompose_title("市委常委", load_lexicon())
    ('市委常委会', 'standing_committee_member')
    >>> decompose_title("常务副市长", load_lexicon())
    ('市政府', 'executive_vice_mayor')
    >>> decompose_title("省发展改革委副主任", load_lexicon())
    ('省发展改革委', 'deputy_director')
    """
    core = title
    for q in sorted(lex.title_qualifiers, key=len, reverse=True):
        if core.startswith(q):
            core = core[len(q) :]
            break
    for word in sorted(lex.role_words, key=len, reverse=True):
        if core.endswith(word):
            rw = lex.role_words[word]
            prefix = core[: -len(word)]
            if prefix:
                return prefix + rw.body_suffix, rw.role
            return (rw.implied_body or None), rw.role
    return None, None


def governed_places(name: str, lex: Lexicon) -> list[str]:
    """The place a governing body governs, as a chain from the largest level down
    (中共榆溪市东湖区委员会 → [榆溪市, 东湖区]; 青川县清溪镇人民政府 → [青川县, 清溪镇]); [] for a
    body that governs no place. Forms in ``data/lexicon/governing_forms.txt``.

    >>> from kg.lexicon import load_lexicon
    >>> governed_places("中共榆溪市东湖区委员会", load_lexicon())
    ['榆溪市', '东湖区']
    >>> governed_places("榆溪市公安局", load_lexicon())
    []
    """
    for form in lex.governing_forms:
        head, _, tail = form.partition("{place}")
        if name.startswith(head) and name.endswith(tail) and len(name) > len(head) + len(tail):
            place = name[len(head): len(name) - len(tail)]
            chain = _chain(place, lex)
            if chain:
                return chain
    return []


def _chain(place: str, lex: Lexicon) -> list[str]:
    """A place name cut at its levels (榆溪市东湖区 → [榆溪市, 东湖区]); [] when it is not one."""
    out, p = [], 0
    gazetteer = sorted((n for n in lex.gazetteer.parent if place.startswith(n)), key=len, reverse=True)
    if gazetteer:
        out, p = [gazetteer[0]], len(gazetteer[0])
    while p < len(place) and (m := _LEVEL.match(place, p)):
        out.append(place[p:m.end()])
        p = m.end()
    return out if p == len(place) and out else []


class PlaceResolver:
    def __init__(self, lex: Lexicon, attested: set[str]) -> None:
        self.lex = lex
        self.attested = attested

    def is_place(self, written: str) -> bool:
        """Does a label name a place (a gazetteer or division-list name, or a name with a place
        suffix that does not begin as a quantity does: 全市, 各县 and 本区 are not places)?"""
        lex = self.lex
        return written in lex.gazetteer.by_short or written in lex.county_parents or bool(
            len(written) >= 2 and written.endswith(lex.place_suffixes) and written not in lex.place_suffixes
            and written[0] not in lex.not_place_starts
        )

    def canonical(self, written: str, parent: str | None) -> tuple[str, str | None]:
        gaz = self.lex.gazetteer
        if written in gaz.by_short and written not in gaz.parent:
            candidates = gaz.by_short[written]
            if parent:
                candidates = tuple(c for c in candidates if gaz.parent.get(c) == parent) or candidates
            full = candidates[0]
            return full, parent or (gaz.parent.get(full) or None)
        for ending, canonical_ending in self.lex.place_forms:
            if written.endswith(ending):
                alt = written[: -len(ending)] + canonical_ending
                if alt in self.attested:
                    return alt, parent
        if written in gaz.parent and not parent:
            return written, gaz.parent[written] or None
        return written, parent


def _below_county(name: str, lex: Lexicon) -> bool:
    return name.endswith(lex.below_county_suffixes)
