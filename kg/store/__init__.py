"""The persistent store: an on-disk Oxigraph database, one named graph per gazette issue.

Layout of a store folder::

    STORE/oxigraph -> db-N   the current database (a link, switched atomically)
    STORE/extractions/       cached extractions, by the source text's hash
    STORE/lock               held by the one build that writes the store

Graphs: ``…/graph/issue/<id>`` per issue (its documents, events, tasks, tables, mentions
and their sources), ``…/graph/entities`` (persons, bodies, places, memberships: resolved
over every issue in the store) and ``…/graph/vocabulary`` (the concept schemes in use); a
meta graph records each graph's content hash and source, so a rebuild rewrites only the
graphs whose content changed; it is a JSON file beside each database (``db-N.json``), so
queries see only data. A build writes a checkpoint copy of the database (hard links,
cheap), changes it and its meta file, and then switches the link: a build killed midway
leaves the previous store as it was, and readers never see half a build. Before the switch
the database is compacted once (on 100 synthetic issues: 55 files to 17 in 3.3 s, and the
library's queries about twice as fast). Queries read the union of the graphs.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.digests import MISSING, DigestMap
from kg.errors import InputError
from kg.graph import ENTITIES_GRAPH, VOCABULARY_GRAPH
from kg.store.lines import Encoded, content_hash


class Writing(NamedTuple):
    """A private copy of the store being changed: its database, its meta (graph name →
    ``{"hash", "source", "source_hash"}``) and the function that makes it the store."""

    store: ox.Store
    commit: Callable[[], None]
    meta: dict[str, dict[str, str]]


def _meta_path(db: Path) -> Path:
    return db.with_name(db.name + ".json")


def read_meta(folder: str | Path) -> dict[str, dict[str, str]]:
    """The meta of the store's current database ({} for a store that has none yet)."""
    link = Path(folder) / "oxigraph"
    if not link.exists():
        return {}
    try:
        data = json.loads(_meta_path(link.resolve()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("graphs", {}) if isinstance(data, dict) else {}


RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "json": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG,
               "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS, "xml": ox.RdfFormat.RDF_XML,
               "rdf": ox.RdfFormat.RDF_XML}  # a graph file's format, by extension or --format name


def is_store(path: str | Path) -> bool:
    """Is ``path`` a store folder (as written by ``kg build --store``)?"""
    return (Path(path) / "oxigraph").is_dir()


def open_store(path: str | Path) -> ox.Store:
    """Open a store folder for reading (any number of readers, also while a build writes)."""
    folder = Path(path)
    if not is_store(folder):
        raise InputError(f"{folder}: not a gazette-kg store (build one with kg build --store {folder})")
    try:
        return ox.Store.read_only(str((folder / "oxigraph").resolve()))
    except (OSError, RuntimeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{folder}: cannot open the store ({first}); it may be damaged: rebuild it") from None


def data_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The store's named graphs (one per issue, the entities, the vocabulary)."""
    return sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)


@contextlib.contextmanager
def writing(path: str | Path) -> Iterator[Writing]:
    """A private copy of the store to change, and a function that makes it the store.

    Only one build writes a store at a time: a second is refused with a clear message.
    Without the call to ``commit`` (an error, a kill) the store stays as it was."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: not a folder (a store is a folder)")
    created = folder.absolute()
    while not created.parent.exists():
        created = created.parent  # the topmost folder this build makes: removed again if it fails
    created_any = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / "lock", "a+b")  # noqa: SIM115 - held for the whole build
    except OSError as exc:
        raise InputError(f"{folder}: cannot write the store ({exc.strerror or exc})") from None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"{folder}: another kg build is writing this store; try again when it ends") from None
        _tidy(folder)
        link = folder / "oxigraph"
        current = link.resolve() if link.is_symlink() else None
        n = 1 + max([int(p.name[3:]) for p in folder.glob("db-*") if p.name[3:].isdigit()], default=0)
        fresh = folder / f"db-{n}"
        try:
            if current is not None and current.is_dir():
                ox.Store.read_only(str(current)).backup(str(fresh))
            store = ox.Store(str(fresh))
        except (OSError, RuntimeError) as exc:
            shutil.rmtree(fresh, ignore_errors=True)
            raise InputError(f"{folder}: cannot open the store ({str(exc).splitlines()[0]}); it may be damaged: rebuild it") from None
        done = []
        meta = read_meta(folder)

        def commit() -> None:
            store.flush()
            store.optimize()  # one compaction of the files the bulk loads left: queries read fewer
            body = json.dumps({"graphs": meta}, ensure_ascii=False, indent=1, sort_keys=True)
            _meta_path(fresh).write_text(body + "\n", encoding="utf-8")
            tmp = folder / f"oxigraph.new{os.getpid()}"
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(fresh.name)
            os.replace(tmp, link)  # atomic: readers see the old database or the new one
            done.append(True)

        try:
            yield Writing(store, commit, meta)
        finally:
            del store
            if done and current is not None:
                shutil.rmtree(current, ignore_errors=True)
                _meta_path(current).unlink(missing_ok=True)
            elif not done:
                shutil.rmtree(fresh, ignore_errors=True)
                _meta_path(fresh).unlink(missing_ok=True)
                if created_any:
                    shutil.rmtree(created, ignore_errors=True)  # a failed first build leaves nothing


def _tidy(folder: Path) -> None:
    """Remove what a killed build left: databases the link does not point to. Compared by
    name (the link points into the same folder): a path the link resolves to is absolute,
    with every symbolic link on the way resolved, and a relative store path (``--store st``)
    never equals it, which once took the live database for a leftover."""
    link = folder / "oxigraph"
    live = link.resolve().name if link.is_symlink() else None
    for db in folder.glob("db-*"):
        if db.is_dir() and db.name != live:
            shutil.rmtree(db, ignore_errors=True)
        elif db.suffix == ".json" and live is not None and db.name != f"{live}.json":
            db.unlink(missing_ok=True)
    for tmp in folder.glob("oxigraph.new*"):
        tmp.unlink(missing_ok=True)


def stored_hashes(folder: str | Path) -> dict[str, str]:
    """The content hash recorded for each named graph of the store."""
    return {g: m["hash"] for g, m in read_meta(folder).items() if "hash" in m}


def graph_sources(folder: str | Path) -> dict[str, tuple[str, str]]:
    """The source file and its content hash of each issue graph in the store."""
    return {g: (m["source"], m["source_hash"]) for g, m in read_meta(folder).items() if "source" in m}


def _trim_function() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, where there is one (not on macOS or musl)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


_TRIM = _trim_function()


class _Batch:
    """Lines waiting to be loaded, per graph, loaded together by one bulk load once there are
    ``size`` of them. Each bulk load adds files to the database and RocksDB's work per load
    grows with their number, so loads should be few; but Oxigraph's bulk loader holds about
    1.3 KB per quad while it loads (on 10 issues, 20,000 lines peaked at 287 MB, 100,000 at
    377 MB), so they cannot be large. 20,000 is about one issue: what the batch saves is the
    separate loads of small parts (the shared lines each issue moves to the entities graph).

    Lines to take out of graphs already loaded wait too, and go together at the end
    (:meth:`close`): every write waits while RocksDB holds writes back for the files the bulk
    loads leave (level 0): one at a time, they took 4 ms each at 100 issues (1,255 of them,
    5 s) and more as the store grows. They go ``removal_chunk`` to a transaction, which holds
    its changes in memory (at 1,000 issues, one transaction of 11,899 took 50 MB more).

    After each load, the memory the loader's threads freed is given back to the system
    (``malloc_trim``): glibc keeps it otherwise, in a pool per thread, and a long build grew by
    it (1,000 synthetic issues: peak 584 MB without, 533 MB with, for 4% more time)."""

    removal_chunk = 2_000

    def __init__(self, store: ox.Store, size: int = 20_000) -> None:
        self.store, self.size, self.count = store, size, 0
        self.pending: dict[str, dict[int, bytes]] = {}
        self.removals: list[bytes] = []  # N-Quads lines of loaded quads to take out

    def add(self, name: str, lines: Iterable[tuple[int, bytes]]) -> None:
        got = self.pending.setdefault(name, {})
        before = len(got)
        got.update(lines)
        self.count += len(got) - before
        if self.count >= self.size:
            self.flush()

    def discard(self, name: str, digest: int, line: bytes) -> None:
        """Take a line out of a graph, whether it is still waiting or already loaded."""
        got = self.pending.get(name)
        if got is not None and digest in got:
            del got[digest]
            self.count -= 1
            return
        self.removals.append(line[:-3] + f" <{name}> .\n".encode())

    def flush(self) -> None:
        chunks = []
        for name, lines in self.pending.items():
            graph = f" <{name}> .\n".encode()
            chunks.extend(line[:-3] + graph for line in lines.values())  # N-Triples " .\n" → N-Quads
        if chunks:
            self.store.bulk_load(b"".join(chunks), format=ox.RdfFormat.N_QUADS)
            if _TRIM is not None:
                _TRIM(0)
        self.pending, self.count = {}, 0

    def close(self) -> None:
        """Load what waits, then take out what waits to be taken out (the graphs have no blank
        nodes, which a load renames and DELETE DATA does not take: see :mod:`kg.graph`)."""
        self.flush()
        quads = list(ox.parse(b"".join(self.removals), format=ox.RdfFormat.N_QUADS))
        self.removals = []
        step = self.removal_chunk
        for i in range(0, len(quads), step):
            body = "\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads[i:i + step])
            self.store.update(f"DELETE DATA {{\n{body}\n}}")


def write_graphs(w: Writing, parts: Iterable[tuple[str, Encoded]], keep: set[str] | None = None,
                 sources: dict[str, tuple[str, str]] | None = None) -> tuple[list[str], int]:
    """Write named graphs into the store being written as they come: the entities (in one
    part or several), each issue, the vocabulary (``kg.graph.graph_parts``, encoded), holding
    one part at a time.

    As :func:`kg.graph.build_graphs` does in memory, a triple that two issues both state, or
    that the entities graph states, goes to the entities graph only: only ``shared`` lines
    can be, so the digests of those are kept, not the lines. An issue graph whose content hash
    is unchanged is not rewritten; the entities graph is written as its parts come and
    counts as written when its hash changed; graphs not among ``parts`` or ``keep`` are
    dropped. Returns the graphs written or dropped and the number of triples."""
    store, meta = w.store, w.meta
    entities = DigestMap()  # digests of the entities graph's lines (value unused)
    first = DigestMap()  # digest of a shared line → the issue graph that stated it first (its number)
    graph_names: list[str] = []
    numbers: dict[str, int] = {}
    written: list[str] = []
    touched: set[str] = set()  # graphs a later issue took a shared triple from
    names: set[str] = {ENTITIES_GRAPH}
    total = 0
    batch = _Batch(store)
    if store.contains_named_graph(ox.NamedNode(ENTITIES_GRAPH)):
        store.remove_graph(ox.NamedNode(ENTITIES_GRAPH))

    def to_entities(lines: list[tuple[int, bytes]]) -> None:  # lines of one part: no digest twice
        new = [(d, line) for (d, line), v in zip(lines, entities.get_many([d for d, _ in lines])) if v == MISSING]
        for d, _ in new:
            entities.put(d, 0)
        batch.add(ENTITIES_GRAPH, new)

    for name, part in parts:
        names.add(name)
        if name == ENTITIES_GRAPH:
            to_entities(part.local + part.shared)
            continue
        kept, moved = list(part.local), []
        shared = part.shared
        digests = [d for d, _ in shared]
        if name == VOCABULARY_GRAPH:  # the concepts in use: kept whole, save what the entities state
            kept.extend(x for x, v in zip(shared, entities.get_many(digests)) if v == MISSING)
            shared, digests = [], []
        number = numbers.setdefault(name, len(graph_names))
        if number == len(graph_names):
            graph_names.append(name)
        for (d, line), in_entities, owner in zip(shared, entities.get_many(digests), first.get_many(digests)):
            if in_entities != MISSING:
                continue
            if owner == MISSING or owner == number:
                if owner == MISSING:
                    first.put(d, number)
                kept.append((d, line))
                continue
            batch.discard(graph_names[owner], d, line)  # stated by an earlier issue too: an entities fact
            moved.append((d, line))
            touched.add(graph_names[owner])
        to_entities(moved)
        total += len(kept)
        digest = content_hash(d for d, _ in kept)
        if meta.get(name, {}).get("hash") != digest:
            if store.contains_named_graph(ox.NamedNode(name)):
                store.remove_graph(ox.NamedNode(name))
            batch.add(name, kept)
            meta.setdefault(name, {})["hash"] = digest
            written.append(name)
    batch.close()
    total += len(entities)
    digest = content_hash(entities)
    if meta.get(ENTITIES_GRAPH, {}).get("hash") != digest:
        meta.setdefault(ENTITIES_GRAPH, {})["hash"] = digest
        written.append(ENTITIES_GRAPH)
    for name in sorted(touched):
        meta[name]["hash"] = ""  # changed after it was written: rewritten by the next build
    dropped = sorted(set(meta) - names - (keep or set()))
    for name in dropped:
        if store.contains_named_graph(ox.NamedNode(name)):
            store.remove_graph(ox.NamedNode(name))
        meta.pop(name, None)
    for name, (file, sha) in (sources or {}).items():
        meta.setdefault(name, {}).update(source=file, source_hash=sha)
    return sorted(set(written) | touched) + dropped, total


def cache_path(folder: str | Path, key: str) -> Path:
    return Path(folder) / "extractions" / f"{key}.pickle"


def write_cache(folder: str | Path, key: str, data: bytes) -> None:
    path = cache_path(folder, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def data_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad of the data graphs and of the default graph (notes added with --update)."""
    out: list[ox.Quad] = []
    for g in [*data_graphs(store), ox.DefaultGraph()]:
        out.extend(store.quads_for_pattern(None, None, None, g))
    return out


def load_file(path: str | Path, folder: str | Path, fmt: str | None = None) -> Path:
    """Load a graph file into a new store in ``folder`` (for serving a file); returns it."""
    source = Path(path)
    if not source.is_file():
        raise InputError(f"{path}: no such file or store")
    name = (fmt or source.suffix.lstrip(".")).lower()
    if name not in RDF_FORMATS:
        raise InputError(f"cannot tell the RDF format of {path}: use --input-format ({', '.join(sorted(RDF_FORMATS))})")
    target = Path(folder) / "served"
    target.mkdir(parents=True, exist_ok=True)  # Oxigraph makes the database folder, not its parents
    store = ox.Store(str(target / "oxigraph"))
    try:
        store.bulk_load(path=str(source), format=RDF_FORMATS[name])
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"{path}: cannot parse as RDF ({str(exc).splitlines()[0][:200]})") from None
    store.flush()
    del store
    return target
