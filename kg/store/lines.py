"""A named graph's triples as N-Triples lines, each with a 64-bit digest: what a build
writes to the store and compares with what the store holds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import NamedTuple

from rdflib import BNode, Literal, URIRef

from kg.graph import is_issue_local


class Encoded(NamedTuple):
    """A named graph's triples as N-Triples lines, each with a 64-bit digest: ``local``, about
    resources only one issue can speak of (``kg.graph.is_issue_local``), and ``shared``, the
    rest (another issue, or the entities, may state them too). Made where the graph is built
    (a worker process), so the build process only loads lines into the store."""

    local: list[tuple[int, bytes]]
    shared: list[tuple[int, bytes]]


class Known(NamedTuple):
    """An issue graph the store may already hold, given by what it was last made of (a
    :class:`kg.store.cache.Memo`): the content hash of its ``local`` lines, its ``shared``
    lines, and a function that makes it again (:class:`Encoded`) should it have to be written
    whole."""

    local_hash: str
    shared: list[tuple[int, bytes]]
    make: Callable[[], Encoded]


def digest_of(line: bytes) -> int:
    """A line's 64-bit digest."""
    return int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "little")


def _nt(term: object) -> str:
    """An rdflib term in N-Triples (escaping what a quoted string may not hold raw)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        return f'"{text}"^^<{term.datatype}>' if term.datatype else f'"{text}"'
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def encode(triples: Iterable[tuple[object, object, object]]) -> Encoded:
    """rdflib triples as :class:`Encoded` N-Triples lines."""
    terms: dict[object, str] = {}  # each term written once
    local: dict[object, bool] = {}  # each subject judged once
    out = Encoded([], [])
    for s, p, o in triples:
        parts = []
        for x in (s, p, o):
            got = terms.get(x)
            if got is None:
                got = terms[x] = _nt(x)
            parts.append(got)
        line = f"{parts[0]} {parts[1]} {parts[2]} .\n".encode()
        here = local.get(s)
        if here is None:
            here = local[s] = is_issue_local(s)
        (out.local if here else out.shared).append((digest_of(line), line))
    return out


def content_hash(digests: Iterable[int]) -> str:
    """A hash of a set of lines, independent of their order: their count and digests' sum."""
    n = total = 0
    for d in digests:
        n, total = n + 1, (total + d) & 0xFFFFFFFFFFFFFFFF
    return f"{n}:{total:016x}"


def without(digest: str, removed: Iterable[int]) -> str:
    """The :func:`content_hash` of a set of lines after the lines with digests ``removed`` were
    taken out of it."""
    return _shifted(digest, removed, -1)


def plus(digest: str, added: Iterable[int]) -> str:
    """The :func:`content_hash` of a set of lines after lines with digests ``added`` (not
    among them) joined it."""
    return _shifted(digest, added, 1)


def _shifted(digest: str, digests: Iterable[int], sign: int) -> str:
    n, total = digest.split(":")
    count, left = int(n), int(total, 16)
    for d in digests:
        count, left = count + sign, (left + sign * d) & 0xFFFFFFFFFFFFFFFF
    return f"{count}:{left:016x}"


def line_count(digest: str) -> int:
    """The number of lines a :func:`content_hash` was made from."""
    return int(digest.split(":")[0])
