"""Bodies named anywhere in a document's prose, lists and tables, and in the masthead.

Duties, issuers and addressees find bodies where the layout says one stands; this scanner
finds the rest (``由市发展改革委、市财政局审核，报市人民政府批准``), so that every mention of
a body is resolved and can be counted. A name is read as:

- a **start**: a level or place word (``data/lexicon/body_starts.txt``, the gazetteer, the
  issue's own city and province, a county-level name such as ``某某县``), at the start of a clause or after a lead word (由, 报, 会同
  … in ``body_leads.txt``);
- a **stem** of name characters, never one of ``body_stops.txt``; brackets and quotes are
  read whole (``各县（市、区）人民政府``, ``省委“不忘初心、牢记使命”主题教育指导组``);
- a joint start (``省委、省政府``, ``body_prefix_forms.tsv``) reads on past its 、;
- an **end** from ``body_suffixes.txt``, the longest one that is not followed by a word
  showing the name goes on (``部门``, ``书记``: ``body_followers.txt`` and the title words).

A name with no start is taken when it follows another name and a 、 (``省国资委、财政厅``), or
when it ends with a strong suffix (``某某有限公司``: ``body_free_suffixes.txt``), and then
from the last place word inside it.

>>> from kg.lexicon import load_lexicon
>>> s = BodyScanner(load_lexicon(), ("榆溪市", "西陵省"))
>>> t = "由市发展改革委会同市财政局审核，报市人民政府批准；市委书记和有关部门负责人参加。"
>>> [t[a:b] for a, b in s.scan(t)]
['市发展改革委', '市财政局', '市人民政府']
>>> t = "各县（市、区）人民政府，加快推进榆溪市农村商业银行、财政厅和相关部门"
>>> [t[a:b] for a, b in s.scan(t)]
['各县（市、区）人民政府', '榆溪市农村商业银行', '财政厅']
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_right
from collections.abc import Container, Iterable
from itertools import compress

from kg.lexicon import Lexicon, alternation
from kg.model import BodyReference, Mention, SourceText
from kg.textview import TextView, make_view

_CLOSE = {"（": "）", "(": ")", "“": "”", "〈": "〉"}
_INNER = 16  # longest bracket or quotation read inside a name
_LONGEST = 40  # longest name
_TITLED = 6  # a name this long may be followed by a title (某某指导组组长): it is whole


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class _Every:
    """Stands for the first or last characters of a list with an empty word: all of them."""

    def __contains__(self, ch: object) -> bool:
        return True


def _edge(words: Iterable[str], at: int) -> Container[str]:
    """The characters at ``at`` (0: first, -1: last) of ``words``: a character not among
    them is a cheap proof that ``startswith``/``endswith`` on the words would fail."""
    chars = {w[at] if w else "" for w in words}
    return _Every() if "" in chars else frozenset(chars)


class BodyScanner:
    def __init__(self, lex: Lexicon, own_places: tuple[str, ...] = ()) -> None:
        own = {p for p in own_places if p}
        shorts = {p[:-1] for p in own if p.endswith(("市", "省")) and len(p) >= 3}  # 榆溪市 → 榆溪
        places = set(lex.gazetteer.by_short) | own | shorts
        county = alternation(w for w in lex.place_suffixes if w in ("市", "县", "区", "旗") or w.startswith("自治"))
        self.start_re = re.compile(alternation(set(lex.body_starts) | places))
        self.start_firsts = _edge(set(lex.body_starts) | places, 0)
        odd = set(lex.body_stops) | {w[0] for w in lex.deictic_places} | set(lex.not_place_starts) | {w for w in lex.body_leads if len(w) == 1} | set(lex.group_prefixes) | set(lex.number_breakers)
        self.county_re = re.compile(rf"(?:(?![{re.escape(''.join(sorted(w for w in odd if len(w) == 1)))}])[\u4e00-\u9fff]){{2}}{county}")
        self.place_re = re.compile(alternation(w for w in places if len(w) > 1))
        self.suffixes = tuple(sorted(set(lex.body_suffixes) | set(lex.body_free_suffixes), key=len, reverse=True))
        self.free = tuple(lex.body_free_suffixes)
        self.legal = tuple(w for w in self.free if "有限" in w)
        self.leads = tuple(lex.body_leads)
        self.stops = lex.body_stops
        self.followers = tuple(lex.body_followers) + tuple(lex.role_words)
        self.marks = tuple(w for w in lex.body_followers if len(w) == 1)
        known = {w for w in lex.body_aliases if "{" not in w}
        self.known_re = re.compile(alternation(known)) if known else None
        self.titles = tuple(lex.role_words)
        self.title_re = re.compile(alternation(self.titles)) if self.titles else None
        self.group_prefixes = tuple(lex.group_prefixes)
        self.groups = tuple(p.strip("^$") for p, c in lex.body_categories if c == "temporary_group") + tuple(lex.group_suffixes)
        self.joint = tuple(p for p, _ in lex.body_prefix_forms)
        self.false_ends = tuple(lex.body_false_ends)
        self.breakers = tuple(lex.body_breakers)
        self.verbs = tuple(w for w in self.leads + self.breakers if len(w) > 1)
        self.before = self.leads + self.breakers
        self.verb_re = re.compile(alternation(self.verbs)) if self.verbs else None
        singles = "".join(sorted(re.escape(w) for w in lex.body_suffixes if len(w) == 1))
        self.list_tail = re.compile(rf"(?:、[{singles}])+") if singles else None
        # cheap first looks: what a word of each list can end or start with
        self.suffix_lasts, self.free_lasts, self.before_lasts = (_edge(w, -1) for w in (self.suffixes, self.free, self.before))
        self.verb_firsts, self.known_firsts, self.title_firsts = _edge(self.verbs, 0), _edge(known, 0), _edge(self.titles, 0)
        self.free_re = re.compile(alternation(self.free)) if self.free else None
        lasts = "" if isinstance(self.before_lasts, _Every) else "".join(sorted(self.before_lasts))
        # a character a name may follow: not a Chinese one, or the last of a lead word
        self.after_re = re.compile(r"(?s:.)" if isinstance(self.before_lasts, _Every) else
                                   rf"[^\u4e00-\u9fff]|[{re.escape(lasts)}]" if lasts else r"[^\u4e00-\u9fff]")

    def _may_start(self, t: str, i: int) -> bool:
        return i == 0 or not _cjk(t[i - 1]) or (t[i - 1] in self.before_lasts and t.endswith(self.before, 0, i))

    def _follows_name(self, t: str, i: int, out: list[tuple[int, int]]) -> bool:
        """A known name written straight after another (国务院国资委财政部)."""
        return bool(out) and out[-1][1] == i and bool(self.known_re and self.known_re.match(t, i))

    def _is_end(self, t: str, i: int, j: int) -> bool:
        return (t.endswith(self.suffixes, i, j) and not t.endswith(self.false_ends, i, j)
                and (not t.startswith(self.followers, j) or t.startswith(self.breakers, j)
                     or (j - i >= _TITLED and not t.startswith(self.marks, j))))

    def _ends(self, t: str, i: int, b: int, opened: int) -> list[int]:
        """Positions after ``i`` where a name could end, nearest first (``opened``: length
        of the start word)."""
        out: list[int] = []
        joint = next((p for p in self.joint if t.startswith(p, i)), "") if t.startswith(self.joint, i) else ""
        j = i + len(joint)  # 省委、省政府第三督察组: a joint name reads on past its 、
        stops, suffixes, suffix_lasts, start_re = self.stops, self.suffixes, self.suffix_lasts, self.start_re
        known_re, verb_re = self.known_re, self.verb_re
        named = False  # a name has ended (out) and not with a strong suffix
        while j < b and j - i < _LONGEST:
            ch = t[j]
            if ch in _CLOSE:
                k = t.find(_CLOSE[ch], j + 1, min(b, j + _INNER))
                if k < 0 or any(c.isdigit() or c == "\t" for c in t[j:k]):  # not a count, not across cells
                    break
                j = k + 1
                continue
            if not "\u4e00" <= ch <= "\u9fff" or ch in stops:
                break
            if named and j - out[-1] <= 2:
                gap = j - out[-1]
                if self.county_re.match(t, j) and self._may_start(t, j):
                    break  # 甲组到乙县某矿
                if (not gap and t.startswith(self.breakers, j)) or (ch in self.start_firsts and start_re.match(t, j) and (
                        gap or len(start_re.match(t, j).group()) > 1 or self._may_start(t, j))):
                    break  # 甲局负责…, 甲委乙市政府, 甲局会同乙局: the name has ended
            if out and ch in self.known_firsts and known_re and known_re.match(t, j):
                break  # 国务院国资委财政部: a second known name follows without a mark
            verb = verb_re.match(t, j) if verb_re and ch in self.verb_firsts and j >= i + opened else None
            if verb and start_re.match(t, verb.end()):
                break  # 北京参加中国工程院…: a verb and a second name
            if j > i and t[j - 1] in suffix_lasts and t.endswith(suffixes, i, j) and t.startswith(self.titles, j) and not t.startswith(suffixes, j):
                break  # 市委书记…: the name has become a title
            if ch == "和" and (j == i + opened or (out and out[-1] == j) or start_re.match(t, j + 1)):
                break  # 乡和…, 甲厅和有关部门: 和 joins two names
            j += 1
            if ch in suffix_lasts and self._is_end(t, i, j):
                out.append(j)
                named = not (ch in self.free_lasts and t.endswith(self.free, i, j))
        return out

    def _at(self, t: str, i: int, b: int, listed: bool, clean: bool) -> tuple[int, int] | None:
        """The name starting at ``i``; ``listed``: it follows another name and a 、;
        ``clean``: a mark or a line break stands before it (a county's name may start)."""
        c = t[i]  # a word's first character, looked at before the word lists' patterns
        start = self.start_re.match(t, i) if c in self.start_firsts else None
        if not start and clean and not (c in self.verb_firsts and t.startswith(self.verbs, i)):
            start = self.county_re.match(t, i)
        hit = self.title_re.match(t, i) if self.title_re and c in self.title_firsts else None
        title = hit.group() if hit else ""
        if start and not t.startswith(self.group_prefixes, i) and (
                t.startswith(self.followers, start.end()) or title and not title.endswith(self.suffixes)):
            start = None  # 市长, 常务副市长: a title, not a body
        known = self.known_re.match(t, i) if self.known_re and c in self.known_firsts else None
        if known and t.startswith(self.followers, known.end()):
            known = None  # 国务院副总理: a title, not the body
        if not (start or known or listed or b > len(t)) and not (self.free_re and self.free_re.search(t, i, min(b, i + _LONGEST))):
            return None  # only a name ending with a strong suffix could be read here, and none is in reach
        opened = len(start.group()) if start else 0
        ends = self._ends(t, i, b, opened)
        for j in reversed(ends):
            if t.endswith(self.free, i, j) and not t.endswith(self.legal, i, j) and any(t.endswith(self.free, i, k) and not self.start_re.match(t, k) for k in ends if k < j):
                continue  # 某公司货币资本符合现行担保公司: two phrases, not one name
            if start and j > start.end() or known and j >= known.end():
                tail = self.list_tail.match(t, j) if self.list_tail else None
                if "“" in t[i:j] and not t.endswith(self.groups, i, j):
                    continue  # 市公安局“…”主题教育…: only a group is named with a quotation
                return i, (tail.end() if tail and not _cjk(t[tail.end():tail.end() + 1] or "。") else j)
            if listed and j - i >= 3:
                return i, j
            if t.endswith(self.free, i, j):
                inner = [m.start() for m in self.place_re.finditer(t, i, j)
                         if m.start() < j - 2 and t.count("（", i, m.start()) == t.count("）", i, m.start())]
                if inner and j - inner[-1] >= 3:
                    return inner[-1], j
                if (_cjk(t[i]) and ("（" in t[i:j] or t.endswith(self.legal, i, j))) and j - i >= 6:
                    return i, j
        return (i, known.end()) if known else None

    def scan(self, t: str, a: int = 0, b: int | None = None, breaks: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
        """Ranges of body names in ``t[a:b]``, left to right, never overlapping; a name may
        also start at the positions in ``breaks`` (where the source had a space or a line end)."""
        b = len(t) if b is None else b
        out: list[tuple[int, int]] = []
        before, before_lasts = self.before, self.before_lasts
        # the positions where the test below may pass, in order: after a character a name may
        # follow, a break, the start (and any position past the end of t, where the test fails
        # as it always did); the end of a name just read (_follows_name) is where i lands
        nexts = sorted({m.end() for m in self.after_re.finditer(t, max(a - 1, 0), b - 1)}.union(
            (k for k in breaks if a <= k < b), range(a, min(b, 1)), range(max(a, len(t) + 1), b)))
        i = a
        while i < b:
            # i in breaks or _may_start or _follows_name, written out
            if (i in breaks or i == 0 or not "\u4e00" <= t[i - 1] <= "\u9fff" or (t[i - 1] in before_lasts and t.endswith(before, 0, i))
                    or (out and out[-1][1] == i and self._follows_name(t, i, out))):
                listed = bool(out) and out[-1][1] == i - 1 and t[i - 1] == "、"
                clean = i == 0 or i in breaks or not _cjk(t[i - 1])
                hit = self._at(t, i, b, listed, clean)
                if hit:
                    out.append(hit)
                    i = hit[1]
                    continue
            k = bisect_right(nexts, i)
            i = nexts[k] if k < len(nexts) else b
        return out


def scan_bodies(source: SourceText, start: int, end: int, scanner: BodyScanner,
                document_key: str | None) -> list[BodyReference]:
    """Body mentions in ``source.text[start:end]`` (cells of a table stay apart)."""
    view: TextView = make_view(source.text, start, end, keep="\t")
    src, at = source.text, view.offsets
    steps = map(operator.sub, at[1:], at)  # at[k] - at[k - 1], for k from 1
    breaks = frozenset(k for k in compress(range(1, len(at)), map((1).__lt__, steps)) if src[at[k] - 1].isspace())
    out = []
    for a, b in scanner.scan(view.text, breaks=breaks):
        s, e = view.source_range(a, b)
        out.append(BodyReference(document_key, Mention("body", view.text[a:b], source.span(s, e, "body-in-prose"))))
    return out
