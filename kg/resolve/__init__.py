"""Stage 4, resolve: mentions → entities with stable ids.

First pass, conservative: one person per distinct name across the corpus; one body per
canonical name, short forms (市政府, 市发展改革委) resolved against the issue's own city
and province; one place per canonical name (青山城区 → 青山区 where 青山区 is attested);
each title decomposed into body + role where the lexicon understands it. Written forms
are kept as alternative labels; nothing raw is overwritten.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kg.ids import make_id
from kg.lexicon import Lexicon
from kg.model import Extraction, IssueRecord, Span
from kg.resolve.bodies import (BodyResolver, PlaceResolver, _below_county, category_of, decompose_title,
                               governed_places, inherit_body)
from kg.resolve.persons import Decision, cluster_persons, load_decisions, romanize_name

__all__ = ["DocumentIds", "Entity", "by_source", "Membership", "Resolution", "resolve", "issue_id", "document_id", "membership_id",
           "title_mentions", "BodyResolver",
           "PlaceResolver", "category_of", "decompose_title", "inherit_body", "Decision", "cluster_persons",
           "load_decisions", "romanize_name"]


@dataclass(slots=True)
class Entity:
    id: str
    kind: str  # person, body, place
    label: str
    alt_labels: set[str] = field(default_factory=set)
    parent: str | None = None  # id of the containing place / parent body
    category: str | None = None  # for bodies; for places, "venue" (a hall, a hotel: lex.venue_words) or None
    governs: str | None = None  # for bodies: id of the place a government or committee governs


@dataclass(frozen=True, slots=True)
class Membership:
    id: str
    person: str
    title: str
    body: str | None
    role: str | None
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
    person_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (source, name) → person id
    homonyms: list[tuple[str, str]] = field(default_factory=list)  # person ids that may share a name


def issue_id(issue: IssueRecord) -> str:
    return make_id("issue", issue.title, issue.year, issue.number, issue.total)


def document_id(key: str) -> str:
    return make_id("document", key)


def membership_id(person: str, title: str) -> str:
    return make_id("membership", person, title)


def title_mentions(x: Extraction) -> Iterator[tuple[str, str, Span]]:
    """Each title an issue writes with a person's name: ``(name, title, span)``, from its
    rosters, its chronicle and its masthead, as :func:`resolve` reads them. Each is a
    membership of the person (``membership_id``), attested by the span; the graph of the
    issue writes the attestations from here, so the resolution keeps no spans."""
    for r in x.rosters:
        if r.post:
            yield r.person.text, r.post.text, r.post.span
    for e in x.events:
        for p in e.participants:
            for t in p.titles:
                yield p.name.text, t.text, t.span
    for bm in x.board:
        yield bm.person.text, bm.role.text, bm.role.span


class DocumentIds(dict):  # type: ignore[type-arg]
    """A document key's id, made when asked for (as ``Resolution.documents`` holds it)."""

    def __missing__(self, key: str) -> str:
        return document_id(key)


def by_source(res: Resolution, take: bool = False) -> dict[str, Resolution]:
    """Each source's part of the resolution: its issue and the ids of the mentions in it
    (documents by key, as :class:`DocumentIds`), all one issue's graph needs, so the graphs
    of many issues can be built in worker processes without the whole resolution. With
    ``take``, the maps move out of ``res`` (left empty), so they are not held twice."""
    out = {src: Resolution(issues={src: iid}, documents=DocumentIds()) for src, iid in res.issues.items()}
    for table in ("body_of", "place_of", "person_of"):
        whole = getattr(res, table)
        for key, value in whole.items():
            part = out.get(key[0])
            if part is not None:
                getattr(part, table)[key] = value
        if take:
            whole.clear()
    return out


def part_key(part: Resolution) -> str:
    """A digest of a source's part of the resolution (:func:`by_source`) that does not depend
    on the order its maps were filled in: equal parts, equal keys, in any process.

    >>> a = Resolution(issues={"a.txt": "i1"}, body_of={("a.txt", "市政府"): "b1", ("a.txt", "市委"): "b2"})
    >>> b = Resolution(issues={"a.txt": "i1"}, body_of={("a.txt", "市委"): "b2", ("a.txt", "市政府"): "b1"})
    >>> part_key(a) == part_key(b), part_key(a) == part_key(Resolution(issues={"a.txt": "i2"}))
    (True, False)
    """
    h = hashlib.blake2b(digest_size=16)
    for f in dataclasses.fields(part):
        value = getattr(part, f.name)
        h.update(f"{f.name}={sorted(value.items())!r};".encode() if isinstance(value, dict) else f"{f.name}={value!r};".encode())
    return h.hexdigest()


def _subsequence(short: str, long: str) -> bool:
    """``short`` is ``long`` with characters left out (环保督察组 in 生态环境保护督察组)."""
    it = iter(long)
    return all(ch in it for ch in short)


