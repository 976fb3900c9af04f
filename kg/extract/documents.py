"""Documents → number, title, genre, date, issuers, addressees, citations, repeals,
attached plans and commendation lists."""

from __future__ import annotations

import re

from kg.dates import parse_full_date
from kg.docnumber import NUMBER_RE, normalize_number
from kg.extract.names import NameGrammar, split_outside
from kg.lexicon import Lexicon, alternation
from kg.model import (
    Citation,
    CommendationRecord,
    DocumentPart,
    DocumentRecord,
    Mention,
    Region,
    SourceText,
)
from kg.textview import TextView, make_view

_CITED = re.compile(rf"《(?P<title>[^《》]{{2,200}}(?:《[^》]*》[^《》]*)*)》\s*[（(]\s*(?P<number>{NUMBER_RE.pattern})\s*[）)]")


def _mention(source: SourceText, view: TextView, kind: str, a: int, b: int, rule: str) -> Mention:
    s, e = view.source_range(a, b)
    return Mention(kind, view.text[a:b], source.span(s, e, rule))


def _trim_code(raw: str, breakers: re.Pattern[str]) -> tuple[int, str]:
    """Drop words run into a number's issuer code (``增速为榆发〔2021〕1号``); a number
    that starts with its year (（86）国函字147号) has nothing to drop."""
    if raw[:1] in "（(":
        return 0, raw
    code = re.split(r"[〔［\[（(【]", raw, maxsplit=1)[0]
    cut = 0
    for m in breakers.finditer(code):
        cut = m.end()
    return cut, raw[cut:]


def find_citations(source: SourceText, view: TextView, own: str | None, lex: Lexicon) -> list[Citation]:
    """Cited document numbers, with their 《titles》 where given."""
    found: dict[tuple[int, int], Citation] = {}
    for m in _CITED.finditer(view.text):
        number = normalize_number(m.group("number"))
        if number == own:
            continue
        s, e = view.source_range(m.start(), m.end())
        title = m.group("title")
        found[(m.start("number"), m.end("number"))] = Citation(number, title, source.span(s, e, "cited-with-title"))
    breakers = re.compile(alternation(lex.number_breakers + ("、", "，", "。", "：", "；", "《", "》", "“", "”")))
    for m in NUMBER_RE.finditer(view.text):
        cut, text = _trim_code(m.group(), breakers)
        a = m.start() + cut
        if any(x[0] <= a < x[1] or a <= x[0] < m.end() for x in found) or not NUMBER_RE.fullmatch(text):
            continue
        number = normalize_number(text)
        if number == own:
            continue
        s, e = view.source_range(a, m.end())
        found[(a, m.end())] = Citation(number, None, source.span(s, e, "cited-number"))
    return [found[k] for k in sorted(found)]


def _genre(lex: Lexicon, title: str) -> str | None:
    core = re.sub(r"[（(][^（）()]*[）)]$", "", title)
    for word in sorted(lex.doc_genres, key=len, reverse=True):
        if core.endswith(word):
            return lex.doc_genres[word]
    return None


def _repeals(lex: Lexicon, view: TextView, citations: list[Citation], source: SourceText) -> list[Citation]:
    words = re.compile(alternation(lex.repeal_words))
    out = []
    for a, b in split_outside(view.text, 0, len(view.text), "。；;"):
        if not words.search(view.text, a, b):
            continue
        s, e = view.source_range(a, b)
        out.extend(c for c in citations if s <= c.span.start < e)
    return out


def _parties(source: SourceText, regions: tuple[Region, ...], kind: str, rule: str) -> tuple[Mention, ...]:
    out = []
    for r in regions:
        spaced = source.text[r.start : r.end].replace("\u3000", " ")  # same length: offsets hold
        for m in re.finditer(r"\S+(?: \S+)*", spaced):
            # joint issuers share a line, separated by two or more spaces
            for part in re.split(r"\s{2,}", m.group()):
                start = r.start + spaced.find(part, m.start())
                view = make_view(source.text, start, start + len(part))
                out.append(Mention(kind, view.text, source.span(start, start + len(part), rule)))
    return tuple(out)


