"""Stage 1, read: bytes → text.

Decodes UTF-8 (with or without BOM), UTF-16 with BOM and GB18030/GBK, and refuses
empty, binary or undecodable input with an :class:`~kg.errors.InputError`. The text
is returned exactly as decoded (no newline or space clean-up) so offsets hold.

Gazettes as published are read too: a PDF (:mod:`kg.read.pdf`: text in reading order,
running headers and footers dropped, ``page_starts`` recorded) and a web page
(:mod:`kg.read.html`: the article body as lines). Everything later works on the text
they give, which ``kg extract-text`` shows.
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path

from kg.errors import InputError
from kg.model import SourceText

TEXT_SUFFIXES = (".txt", ".text")
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")
SOURCE_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + HTML_SUFFIXES
_ALLOWED_CONTROLS = set("\n\r\t\f\v")


def _plausible(text: str) -> bool:
    """True when the text looks like human writing rather than decoded noise."""
    if not text:
        return False
    bad = 0
    for ch in text:
        if ch in _ALLOWED_CONTROLS:
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Co", "Cn") or ch == "\ufffd":
            bad += 1
    return bad <= max(2, len(text) // 1000)


def decode_bytes(data: bytes, name: str = "<bytes>") -> SourceText:
    """Decode a gazette's bytes: a PDF (the bytes begin with ``%PDF-``) or, by ``name``'s
    suffix, a web page are read as such (as :func:`read_source` does); the rest is text.

    >>> decode_bytes("公报".encode("gb18030")).text
    '公报'
    >>> decode_bytes(codecs.BOM_UTF8 + "公报".encode()).encoding
    'utf-8-sig'
    """
    suffix = Path(name).suffix.lower()
    if data.lstrip()[:5] == b"%PDF-":
        from kg.read.pdf import read_pdf

        return read_pdf(data, name).source
    if suffix in HTML_SUFFIXES and data.strip():
        from kg.read.html import read_html

        return read_html(data, name)
    return decode_text(data, name)


def decode_text(data: bytes, name: str = "<bytes>") -> SourceText:
    """Decode bytes as plain text (the rules of :func:`decode_bytes`, without PDF or HTML)."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    attempts: list[str]
    if data.startswith(codecs.BOM_UTF8):
        attempts = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = ["utf-16"]
    elif b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file, not text (NUL bytes and no UTF-16 byte-order mark)")
    else:
        attempts = ["utf-8", "gb18030"]
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            if not text.strip():
                raise InputError(f"{name}: the file is empty")
            return SourceText.from_text(name, text, encoding)
        raise InputError(f"{name}: looks like a binary file, not text")
    raise InputError(f"{name}: cannot decode as UTF-8, UTF-16 (with BOM) or GB18030")


def read_source(path: str | Path, name: str | None = None) -> SourceText:
    """Read and decode one file; ``name`` (default: the file's name) identifies it in
    provenance and ids."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file or folder")
    if p.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    name = name or p.name
    if p.suffix.lower() in PDF_SUFFIXES:
        from kg.read.pdf import read_pdf

        return read_pdf(data, name).source
    return decode_bytes(data, name)


def source_names(paths: list[Path]) -> dict[Path, str]:
    """A unique name per source: the file name, or where two files share a name, the
    path relative to their common folder.

    >>> names = source_names([Path("a/x.txt"), Path("b/x.txt"), Path("b/y.txt")])
    >>> [names[Path(p)] for p in ("a/x.txt", "b/x.txt", "b/y.txt")]
    ['a/x.txt', 'b/x.txt', 'y.txt']
    """
    counts: dict[str, int] = {}
    for p in paths:
        counts[p.name] = counts.get(p.name, 0) + 1
    clashing = [p.resolve() for p in paths if counts[p.name] > 1]
    root = Path(os.path.commonpath([str(p.parent) for p in clashing])) if clashing else None
    out = {}
    for p in paths:
        if counts[p.name] > 1 and root is not None:
            out[p] = p.resolve().relative_to(root).as_posix()
        else:
            out[p] = p.name
    return out


def find_sources(paths: list[str | Path]) -> list[Path]:
    """Expand files and folders into the sorted list of gazette files to read (text, PDF and
    web pages: ``SOURCE_SUFFIXES``)."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{raw}: no such file or folder")
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SOURCE_SUFFIXES))
        else:
            found.append(p)
    unique = sorted(set(found), key=lambda f: (f.name, str(f)))
    if not unique:
        raise InputError(f"no gazette files (*.txt, *.pdf, *.html, *.htm) found in {', '.join(str(p) for p in paths)}")
    return unique