def _extra(short: str, long: str) -> str:
    """The characters of ``long`` that ``short`` (a subsequence of it) leaves out."""
    out, k = [], 0
    for ch in long:
        if k < len(short) and short[k] == ch:
            k += 1
        else:
            out.append(ch)
    return "".join(out)


def _abbreviations(res: Resolution, place_marks: str, group_prefixes: tuple[str, ...]) -> dict[str, str]:
    """Bodies written short in one issue (省委第三指导组, 市考核办) joined to the one body of that
    issue, of the same category, whose name holds the short name's characters in order and
    begins and ends alike (省委第三巡回指导组, 市综合考核办); the left-out characters must not
    name a place (榆溪市民政局 is not 榆溪市东湖区民政局). The short entity becomes an
    alternative label of the long one. ``place_marks`` holds the one-character ends of places
    and bodies (县, 局, 委): left out, they make a different body (某省国资委财政厅)."""
    by_source: dict[str, set[str]] = {}
    for (source, _), bid in res.body_of.items():
        if res.bodies[bid].category != "group":
            by_source.setdefault(source, set()).add(bid)
    redirect: dict[str, str] = {}
    for source, ids in sorted(by_source.items()):
        for short in sorted(ids):
            s = res.bodies[short].label
            longer = [b for b in sorted(ids) if b != short and len(res.bodies[b].label) > len(s)
                      and res.bodies[b].category == res.bodies[short].category
                      and res.bodies[b].label[:2] == s[:2] and res.bodies[b].label[-2:] == s[-2:]
                      and _subsequence(s, res.bodies[b].label)
                      and not set(_extra(s, res.bodies[b].label)) & set(place_marks)
                      and not s.startswith(group_prefixes)]
            if len(longer) == 1 and short not in redirect.values():
                redirect[short] = longer[0]
    for short, long in sorted(redirect.items()):
        ent = res.bodies.pop(short)
        res.bodies[long].alt_labels |= ent.alt_labels | {ent.label}
    for ent in res.bodies.values():
        ent.parent = redirect.get(ent.parent, ent.parent) if ent.parent else None
    return redirect


