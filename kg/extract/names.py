"""Titles and personal names from context (pure functions over a cleaned text).

A title is a run of role words (``副市长``, ``候选人``) with the body written before it
(``省发展改革委副主任``); a name is a surname from ``data/lexicon/surnames.tsv`` and one
or two more characters, ending where the item ends or where a follow word
(``参加``, ``到``, ``主持``…) begins. No list of known people is needed; names seen with a
title elsewhere (``known``) only help to settle ambiguous ends and stray characters.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kg.lexicon import Lexicon, alternation

OPEN_QUOTES = "“《（(「『〈‘\"["
CLOSE_QUOTES = "”》）)」』〉’\"]"
_PAIRS = dict(zip(OPEN_QUOTES, CLOSE_QUOTES))
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_MASKED = "“《「『"  # mask_quoted masks what stands after these (up to their closing mark)
_MASK_OPEN = re.compile(f"[{_MASKED}]")


@dataclass(frozen=True)
class TitleHit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PersonHit:
    start: int  # where the person's mention begins (first title, or the name)
    name_start: int
    name_end: int
    name: str
    titles: tuple[TitleHit, ...]
    rule: str


def split_outside(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at any of ``seps`` that is not inside quotes or brackets.

    >>> t = "省委“甲、乙”组长王五、李六"
    >>> [t[a:b] for a, b in split_outside(t, 0, len(t), "、")]
    ['省委“甲、乙”组长王五', '李六']
    """
    if start < 0 or end > len(text):  # read character by character, as text[i] would (or fail)
        return [(a + start, b + start) for a, b in split_outside("".join(text[i] for i in range(start, end)), 0, end - start, seps)]
    parts: list[tuple[int, int]] = []
    stack: list[str] = []
    seg = start
    for m in _marks(seps).finditer(text, start, end):  # other characters change nothing
        i, ch = m.start(), m.group()
        if stack and ch == stack[-1]:
            stack.pop()
        elif ch in _PAIRS and not (ch == '"' and stack and stack[-1] == '"'):
            stack.append(_PAIRS[ch])
        elif not stack and ch in seps:
            parts.append((seg, i))
            seg = i + 1
    parts.append((seg, end))
    return [(a, b) for a, b in parts if b > a]


@functools.lru_cache(maxsize=32)
def _marks(seps: str) -> re.Pattern[str]:
    """A quote, a bracket or one of ``seps``: the characters :func:`split_outside` acts on."""
    return re.compile(f"[{re.escape(''.join(sorted(set(OPEN_QUOTES + CLOSE_QUOTES + seps))))}]")


def mask_quoted(text: str) -> str:
    """Replace what stands inside quotes and book-title marks by ``□`` (same length).

    >>> mask_quoted("讲授《论讲话》党课")
    '讲授《□□□》党课'
    """
    if not _MASK_OPEN.search(text):
        return text  # nothing is quoted
    out = []
    stack: list[str] = []
    for ch in text:
        if stack and ch == stack[-1]:
            stack.pop()
            out.append(ch)
        elif ch in _MASKED:
            stack.append(_PAIRS[ch])
            out.append(ch)
        else:
            out.append("□" if stack else ch)
    return "".join(out)


