"""Serialisation: formats from extensions, byte-stable output, round trips."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import UsageError
from kg.export import FORMATS, format_for, serialize, write_atomic

INVENTED = """榆川市人民政府公报

2021年第3期

大事记

2月份

1日，市长司马青云主持召开市政府常务会议，副市长欧阳春晓、上官明月出席会议。

8日，市委书记诸葛长风到柳河县石门乡调研，副市长慕容秋实陪同调研。
"""


@pytest.fixture(scope="module")
def invented_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "yuchuan.txt"
    path.write_text(INVENTED, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def graph(invented_path, lexicon) -> Graph:
    from kg.pipeline import build

    return build([invented_path], lexicon).graph


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("build/kg.ttl", "turtle"),
        ("build/kg.TTL", "turtle"),
        ("kg.nt", "nt"),
        ("kg.jsonld", "json-ld"),
        ("kg.json", "json-ld"),
        ("kg.trig", "trig"),
        ("kg.rdf", "xml"),
    ],
)
def test_export_format_from_extension(path, fmt):
    assert format_for(path) == fmt


@pytest.mark.parametrize(("explicit", "fmt"), [("turtle", "turtle"), ("ttl", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_export_explicit_format_wins_over_extension(explicit, fmt):
    assert format_for("kg.data", explicit) == fmt


@pytest.mark.parametrize(("path", "explicit"), [("kg.xyz", None), ("kg", None), ("kg.ttl", "rdfa")])
def test_export_unknown_format_is_a_usage_error(path, explicit):
    with pytest.raises(UsageError):
        format_for(path, explicit)


@pytest.mark.parametrize(
    "fmt",
    [
        f
        for f in sorted(set(FORMATS.values()))
    ],
)
def test_export_every_accepted_format_serializes(graph, fmt):
    assert serialize(graph, fmt)


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld"), ("xml", "xml")])
def test_export_round_trip_gives_the_same_graph(graph, fmt, parser):
    back = Graph()
    back.parse(data=serialize(graph, fmt), format=parser)
    assert isomorphic(back, graph)


def test_export_ntriples_lines_are_sorted_and_end_with_newline(graph):
    data = serialize(graph, "nt").decode("utf-8")
    lines = data.splitlines()
    assert data.endswith("\n") and lines == sorted(lines) and len(lines) == len(graph)


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_export_two_builds_serialize_identically(invented_path, lexicon, graph, fmt):
    from kg.pipeline import build

    assert serialize(build([invented_path], lexicon).graph, fmt) == serialize(graph, fmt)


def test_export_two_builds_serialize_identically_as_trig(invented_path, lexicon, graph):
    from kg.pipeline import build

    assert serialize(build([invented_path], lexicon).graph, "trig") == serialize(graph, "trig")


def test_export_write_atomic_writes_and_creates_folders(tmp_path):
    target = tmp_path / "a" / "b" / "kg.ttl"
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data" and [p.name for p in target.parent.iterdir()] == ["kg.ttl"]


def test_export_write_atomic_leaves_no_temporary_file_on_failure(tmp_path):
    (tmp_path / "kg.ttl").mkdir()
    with pytest.raises(OSError):
        write_atomic(tmp_path / "kg.ttl", b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]
