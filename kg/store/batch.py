"""Lines waiting to be loaded into the store, loaded together (see :class:`Batch`)."""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
from collections.abc import Callable, Iterable

import pyoxigraph as ox


def _trim_function() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, where there is one (not on macOS or musl)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


_TRIM = _trim_function()


class Batch:
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
        self.changed = 0  # lines loaded and taken out
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
            self.changed += len(chunks)
            if _TRIM is not None:
                _TRIM(0)
        self.pending, self.count = {}, 0

    def close(self) -> None:
        """Load what waits, then take out what waits to be taken out (the graphs have no blank
        nodes, which a load renames and DELETE DATA does not take: see :mod:`kg.graph`)."""
        self.flush()
        quads = list(ox.parse(b"".join(self.removals), format=ox.RdfFormat.N_QUADS))
        self.removals = []
        self.changed += len(quads)
        delete(self.store, quads, self.removal_chunk)


def delete(store: ox.Store, quads: Iterable[ox.Quad], chunk: int, flush: bool = False) -> None:
    """Take ``quads`` out of the store, ``chunk`` to a transaction (DELETE DATA), which holds
    its changes in memory; with ``flush``, RocksDB's write buffers are flushed after each."""
    quads = iter(quads)
    while part := list(itertools.islice(quads, chunk)):
        body = "\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in part)
        store.update(f"DELETE DATA {{\n{body}\n}}")
        if flush:
            store.flush()


def remove_graph(store: ox.Store, name: str, chunk: int = 20_000) -> None:
    """Take a named graph out of the store ``chunk`` quads to a transaction, flushing after
    each: ``Store.remove_graph`` holds the whole removal in memory, and RocksDB's write buffers
    hold the deletions until they are flushed (taking out the entities graph of 1,000
    synthetic issues, 611,348 quads: peak 966 MB with ``remove_graph``, 291 MB so, 11 s both)."""
    delete(store, store.quads_for_pattern(None, None, None, ox.NamedNode(name)), chunk, flush=True)  # a snapshot