class NameGrammar:
    """Title and name recognisers built from the lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.role_re = re.compile(alternation(lex.role_words))
        self.follow_re = re.compile(alternation(lex.follow_words))
        suffix_chars = {s[-1] for s in lex.place_suffixes + lex.body_suffixes if len(s) >= 1}
        self.bad_last = frozenset(suffix_chars)
        self.qualifiers = lex.title_qualifiers
        self.trigger_re = re.compile(alternation(lex.appointment_words))
        self.breaker_re = re.compile(alternation(lex.appointment_words + lex.title_breakers))

    # -- names ---------------------------------------------------------------

    def surname_at(self, text: str, p: int) -> str | None:
        if text[p : p + 2] in self.lex.compound_surnames:
            return text[p : p + 2]
        if p < len(text) and text[p] in self.lex.surnames:
            return text[p]
        return None

    def plausible(self, name: str, titled: bool = False) -> bool:
        """Could ``name`` be a personal name? Ordinary words that are also names (文明)
        count only right after a title (``titled``)."""
        return (
            2 <= len(name) <= 4
            and bool(_CJK.match(name))
            and name not in self.lex.non_names
            and (titled or name not in self.lex.common_words)
            and name[-1] not in self.bad_last
            and not self.role_re.search(name)
        )

    def follows(self, text: str, p: int, limit: int) -> bool:
        """True when ``text[p:]`` begins with a follow word (or the item ends at p)."""
        return p >= limit or self.follow_re.match(text, p, limit) is not None

    def follow_length(self, text: str, p: int, limit: int) -> int:
        m = self.follow_re.match(text, p, limit)
        return len(m.group()) if m else (1 if p >= limit else 0)

    def name_at(
        self, text: str, p: int, limit: int, known: frozenset[str] = frozenset(), titled: bool = False
    ) -> tuple[int, str] | None:
        """The name starting at ``p`` (before ``limit``): its end and the rule used."""
        if p >= limit:
            return None
        for k in sorted((k for k in known if text.startswith(k, p) and p + len(k) <= limit), key=len, reverse=True):
            end = p + len(k)
            if self.follows(text, end, limit):
                return end, "known-name"
            if end + 1 == limit and text[p : limit] not in known:
                return end, "known-name-stray-char"
        surname = self.surname_at(text, p)
        if surname is None:
            return None
        n = len(surname)
        rest = limit - p
        if n + 1 <= rest <= n + 2 and self.plausible(text[p:limit], titled):
            return limit, "name-to-item-end"
        long_end, short_end = p + n + 2, p + n + 1
        long_ok = (
            long_end <= limit
            and text[long_end - 1] not in self.lex.name_breakers
            and self.plausible(text[p:long_end], titled)
            and self.follows(text, long_end, limit)
        )
        short_ok = (
            short_end <= limit and self.plausible(text[p:short_end], titled) and self.follows(text, short_end, limit)
        )
        if long_ok and short_ok:
            # both fit: the longer verb decides (江海|陪同 rather than 江海陪|同; 王建和|参加)
            if self.follow_length(text, short_end, limit) > self.follow_length(text, long_end, limit):
                return short_end, "name-before-follow-word"
            return long_end, "name-before-follow-word"
        if long_ok:
            return long_end, "name-before-follow-word"
        if short_ok:
            return short_end, "name-before-follow-word"
        return None

    # -- titles ----------------------------------------------------------------

    def title_runs(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Runs of adjacent role words (``副市长候选人`` is one run)."""
        runs: list[tuple[int, int]] = []
        for m in self.role_re.finditer(text, start, end):
            if runs and runs[-1][1] == m.start():
                runs[-1] = (runs[-1][0], m.end())
            else:
                runs.append((m.start(), m.end()))
        return runs

    def skip_trigger(self, text: str, p: int, limit: int) -> int:
        """Where a title begins after an appointment word or a title breaker
        (会议决定副市长… → 副市长…; 审议了代理市长… → 代理市长…)."""
        last = None
        for m in self.breaker_re.finditer(text, p, limit):
            last = m
        return last.end() if last else p

    def appointed_title(self, text: str, p: int, limit: int) -> TitleHit | None:
        """The post after ``为`` that follows an appointed person's name (为代理市长)."""
        if not text.startswith("为", p):
            return None
        runs = self.title_runs(text, p + 1, limit)
        if runs and runs[-1][1] == limit:
            return TitleHit(p + 1, limit, text[p + 1 : limit])
        return None

    def skip_predicate(self, text: str, p: int, limit: int) -> int:
        """Skip follow words (``陪同``, ``到``) so a title after a verb starts at its body."""
        while p < limit:
            m = self.follow_re.match(text, p, limit)
            if not m:
                break
            p = m.end()
        return p


def _parse_item(
    g: NameGrammar, text: str, a: int, b: int, known: frozenset[str]
) -> tuple[list[tuple[list[TitleHit], int, int, str]], list[TitleHit], bool]:
    """Parse one item (text between 、 or ，).

    Returns the (titles, name_start, name_end, rule) found, the titles left pending at
    the item's end, and whether anything else (a predicate) follows the last name.
    """
    found: list[tuple[list[TitleHit], int, int, str]] = []
    pending: list[TitleHit] = []
    pos = a
    for r_start, r_end in g.title_runs(text, a, b):
        if r_start < pos:
            continue
        t_start = g.skip_predicate(text, pos, r_start) if found else g.skip_trigger(text, pos, r_start)
        name = g.name_at(text, r_end, b, known, titled=True)
        if name is not None:
            title = TitleHit(t_start, r_end, text[t_start:r_end])
            found.append(([title], r_end, name[0], name[1]))
            pos = name[0]
            continue
        before = g.name_at(text, t_start, r_start, known, titled=True)
        if r_end == b and not (before is not None and before[0] == r_start):
            pending = [TitleHit(t_start, r_end, text[t_start:r_end])]
            pos = b
            break
        # a title written after the name (何仁华市长主持…, 高山书记、…)
        if before is not None and before[0] == r_start and g.follows(text, r_end, b):
            found.append(([TitleHit(r_start, r_end, text[r_start:r_end])], t_start, r_start, "title-after-name"))
            pos = r_end
    trailing = bool(found) and pos < b
    return found, pending, trailing


