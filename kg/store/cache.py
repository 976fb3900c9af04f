"""A store's caches, by the source text's hash: each issue's extraction (``extractions/``)
and what its graph was last made of (``graphs/``), so that a build reads an unchanged issue
back instead of extracting it, and leaves its graph alone instead of making it again.

Both are only ever used by the version of the code that wrote them (its
:func:`fingerprint`). A cache file that cannot be read is taken for a missing one."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from kg.errors import InputError
from kg.model import Extraction, SourceText
from kg.resources import resource_dir
from kg.store.lines import Encoded, content_hash, digest_of

_CACHE_FORMAT = 2  # (format, fingerprint, source fields, pickled extraction)
_MEMO_FORMAT = 1  # (format, graph name, local lines' content hash, shared lines zlib-pickled, concepts)


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the code and vocabularies that extraction depends on: a cached extraction
    made by another version is made again."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")) + sorted((resource_dir("data") / "lexicon").glob("*")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def cache_path(folder: str | Path, key: str) -> Path:
    return Path(folder) / "extractions" / f"{key}.pickle"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # readers see the old file or the new one, never a part


def write_cache(folder: str | Path, key: str, data: bytes) -> None:
    _write(cache_path(folder, key), data)


def cache_entry(x: Extraction) -> bytes:
    """A cache entry: the extraction pickled inside a tuple of plain values (the code's
    fingerprint and the source text), so another version of the code, whose classes may
    differ, can still read which version made it and extract the text again."""
    s = x.issue.source
    inner = pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL)
    return pickle.dumps((_CACHE_FORMAT, fingerprint(), (s.name, s.text, s.encoding, s.sha256, s.page_starts), inner),
                        protocol=pickle.HIGHEST_PROTOCOL)


_UNREADABLE = (OSError, pickle.PickleError, EOFError, ValueError, AttributeError, TypeError)  # a cache file taken for none


def _outer(data: bytes) -> tuple[str, SourceText, bytes]:
    """A cache entry's plain values: the fingerprint of the code that made it, the source, and
    the extraction still pickled."""
    form, fp, fields, inner = pickle.loads(data)  # our own cache, written by this module
    if form != _CACHE_FORMAT:
        raise ValueError("another cache format")
    return fp, SourceText(*fields), inner


def unpack(data: bytes, any_version: bool = False) -> tuple[Extraction | None, SourceText]:
    """A cache entry's extraction (None when another version of the code made it, unless
    ``any_version``: a remote worker's own) and source."""
    fp, source, inner = _outer(data)
    x = pickle.loads(inner) if any_version or fp == fingerprint() else None
    return (x if isinstance(x, Extraction) else None), source


def cache_state(store: str | Path, sha: str) -> tuple[bool, SourceText] | None:
    """Whether this version of the code made the cached extraction of a source text, and the
    text; None when there is no entry. The extraction itself is not read (the store's issues
    are asked so at the start of each build: at 1,000 issues, reading them took about 8 s)."""
    try:
        fp, source, _ = _outer(cache_path(store, sha).read_bytes())
    except _UNREADABLE:
        return None
    return fp == fingerprint(), source


def read_cache(store: str | Path, sha: str, any_version: bool = False) -> tuple[Extraction | None, SourceText] | None:
    """The cached extraction of a source text, if this version of the code made it (or
    ``any_version``), and the text; None when there is no entry this version can read."""
    try:
        return unpack(cache_path(store, sha).read_bytes(), any_version)
    except _UNREADABLE:
        return None


def cached(store: str | Path, sha: str, name: str | None) -> Extraction | None:
    """The cached extraction of a source text, if this version of the code made it (and the
    file still has the same name, which provenance quotes)."""
    old = read_cache(store, sha)
    if old is None or old[0] is None or (name is not None and old[1].name != name):
        return None
    return old[0]


def written(store: str | Path, sha: str) -> Extraction:
    """An extraction this build wrote to the store's cache (or found there, made by this
    version). Read by the build's own workers, so the code's fingerprint is not asked again:
    a worker that hashed the package's files after they changed on disk (an upgrade during a
    long build) would otherwise take the build's own entries for another version's."""
    got = read_cache(store, sha, any_version=True)
    if got is None or got[0] is None:
        raise InputError(f"{store}: the cached extraction {sha[:12]} vanished during the build")
    return got[0]