def extract_document(source: SourceText, part: DocumentPart, lex: Lexicon) -> list[DocumentRecord]:
    """The document and its attached plans (as documents of their own)."""
    text = source.text
    number_view = make_view(text, part.number.start, part.number.end)
    number = normalize_number(number_view.text)
    title_start = part.title[0].start if part.title else part.number.start
    if part.heading is not None:
        title_start = part.heading.start  # the issuer on its own line above the title belongs to it
    title_end = part.title[-1].end if part.title else part.number.end
    title_view = make_view(text, title_start, title_end)
    addressees: tuple[Mention, ...] = ()
    if part.addressees:
        av = make_view(text, part.addressees.start, part.addressees.end)
        end = len(av.text.rstrip("：:"))
        addressees = tuple(
            _mention(source, av, "body", a, b, "addressee") for a, b in split_outside(av.text, 0, end, "，,")
        )
    body_view = make_view(text, part.body.start, part.region.end)
    citations = find_citations(source, body_view, number, lex)
    issued = parse_full_date(make_view(text, part.date.start, part.date.end).text) if part.date else None
    issuers = _parties(source, part.signature, "body", "signature")
    if not issuers and part.heading:
        issuers = _parties(source, (part.heading,), "body", "heading")
    record = DocumentRecord(
        key=number,
        number=number,
        number_span=source.span(part.number.start, part.number.end, "number-line"),
        title=title_view.text,
        title_span=source.span(title_start, title_end, "title-lines"),
        genre=_genre(lex, title_view.text),
        issued=issued,
        issuers=issuers,
        addressees=addressees,
        citations=tuple(citations),
        repeals=tuple(_repeals(lex, body_view, citations, source)),
        span=source.span(part.region.start, part.region.end, "document"),
    )
    out = [record]
    for region in part.attachments:
        first_nl = text.find("\n", region.start, region.end)
        head_end = first_nl if first_nl != -1 else region.end
        head = make_view(text, region.start, head_end).text
        genre = _genre(lex, head)
        if genre is None or "名单" in head:
            continue
        out.append(
            DocumentRecord(
                key=f"{number}#{head}",
                number=None,
                number_span=None,
                title=head,
                title_span=source.span(region.start, head_end, "attachment-title"),
                genre=genre,
                issued=issued,
                issuers=issuers,
                addressees=(),
                citations=(),
                repeals=(),
                span=source.span(region.start, region.end, "attachment"),
                part_of=number,
            )
        )
    return out


def extract_commendations(
    source: SourceText, part: DocumentPart, record: DocumentRecord, lex: Lexicon, names: NameGrammar
) -> list[CommendationRecord]:
    """People (with affiliation) and bodies on the lists a commending document attaches."""
    if not any(w in record.title for w in lex.commendation_words):
        return []
    text = source.text
    out: list[CommendationRecord] = []
    for region in part.attachments:
        first_nl = text.find("\n", region.start, region.end)
        if first_nl == -1:
            continue
        head = make_view(text, region.start, first_nl).text
        if "名单" not in head:
            continue
        honour = re.sub(r"名单.*$", "", head) or None
        pos = first_nl + 1
        for raw_line in text[first_nl + 1 : region.end].split("\n"):
            line_start, pos = pos, pos + len(raw_line) + 1
            if not raw_line.strip():
                continue
            cells = _cells(raw_line, line_start)
            if "\t" in raw_line:
                for i in range(0, len(cells) - 1, 2):
                    (pa, pb), (aa, ab) = cells[i], cells[i + 1]
                    person = _plain(source, pa, pb, "person", "list-person")
                    if not names.plausible(person.text):
                        continue
                    affiliation = _plain(source, aa, ab, "body", "list-affiliation")
                    row = source.span(pa, ab, "list-row")
                    out.append(CommendationRecord(record.key, person, affiliation, honour, row))
                continue
            for m in re.finditer(r"\S+(?:[ \u3000]\S+)*?(?=[ \u3000]{2,}|\s*$)", raw_line):
                a, b = line_start + m.start(), line_start + m.end()
                mention = _plain(source, a, b, "body", "list-body")
                if not re.search(r"[\u4e00-\u9fff]", mention.text):
                    continue  # a page footer (— 3 —)
                if names.plausible(mention.text):
                    mention = Mention("person", mention.text, mention.span)
                out.append(CommendationRecord(record.key, mention, None, honour, mention.span))
    return out


def _cells(line: str, offset: int) -> list[tuple[int, int]]:
    cells = []
    pos = 0
    for cell in line.split("\t"):
        stripped = cell.strip()
        if stripped:
            a = offset + pos + cell.find(stripped)
            cells.append((a, a + len(stripped)))
        pos += len(cell) + 1
    return cells


def _plain(source: SourceText, a: int, b: int, kind: str, rule: str) -> Mention:
    return Mention(kind, make_view(source.text, a, b).text, source.span(a, b, rule))