def find_people(g: NameGrammar, text: str, start: int, end: int, known: frozenset[str] = frozenset()) -> list[PersonHit]:
    """All persons named in ``text[start:end]`` (one sentence), with their titles as written.

    >>> from kg.lexicon import load_lexicon
    >>> g = NameGrammar(load_lexicon())
    >>> s = "县委常委、常务副县长欧阳明远，副县长韩小刚、钱学文参加会议"
    >>> [(p.name, [t.text for t in p.titles]) for p in find_people(g, s, 0, len(s))]
    [('欧阳明远', ['县委常委', '常务副县长']), ('韩小刚', ['副县长']), ('钱学文', ['副县长'])]
    """
    people: list[PersonHit] = []
    for c_start, c_end in split_outside(text, start, end, "，,；;：:"):
        items = split_outside(text, c_start, c_end, "、")
        pending: list[TitleHit] = []
        shared: list[TitleHit] | None = None
        bare: list[tuple[int, int, str]] = []
        stopped = False
        for a, b in items:
            if stopped:
                break
            found, item_pending, trailing = _parse_item(g, text, a, b, known)
            if found:
                for titles, ns, ne, rule in found:
                    all_titles = pending + titles if titles and titles[0].end <= ns else titles
                    hit_start = all_titles[0].start if all_titles and all_titles[0].start < ns else ns
                    people.append(PersonHit(hit_start, ns, ne, text[ns:ne], tuple(all_titles), rule))
                    shared = all_titles
                    pending = []
                pending = item_pending
                if trailing and not item_pending:
                    stopped = True
                continue
            if item_pending:
                pending = pending + item_pending
                shared = None
                continue
            name = g.name_at(text, a, b, known, titled=bool(pending or shared))
            if name is None:
                if pending or shared or bare:
                    stopped = True
                continue
            if pending or shared:
                titles = pending or shared or []
                people.append(PersonHit(titles[0].start if pending else a, a, name[0], text[a : name[0]], tuple(titles), "title-shared-by-list"))
                shared, pending = titles, []
            else:
                bare.append((a, name[0], name[1]))
            if name[0] < b:
                stopped = True
        known_bare = [x for x in bare if text[x[0] : x[1]] in known]
        if len(bare) >= 2 or known_bare:
            chosen = bare if len(bare) >= 2 else known_bare
            for a, e, rule in chosen:
                people.append(PersonHit(a, a, e, text[a:e], (), "bare-name-list" if len(bare) >= 2 else "known-bare-name"))
    people.extend(_appointments(g, text, start, end, known, {p.name_start for p in people}))
    people = _with_appointed_titles(g, text, people, end)
    people.sort(key=lambda p: p.name_start)
    return people


def _appointments(
    g: NameGrammar, text: str, start: int, end: int, known: frozenset[str], seen: set[int]
) -> list[PersonHit]:
    """Persons right after an appointment word (选举A为…, 接受A辞去…) not found otherwise."""
    out = []
    for m in g.trigger_re.finditer(text, start, end):
        name = g.name_at(text, m.end(), end, known)
        if name is not None and m.end() not in seen:
            out.append(PersonHit(m.end(), m.end(), name[0], text[m.end() : name[0]], (), "appointment"))
    return out


def _with_appointed_titles(g: NameGrammar, text: str, people: list[PersonHit], end: int) -> list[PersonHit]:
    """Add the post a person is elected or appointed to (…A为榆川市市长) as a title."""
    out = []
    for p in people:
        stop = min([i for i in (text.find(c, p.name_end, end) for c in "，,。；、") if i != -1] + [end])
        post = g.appointed_title(text, p.name_end, stop)
        if post is not None:
            p = PersonHit(p.start, p.name_start, p.name_end, p.name, p.titles + (post,), p.rule)
        out.append(p)
    return out
