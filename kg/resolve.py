"""Stage 4, resolve: mentions → entities with stable ids.

First pass, conservative: one person per distinct name across the corpus; one body per
canonical name, short forms (市政府, 市发展改革委) resolved against the issue's own city
and province; one place per canonical name (青山城区 → 青山区 where 青山区 is attested);
each title decomposed into body + role where the lexicon understands it. Written forms
are kept as alternative labels; nothing raw is overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg.ids import make_id
from kg.lexicon import Lexicon
from kg.model import Extraction, IssueRecord, Span


@dataclass
class Entity:
    id: str
    kind: str  # person, body, place
    label: str
    alt_labels: set[str] = field(default_factory=set)
    parent: str | None = None  # id of the containing place / parent body
    category: str | None = None  # for bodies


@dataclass(frozen=True)
class Membership:
    id: str
    person: str
    title: str
    body: str | None
    role: str | None
    spans: tuple[Span, ...]
    attested: tuple[dt.date, ...] = ()  # dates the source shows the title held


@dataclass
class Resolution:
    """Entities and the maps from written forms to their ids."""

    issues: dict[str, str] = field(default_factory=dict)  # source name → issue id
    persons: dict[str, Entity] = field(default_factory=dict)  # id → entity
    bodies: dict[str, Entity] = field(default_factory=dict)
    places: dict[str, Entity] = field(default_factory=dict)
    body_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (source, written) → id
    place_of: dict[tuple[str, int], str] = field(default_factory=dict)  # (source, offset) → id
    memberships: list[Membership] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)  # document key → id

    def person_id(self, name: str) -> str:
        return make_id("person", name)


_BRACKETS = str.maketrans({"(": "（", ")": "）", "〈": "（", "〉": "）"})
_TERM = re.compile(r"第?[一二三四五六七八九十]+届")  # 曲靖市第五届人民政府, 五届市委常委会
_DISTRICT = re.compile(r"^[\u4e00-\u9fff]{2,4}?区")


def issue_id(issue: IssueRecord) -> str:
    return make_id("issue", issue.title, issue.year, issue.number, issue.total)


def document_id(key: str) -> str:
    return make_id("document", key)


class BodyResolver:
    def __init__(self, lex: Lexicon, issue: IssueRecord) -> None:
        self.lex = lex
        self.city = issue.city or ""
        self.province = issue.province or ""

    def _fill(self, pattern: str) -> str:
        return pattern.replace("{city}", self.city).replace("{province}", self.province)

    def canonical(self, written: str) -> tuple[str, str | None]:
        """Canonical name and parent name of a body as written: brackets folded to （）,
        short forms expanded against the issue's place, department short forms spelled out."""
        name, parent = self._placed(_TERM.sub("", written.translate(_BRACKETS)))
        for short, full in self.lex.infix_forms:
            name = name.replace(short, full)
        district = _DISTRICT.match(name)
        if (district and self.city and not name.startswith(self.city) and len(name) > district.end()
                and not district.group().endswith(self.lex.non_district_suffixes)):
            name = self.city + name  # a district of the city: 麒麟区民政局 → 曲靖市麒麟区民政局
        for short, full in sorted(self.lex.department_forms, key=lambda f: -len(f[0])):
            if name.endswith(short) and not name.endswith(full):
                name = name[: -len(short)] + full
                break
        if parent is None and name != written:
            parent = self._default_parent(name)
        return name, parent

    def _default_parent(self, name: str) -> str | None:
        """A city or province department belongs to its government (曲靖市公安局 → 曲靖市人民政府)."""
        for place in (self.city, self.province):
            if place and name.startswith(place) and name != f"{place}人民政府" and category_of(name, self.lex) == "government":
                rest = name[len(place) :]
                if not rest.startswith(("人民政府", "人民代表", "中级", "人民法院", "人民检察")):
                    return f"{place}人民政府"
        return None

    def _placed(self, written: str) -> tuple[str, str | None]:
        if written in self.lex.body_aliases:
            full, parent = self.lex.body_aliases[written]
            if ("{city}" in full and not self.city) or ("{province}" in full and not self.province):
                return written, None
            return self._fill(full), (self._fill(parent) or None)
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
    for pattern, category in lex.body_categories:
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


