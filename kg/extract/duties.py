"""Duty clauses of documents → tasks with lead and support bodies and deadlines.

A clause is a numbered paragraph (``1.``, ``（一）``, ``一、``) with the lines that follow it.
Bodies answer for it in three ways, all read from ``data/lexicon/duty_words.tsv``:

- a parenthesis at the end: ``（市电子政务办牵头；市直有关部门配合；2020年底前完成）``;
- labelled lines: ``实施部门：各县（市、区）人民政府。配合部门：市交通运输局、市公安局。``;
- a body that opens the clause: ``（一）市国资委负责总体协调…`` (the lead).
"""

from __future__ import annotations

import re

from kg.dates import parse_deadline
from kg.extract.names import split_outside
from kg.lexicon import Lexicon, alternation
from kg.model import DocumentPart, Duty, Mention, SourceText, TaskRecord
from kg.segment import Line, lines_in
from kg.textview import TextView, make_view

_ENUMERATED = re.compile(r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)")
_PARENTHESIS = re.compile(r"[（()）]")
_DEADLINE = re.compile(r"(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:(?:底|末)前?|前)")


class DutyGrammar:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.role = dict(lex.duty_words)
        labels = [w for w, _ in lex.duty_words if w.endswith(("部门", "单位"))]
        self.label_re = re.compile(rf"({alternation(labels)})[：:]")
        self.word_re = re.compile(alternation(w for w in self.role if w not in labels))
        self.deadline_label_re = re.compile(rf"{alternation(lex.deadline_labels)}[：:]")
        self.body_end_re = re.compile(rf"{alternation(lex.body_suffixes)}$")
        self.fillers = sorted(lex.duty_fillers, key=len, reverse=True)
        self.subject_re = re.compile(alternation(lex.duty_subject_words))
        self.by_re = re.compile(rf"由([^，。；、（）()]{{2,40}}?{alternation(lex.body_suffixes)})(?:{alternation(lex.duty_subject_words)})")

    def _trim(self, text: str, x: int, y: int) -> tuple[int, int]:
        """Drop filler words at either end (由…按照职责分工)."""
        changed = True
        while changed and x < y:
            changed = False
            for f in self.fillers:
                if text.startswith(f, x) and x + len(f) <= y:
                    x, changed = x + len(f), True
                if text.endswith(f, x, y) and y - len(f) >= x:
                    y, changed = y - len(f), True
        return x, y

    def bodies(self, view: TextView, a: int, b: int) -> list[tuple[int, int]]:
        """Body names in ``view.text[a:b]``: split at 、，, and at 和 between two bodies."""
        text = view.text
        out = []
        for x, y in split_outside(text, a, b, "、，,"):
            x, y = self._trim(text, x, y)
            joined = next((i for i in range(x + 2, y - 1) if text[i] == "和" and self.body_end_re.search(text, x, i)), None)
            parts = [(x, joined), (joined + 1, y)] if joined is not None else [(x, y)]
            out.extend((p, q) for p, q in parts if q - p >= 2)
        return out


def _clauses(all_lines: list[Line], part: DocumentPart) -> list[tuple[int, int]]:
    """Source ranges of the numbered clauses of a document (with their following lines)."""
    lines = lines_in(all_lines, part.body.start, part.region.end)
    starts = [i for i, ln in enumerate(lines) if _ENUMERATED.match(ln.text)]
    out = []
    for k, i in enumerate(starts):
        j = starts[k + 1] if k + 1 < len(starts) else len(lines)
        last = j - 1
        while last > i and lines[last].blank:
            last -= 1
        first = i
        text = lines[i].text
        if len(text) <= 30 and not any(c in text for c in "。；："):
            # a short heading: its clause is the paragraph below it
            nxt = next((n for n in range(i + 1, j) if not lines[n].blank), None)
            if nxt is not None:
                first = nxt
        out.append((lines[first].start, lines[last].end))
    return out


def _mention(source: SourceText, view: TextView, a: int, b: int, rule: str, kind: str = "body") -> Mention:
    s, e = view.source_range(a, b)
    return Mention(kind, view.text[a:b], source.span(s, e, rule))


def extract_tasks(
    source: SourceText, lines: list[Line], part: DocumentPart, document_key: str, year: int | None, g: DutyGrammar
) -> list[TaskRecord]:
    """Tasks of one document; ``lines`` are the issue's lines (split once per issue)."""
    tasks = []
    for start, end in _clauses(lines, part):
        view = make_view(source.text, start, end)
        text = view.text
        duties: list[Duty] = []
        deadline: Mention | None = None

        def add(a: int, b: int, role: str, rule: str) -> None:
            for x, y in g.bodies(view, a, b):
                duties.append(Duty(_mention(source, view, x, y, rule), role))

        def find_deadline(a: int, b: int) -> None:
            nonlocal deadline
            m = _DEADLINE.search(text, a, b)
            if deadline is None and m and re.search(r"\d", m.group()):
                deadline = _mention(source, view, m.start(), m.end(), "deadline", "deadline")

        parens = _parentheses(text)
        # 1. parentheses holding duty words
        for pa, pb in parens:
            if not g.word_re.search(text, pa, pb):
                continue
            for sa, sb in split_outside(text, pa, pb, "；;"):
                prev = sa
                for m in g.word_re.finditer(text, sa, sb):
                    if m.start() > prev:
                        add(prev, m.start(), g.role[m.group()], "duty-parenthesis")
                    prev = m.end()
                find_deadline(sa, sb)
        # 2. labelled lines (实施部门：…。配合部门：…)
        labels = list(g.label_re.finditer(text))
        for k, m in enumerate(labels):
            stop = labels[k + 1].start() if k + 1 < len(labels) else len(text)
            end_mark = min([i for i in (text.find(c, m.end(), stop) for c in "。；;") if i != -1] + [stop])
            add(m.end(), end_mark, g.role[m.group(1)], "duty-label")
        for m in g.deadline_label_re.finditer(text):
            find_deadline(m.end(), min(len(text), m.end() + 20))
        # 3. in the text: …由市电子政务办负责…
        for m in g.by_re.finditer(text):
            named = {d.body.text for d in duties}
            if not any(pa <= m.start() < pb for pa, pb in parens) and m.group(1) not in named:
                add(m.start(1), m.end(1), "lead", "duty-by")
        # 4. a body opening the clause: （一）市国资委负责…
        if not duties:
            head = _ENUMERATED.match(text)
            after_head = head.end() if head else 0
            first_stop = text.find("。", after_head, after_head + 30)
            for body_start in (after_head, first_stop + 1 if first_stop != -1 else None):
                if body_start is None:
                    continue
                m = g.subject_re.search(text, body_start, body_start + 40)
                between = text[body_start : m.start()] if m else ""
                if m and g.body_end_re.search(text, body_start, m.start()) and not any(c in between for c in "，。"):
                    add(body_start, m.start(), "lead", "duty-subject")
                    break
        if duties:
            tasks.append(TaskRecord(
                document_key=document_key,
                span=source.span(start, end, "duty-clause"),
                text=text,
                duties=tuple(duties),
                deadline=deadline,
                deadline_date=parse_deadline(deadline.text, year) if deadline else None,
            ))
    return tasks


def _parentheses(text: str) -> list[tuple[int, int]]:
    """Inside ranges of top-level （…） and (…) groups."""
    out = []
    depth = 0
    start = 0
    for m in _PARENTHESIS.finditer(text):  # other characters change nothing
        i, ch = m.start(), m.group()
        if ch in "（(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i))
    return out
