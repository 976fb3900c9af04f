"""The compact digest map the store build keeps: it answers as a dict would, before and after
its newest entries are merged into its sorted arrays."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.digests import MISSING, DigestMap

DIGESTS = st.integers(min_value=0, max_value=2**64 - 1)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(DIGESTS, st.integers(min_value=0, max_value=2**31 - 1), max_size=60),
       st.lists(DIGESTS, max_size=30), st.integers(min_value=1, max_value=9))
def test_digests_answer_as_a_dict_does(entries, others, merge_at):
    m = DigestMap(merge_at=merge_at)
    for d, v in entries.items():
        m.put(d, v)
    wanted = list(entries) + others
    assert m.get_many(wanted) == [entries.get(d, MISSING) for d in wanted]
    assert len(m) == len(entries)
    assert sorted(m) == sorted(entries)


def test_digests_at_the_edges_of_64_bits_and_past_the_last_key():
    m = DigestMap(merge_at=2)
    for d in (0, 2**63, 2**64 - 1, 5):
        m.put(d, d % 7)
    assert m.get_many([0, 2**63, 2**64 - 1, 5, 1, 2**64 - 2, 2**63 - 1]) == [0, 2**63 % 7, (2**64 - 1) % 7, 5, -1, -1, -1]
    assert m.get_many([]) == []
    assert DigestMap().get_many([3]) == [MISSING]