class PlaceResolver:
    def __init__(self, lex: Lexicon, attested: set[str]) -> None:
        self.lex = lex
        self.attested = attested

    def is_place(self, written: str) -> bool:
        """Does a label name a place (a gazetteer name or a name with a place suffix)?"""
        return written in self.lex.gazetteer.by_short or bool(
            len(written) >= 2 and written.endswith(self.lex.place_suffixes) and written not in self.lex.place_suffixes
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


def resolve(extractions: list[Extraction], lex: Lexicon) -> Resolution:
    """Entities for a whole corpus, deterministic in the order of ``extractions``."""
    res = Resolution()
    attested = {m.text for x in extractions for e in x.events for p in e.places for m in p.chain}
    places = PlaceResolver(lex, attested)
    titles_seen: dict[tuple[str, str], list[Span]] = {}
    when: dict[tuple[str, int], dt.date] = {}  # (source, span start) → date the title is attested
    title_body: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def add_body(source: str, written: str, br: BodyResolver) -> str:
        name, parent = br.canonical(written)
        bid = make_id("body", name)
        ent = res.bodies.setdefault(bid, Entity(bid, "body", name, category=category_of(name, lex)))
        ent.alt_labels.add(written)
        if parent:
            pid = make_id("body", parent)
            res.bodies.setdefault(pid, Entity(pid, "body", parent, category=category_of(parent, lex)))
            ent.parent = ent.parent or pid
        res.body_of[(source, written)] = bid
        return bid

    def add_place(written: str, parent_id: str | None, parent_label: str | None) -> str:
        name, parent_name = places.canonical(written, parent_label)
        if parent_name and not parent_id:
            parent_id = add_place(parent_name, None, None)
        pid = make_id("place", name) if not _below_county(name, lex) else make_id("place", parent_id or "", name)
        ent = res.places.setdefault(pid, Entity(pid, "place", name))
        ent.alt_labels.add(written)
        if parent_id and ent.parent is None:
            ent.parent = parent_id
        return pid

    def add_person(name: str) -> str:
        pid = res.person_id(name)
        res.persons.setdefault(pid, Entity(pid, "person", name))
        return pid

    for x in extractions:
        src = x.issue.source.name
        res.issues[src] = issue_id(x.issue)
        br = BodyResolver(lex, x.issue)
        if x.issue.publisher:
            add_body(src, x.issue.publisher.text, br)
        for d in x.documents:
            res.documents[d.key] = document_id(d.key)
            for c in d.citations + d.repeals:
                res.documents.setdefault(c.number, document_id(c.number))
            for m in d.issuers + d.addressees:
                add_body(src, m.text, br)
        for t in x.tasks:
            for duty in t.duties:
                add_body(src, duty.body.text, br)
        for r in x.rosters:
            pid = add_person(r.person.text)
            if r.group:
                add_body(src, r.group, br)
            if r.post:
                titles_seen.setdefault((pid, r.post.text), []).append(r.post.span)
                if (pid, r.post.text) not in title_body:
                    body_written, role = decompose_title(r.post.text, lex)
                    title_body[(pid, r.post.text)] = (add_body(src, body_written, br) if body_written else None, role)
        for table in x.tables:
            for cell in table.cells:
                head = cell.row.split("/")[0]
                if places.is_place(head):
                    res.place_of[(src, cell.span.start)] = add_place(head, None, None)
        for e in x.events:
            prev_body: str | None = None  # the body of the title written just before, in this entry
            for p in e.participants:
                pid = add_person(p.name.text)
                for t in p.titles:
                    when[(src, t.span.start)] = e.start
                    own, _ = decompose_title(t.text, lex)
                    inherited = inherit_body(t.text, prev_body, lex)
                    prev_body = inherited or own
                    if inherited and (pid, t.text) not in title_body:
                        title_body[(pid, t.text)] = (add_body(src, inherited, br), decompose_title(t.text, lex)[1])
                    titles_seen.setdefault((pid, t.text), []).append(t.span)
                    if (pid, t.text) not in title_body:
                        body_written, role = decompose_title(t.text, lex)
                        body = add_body(src, body_written, br) if body_written else None
                        if body and res.bodies[body].label == body_written and body_written.startswith(("市", "省", "区", "县")):
                            body = None  # a short form we could not place: leave it unresolved
                        title_body[(pid, t.text)] = (body, role)
            for b in e.bodies:
                add_body(src, b.body.text, br)
            for pm in e.places:
                parent_id = parent_label = None
                for level in pm.chain:
                    parent_id = add_place(level.text, parent_id, parent_label)
                    parent_label = res.places[parent_id].label
                if len(pm.chain) > 1:
                    res.places[parent_id].alt_labels.add(pm.written.text)  # type: ignore[index]
                res.place_of[(src, pm.written.span.start)] = parent_id  # type: ignore[assignment]
        board_body = None
        issue_date = dt.date(x.issue.year, x.issue.number, 1) if x.issue.year and x.issue.number and 1 <= x.issue.number <= 12 else None
        for bm in x.board:
            if issue_date:
                when[(src, bm.role.span.start)] = issue_date
            if board_body is None:
                board_body = add_body(src, f"{x.issue.title}编辑委员会", br)
            pid = add_person(bm.person.text)
            titles_seen.setdefault((pid, bm.role.text), []).append(bm.role.span)
            rw = lex.role_words.get(bm.role.text)
            title_body.setdefault((pid, bm.role.text), (board_body, rw.role if rw else None))
        for c in x.commendations:
            if c.awardee.kind == "person":
                add_person(c.awardee.text)
            else:
                add_body(src, c.awardee.text, br)
            if c.affiliation:
                add_body(src, c.affiliation.text, br)

    for (pid, title), spans in sorted(titles_seen.items()):
        body, role = title_body.get((pid, title), (None, None))
        dates = tuple(sorted({when[(s.source, s.start)] for s in spans if (s.source, s.start) in when}))
        res.memberships.append(
            Membership(make_id("membership", pid, title), pid, title, body, role, tuple(spans), dates)
        )
    return res


def romanize_name(name: str, lex: Lexicon) -> str:
    """Hanyu pinyin of a personal name with tone marks, the surname read as a surname.

    >>> from kg.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> romanize_name("单晓明", lex), romanize_name("曾国强", lex), romanize_name("欧阳明远", lex)
    ('Shàn Xiǎomíng', 'Zēng Guóqiáng', 'Ōuyáng Míngyuǎn')
    """
    from pypinyin import Style, pinyin

    surname = name[:2] if name[:2] in lex.compound_surnames else name[:1]
    family = lex.surname_pinyin.get(surname) or "".join(p[0] for p in pinyin(surname, style=Style.TONE)).capitalize()
    given = "".join(p[0] for p in pinyin(name[len(surname) :], style=Style.TONE))
    return f"{family} {given.capitalize()}" if given else family


def _below_county(name: str, lex: Lexicon) -> bool:
    return name.endswith(lex.below_county_suffixes)