def resolve(extractions: list[Extraction], lex: Lexicon, decisions: list[Decision] | None = None,
            seen: Callable[[Extraction], object] | None = None) -> Resolution:
    """Entities for a whole corpus, deterministic in the order of ``extractions``; ``seen`` is
    called with each extraction as it is read (a store build counts them there, not in a second
    reading of its cache)."""
    res = Resolution()
    attested: set[str] = set()  # every level of every place chain: known only after the last issue
    places = PlaceResolver(lex, attested)
    # Places are resolved after all issues are read (a written form's canonical name depends on
    # the forms attested anywhere in the corpus), in the order met, so each extraction is read
    # once: the extractions of a store build come back from its cache, and reading one costs
    # about as much as resolving it. Each item: (source, table cell start, head) or
    # (source, place mention start, written form, chain levels).
    place_work: list[tuple[str, int, str, tuple[str, ...] | None]] = []
    titles_seen: set[tuple[str, str]] = set()  # (person, title) written together: a membership
    dates_seen: dict[tuple[str, str], set[dt.date]] = {}  # (person, title) → dates an entry shows it held
    title_body: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def add_body(source: str, written: str, br: BodyResolver) -> str:
        name, parent = br.canonical(written)
        bid = make_id("body", name)
        ent = res.bodies.get(bid) or res.bodies.setdefault(bid, Entity(bid, "body", name, category=category_of(name, lex)))
        bid = ent.id  # one string per body, however many mentions map to it
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
        ent = res.places.get(pid) or res.places.setdefault(
            pid, Entity(pid, "place", name, category="venue" if name.endswith(lex.venue_words) else None))
        ent.alt_labels.add(written)
        if parent_id and ent.parent is None:
            ent.parent = parent_id
        return ent.id

    mention_of: dict[str, tuple[str, str]] = {}  # provisional id → (source, name)

    def add_person(source: str, name: str) -> str:
        """A provisional id per issue; persons across issues are joined at the end."""
        pid = make_id("person-in", source, name)
        mention_of[pid] = (source, name)
        return pid

    for x in extractions:
        if seen is not None:
            seen(x)
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
            pid = add_person(src, r.person.text)
            if r.group:
                add_body(src, r.group, br)
            if r.post:
                if (pid, r.post.text) not in title_body:
                    body_written, role = decompose_title(r.post.text, lex)
                    title_body[(pid, r.post.text)] = (add_body(src, body_written, br) if body_written else None, role)
        for ref in x.references:
            add_body(src, ref.body.text, br)
        for table in x.tables:
            for cell in table.cells:
                head = cell.row.split("/")[0]
                if places.is_place(head):
                    place_work.append((src, cell.span.start, head, None))
        for e in x.events:
            prev_body: str | None = None  # the body of the title written just before, in this entry
            for p in e.participants:
                pid = add_person(src, p.name.text)
                for t in p.titles:
                    dates_seen.setdefault((pid, t.text), set()).add(e.start)
                    own, _ = decompose_title(t.text, lex)
                    inherited = inherit_body(t.text, prev_body, lex)
                    prev_body = inherited or own
                    if inherited and (pid, t.text) not in title_body:
                        title_body[(pid, t.text)] = (add_body(src, inherited, br), decompose_title(t.text, lex)[1])
                    if (pid, t.text) not in title_body:
                        body_written, role = decompose_title(t.text, lex)
                        body = add_body(src, body_written, br) if body_written else None
                        if body and res.bodies[body].label == body_written and body_written.startswith(("市", "省", "区", "县")):
                            body = None  # a short form we could not place: leave it unresolved
                        title_body[(pid, t.text)] = (body, role)
            for b in e.bodies:
                add_body(src, b.body.text, br)
            for pm in e.places:
                chain = tuple(level.text for level in pm.chain)
                attested.update(chain)
                place_work.append((src, pm.written.span.start, pm.written.text, chain))
        for name, title, _ in title_mentions(x):  # the memberships, as the issue's graph attests them
            titles_seen.add((add_person(src, name), title))
        board_body = None
        for bm in x.board:  # the masthead gives no date of its own: the board is not dated
            if board_body is None:
                board_body = add_body(src, f"{x.issue.title}编辑委员会", br)
            pid = add_person(src, bm.person.text)
            rw = lex.role_words.get(bm.role.text)
            title_body.setdefault((pid, bm.role.text), (board_body, rw.role if rw else None))
        for c in x.commendations:
            if c.awardee.kind == "person":
                add_person(src, c.awardee.text)
            else:
                add_body(src, c.awardee.text, br)
            if c.affiliation:
                add_body(src, c.affiliation.text, br)

    for src, start, written, levels in place_work:
        if levels is None:  # a table cell's row head
            res.place_of[(src, start)] = add_place(written, None, None)
            continue
        parent_id = parent_label = None
        for level in levels:
            parent_id = add_place(level, parent_id, parent_label)
            parent_label = res.places[parent_id].label
        if len(levels) > 1:
            res.places[parent_id].alt_labels.add(written)  # type: ignore[index]
        res.place_of[(src, start)] = parent_id  # type: ignore[assignment]
    del place_work

    marks = "".join(w for w in lex.place_suffixes + lex.body_suffixes if len(w) == 1)
    for ent in sorted(res.bodies.values(), key=lambda e: e.id):  # 东湖区人民政府 governs 东湖区
        chain = governed_places(ent.label, lex)
        parent_id = parent_label = None
        for level in chain:
            parent_id = add_place(level, parent_id, parent_label)
            parent_label = res.places[parent_id].label
        ent.governs = parent_id
    for ent in sorted(res.places.values(), key=lambda e: e.id):  # 会泽县, named alone: its prefecture
        if ent.parent is None and ent.label in lex.county_parents:  # as the division list has it,
            ent.parent = add_place(lex.county_parents[ent.label], None, None)  # where the corpus gives none
    redirect = _abbreviations(res, marks, lex.group_prefixes)
    for key, bid in list(res.body_of.items()):
        res.body_of[key] = redirect.get(bid, bid)
    for key, (body, role) in list(title_body.items()):
        title_body[key] = (redirect.get(body, body) if body else None, role)
    bodies_of: dict[str, set[str]] = {}
    for (pid, _), (body, _) in title_body.items():
        if body:
            bodies_of.setdefault(pid, set()).add(body)
    final, res.homonyms = cluster_persons(mention_of, bodies_of, decisions or [])
    for prov, (source, name) in sorted(mention_of.items()):
        fid = final[prov]
        res.person_of[(source, name)] = fid
        ent = res.persons.setdefault(fid, Entity(fid, "person", name))
        if name != ent.label:
            ent.alt_labels.add(name)
    merged_body: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    merged_dates: dict[tuple[str, str], set[dt.date]] = {}
    for pid, title in sorted(titles_seen):
        key = (final[pid], title)
        merged_dates.setdefault(key, set()).update(dates_seen.get((pid, title), ()))
        body_role = title_body.get((pid, title), (None, None))
        if key not in merged_body or merged_body[key][0] is None:
            merged_body[key] = body_role
    for (pid, title), (body, role) in sorted(merged_body.items()):
        dates = tuple(sorted(merged_dates[(pid, title)]))
        res.memberships.append(Membership(membership_id(pid, title), pid, title, body, role, dates))
    return res