class Memo(NamedTuple):
    """What an issue's graph was made of, enough to write it again without making it while
    it stays in place (:func:`kg.store.write_graphs`): the hash of its ``local`` lines, its
    ``shared`` lines (which may move to the entities graph, or back), and the concepts used."""

    name: str
    local_hash: str
    shared: list[tuple[int, bytes]]
    concepts: list[str]


def memo_key(fp: str, sha: str, part: str, editor_roles: tuple[str, ...]) -> str:
    """The key of an issue graph's memo: all its graph is made from (the code and its
    vocabularies, the extraction by its text's hash, the issue's part of the resolution by
    :func:`kg.resolve.part_key`, the editor roles)."""
    h = hashlib.blake2b(digest_size=16)
    for x in (fp, sha, part, "\x1f".join(editor_roles)):
        h.update(x.encode())
        h.update(b"\x1e")
    return h.hexdigest()


def memo_path(folder: str | Path, sha: str, key: str) -> Path:
    return Path(folder) / "graphs" / f"{sha}-{key}.pickle"


def write_memo(folder: str | Path, sha: str, key: str, name: str, enc: Encoded, concepts: set[str]) -> None:
    """Keep what the graph of the issue with text hash ``sha`` was made of under ``key``, in
    place of any earlier memo of that issue."""
    path = memo_path(folder, sha, key)
    shared = zlib.compress(pickle.dumps(enc.shared, protocol=pickle.HIGHEST_PROTOCOL), 1)
    local = content_hash(d for d, _ in enc.local)
    _write(path, pickle.dumps((_MEMO_FORMAT, name, local, shared, sorted(concepts)), protocol=pickle.HIGHEST_PROTOCOL))
    for old in path.parent.glob(f"{sha}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)


def read_memo(folder: str | Path, sha: str, key: str) -> Memo | None:
    """The memo of the issue with text hash ``sha`` under ``key``, if there is one."""
    try:
        form, name, local, shared, concepts = pickle.loads(memo_path(folder, sha, key).read_bytes())
        if form != _MEMO_FORMAT:
            return None
        return Memo(name, local, pickle.loads(zlib.decompress(shared)), concepts)
    except (*_UNREADABLE, zlib.error):
        return None


def _entities_path(folder: str | Path, digest: str) -> Path:
    return Path(folder) / "graphs" / f"entities-{digest.replace(':', '-')}.nt.z"


def entities_lines(folder: str | Path, digest: str | None) -> Callable[[], Iterator[tuple[int, bytes]]] | None:
    """The lines of the entities graph whose content hash is ``digest``, as kept by
    :class:`EntitiesMemo` (a function that reads them, with their digests, as often as
    asked); None when none are kept. The file is named by the hash, so it holds the lines of
    any store whose entities graph has that hash."""
    path = _entities_path(folder, digest) if digest else None
    if path is None or not path.is_file():
        return None

    def lines() -> Iterator[tuple[int, bytes]]:
        z, rest = zlib.decompressobj(), b""
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                *whole, rest = (rest + z.decompress(block)).split(b"\n")
                yield from ((digest_of(x + b"\n"), x + b"\n") for x in whole)
        tail = rest + z.flush()  # the file ends with a newline: nothing is left
        if tail or not z.eof:
            raise ValueError(f"{path}: cut short")

    return lines


class EntitiesMemo:
    """Keeps the entities graph's lines as they are written (compressed, about 15 MB for
    1,000 synthetic issues), so that the next build changes only the lines that differ,
    instead of taking the whole graph out and loading it again (611,348 quads there)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        (self.folder / "graphs").mkdir(parents=True, exist_ok=True)
        self.tmp = self.folder / "graphs" / f"entities.tmp{os.getpid()}"
        self.file = self.tmp.open("wb")
        self.z = zlib.compressobj(1)

    def add(self, lines: Iterable[tuple[int, bytes]]) -> None:
        self.file.write(self.z.compress(b"".join(line for _, line in lines)))

    def close(self, digest: str) -> None:
        """Name the lines by their content hash, in place of those kept before."""
        self.file.write(self.z.flush())
        self.file.close()
        path = _entities_path(self.folder, digest)
        os.replace(self.tmp, path)
        for old in path.parent.glob("entities-*.nt.z"):
            if old != path:
                old.unlink(missing_ok=True)
