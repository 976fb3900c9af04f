"""Read a gazette web page: the article body as text, one block a line.

The standard library's :class:`html.parser.HTMLParser` is enough here (it is lenient with
broken markup and needs no dependency): navigation, headers, footers, sidebars, forms,
scripts and styles are dropped; when the page has an ``<article>`` or ``<main>`` element
(or an element whose id or class names the article content), only that is kept. Block
elements end a line, ``<br>`` breaks one, a table row becomes its cells joined by tabs.
The charset is the one declared (byte-order mark, ``<meta charset>`` or ``http-equiv``),
else the text decoding rules of :func:`kg.read.decode_text` apply. Provenance is the
file name and the span in this text (a web page has no pages).
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from kg.errors import InputError
from kg.model import SourceText

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "iframe", "template",
         "svg", "button", "select", "menu", "head", "title"}
_SKIP_WORDS = re.compile(r"(^|[\s_-])(nav|navbar|menu|footer|header|sidebar|side|breadcrumbs?|crumb|share|toolbar|"
                         r"banner|copyright|links?|search|login|top|bottom)($|[\s_-])", re.I)
_BODY_WORDS = re.compile(r"(^|[\s_-])(article|content|zoom|main|TRS_Editor|pages_content|artical|txt)($|[\s_-])", re.I)
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
          "dt", "dd", "blockquote", "pre", "table", "tr", "center", "address", "figure", "figcaption", "hr", "body"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # tag, skipped, body
        self.out: dict[bool, list[str]] = {False: [], True: []}  # all kept text / inside a body element
        self.bodies = 0
        self.cell = False

    def _skipping(self) -> bool:
        return any(s for _, s, _ in self.stack)

    def _emit(self, piece: str) -> None:
        if self._skipping():
            return
        self.out[False].append(piece)
        if any(b for _, _, b in self.stack):
            self.out[True].append(piece)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._emit("\n")
            return
        if tag in _VOID:
            return
        named = " ".join(v or "" for k, v in attrs if k in ("id", "class", "role"))
        skip = tag in _SKIP or bool(named and _SKIP_WORDS.search(named) and not _BODY_WORDS.search(named))
        body = tag in ("article", "main") or bool(named and _BODY_WORDS.search(named))
        if body and not self._skipping() and not any(b for _, _, b in self.stack):
            self.bodies += 1
        if tag in ("td", "th"):
            self._emit("\t" if self.cell else "")
            self.cell = True
        elif tag in _BLOCK:
            self._emit("\n")
        if tag == "tr":
            self.cell = False
        self.stack.append((tag, skip, body))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(t == tag for t, _, _ in self.stack):
            return
        while self.stack and self.stack.pop()[0] != tag:
            pass
        if tag in _BLOCK:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        self._emit(re.sub(r"[ \t\r\n\f]+", " ", data))


def _lines(pieces: list[str]) -> str:
    lines = []
    for line in "".join(pieces).split("\n"):
        cells = [re.sub(r"[ \xa0]+", " ", c).strip(" \u3000\xa0") for c in line.split("\t")]
        line = "\t".join(cells).strip("\t") if len(cells) > 1 else cells[0]
        if line.strip():
            lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def declared_charset(data: bytes) -> str | None:
    """The charset a web page declares: its byte-order mark, else a ``<meta>`` in the first 4 KB."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
        return "gb18030"  # a superset: pages labelled GB2312 often hold GBK characters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def read_html(data: bytes, name: str = "<html>") -> SourceText:
    """The article text of a web page, one block a line (see the module's rules)."""
    from kg.read import decode_text

    charset = declared_charset(data)
    if charset:
        try:
            markup, encoding = data.decode(charset), charset
        except UnicodeDecodeError:
            raise InputError(f"{name}: the page declares charset {charset} but is not in it") from None
    else:
        decoded = decode_text(data, name)
        markup, encoding = decoded.text, decoded.encoding
    parser = _Text()
    parser.feed(markup)
    parser.close()
    text = _lines(parser.out[parser.bodies > 0])
    if not text:
        raise InputError(f"{name}: the web page has no text outside navigation, headers and footers")
    return SourceText.from_text(name, text, encoding)
