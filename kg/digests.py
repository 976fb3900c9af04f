"""A compact map from 64-bit digests to small numbers, for the millions of triple digests a
store build keeps (which issue stated a triple first; which the entities graph holds).

A Python dict spends about 100 bytes on each such entry (the entry, the key's int object);
this keeps the newest entries in a dict and merges them, every ``merge_at``, into two sorted
numpy arrays: 12 bytes an entry. Lookups take a whole issue's digests at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

MISSING = -1


class DigestMap:
    """Digests (ints in [0, 2**64)) → values (ints in [0, 2**31))."""

    def __init__(self, merge_at: int = 1 << 17) -> None:
        self.merge_at = merge_at
        self._keys = np.empty(0, dtype=np.uint64)
        self._values = np.empty(0, dtype=np.int32)
        self._recent: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._keys) + len(self._recent)

    def __iter__(self) -> Iterator[int]:
        """Every digest (merged ones in order, then the newest)."""
        yield from self._keys.tolist()
        yield from self._recent

    def get_many(self, digests: Sequence[int]) -> list[int]:
        """The value of each digest, ``MISSING`` where it has none."""
        if not digests:
            return []
        keys = self._keys
        if len(keys):
            wanted = np.fromiter(digests, dtype=np.uint64, count=len(digests))
            at = np.searchsorted(keys, wanted)
            at[at == len(keys)] = 0  # past the end: compared with the first key, which differs
            found = keys[at] == wanted
            out = np.where(found, self._values[at], MISSING).tolist()
        else:
            out = [MISSING] * len(digests)
        recent = self._recent
        if recent:
            for k, d in enumerate(digests):
                v = recent.get(d)
                if v is not None:
                    out[k] = v
        return out

    def put(self, digest: int, value: int) -> None:
        """Set a digest's value (a digest already merged must not be put again)."""
        self._recent[digest] = value
        if len(self._recent) >= self.merge_at:
            self._merge()

    def _merge(self) -> None:
        recent = self._recent
        keys = np.concatenate([self._keys, np.fromiter(recent.keys(), dtype=np.uint64, count=len(recent))])
        values = np.concatenate([self._values, np.fromiter(recent.values(), dtype=np.int32, count=len(recent))])
        order = np.argsort(keys, kind="stable")
        self._keys, self._values, self._recent = keys[order], values[order], {}
