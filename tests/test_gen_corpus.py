"""benchmarks/gen_corpus.py: the synthetic corpus is deterministic, its manifest tells the
truth, its vocabulary suits the name grammar, and the real pipeline reads what it writes."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "gen_corpus.py"
NUMBER_LINE = re.compile(r"^\S+〔\d{4}〕\d+ ?号$")
ENTRY_LINE = re.compile(r"^(?:\d{1,2}日(?:—\d{1,2}日)?|是月)，")


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("gen_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_other_seed_other_bytes(gen, tmp_path):
    a = gen.generate(4, 11, tmp_path / "a", chars=6000)
    gen.generate(4, 11, tmp_path / "b", chars=6000)
    gen.generate(4, 12, tmp_path / "c", chars=6000)
    assert len(a) == 4 and all(p.parent == tmp_path / "a" for p in a)
    first, again, other = (_files(tmp_path / k) for k in "abc")
    assert first == again
    assert set(first) - {"manifest.json"}, "no issue files written"
    assert all(first[k] != other.get(k) for k in first if k != "manifest.json")


def test_a_smaller_run_is_the_start_of_a_larger_one(gen, tmp_path):
    gen.generate(2, 3, tmp_path / "small", chars=5000)
    gen.generate(3, 3, tmp_path / "large", chars=5000)
    small, large = _files(tmp_path / "small"), _files(tmp_path / "large")
    assert all(large[k] == v for k, v in small.items() if k != "manifest.json")


def test_the_command_line_writes_what_generate_writes(gen, tmp_path):
    gen.generate(2, 5, tmp_path / "api", chars=5000)
    subprocess.run([sys.executable, str(SCRIPT), "--issues", "2", "--seed", "5", "--out", str(tmp_path / "cli"),
                    "--chars", "5000"], check=True, capture_output=True)
    assert _files(tmp_path / "api") == _files(tmp_path / "cli")


def test_the_manifest_agrees_with_the_files(gen, tmp_path):
    paths = gen.generate(14, 2, tmp_path, chars=8000)  # past a year end: a second city-year
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in manifest["files"]] == [p.name for p in paths]
    assert len({(f["city"], f["year"]) for f in manifest["files"]}) >= 2
    for f, path in zip(manifest["files"], paths):
        text = path.read_text(encoding="utf-8")
        assert f["characters"] == len(text)
        lines = [ln.strip() for ln in text.splitlines()]
        chronicle = len(lines) - lines[::-1].index("大事记")
        assert f["documents"] == sum(bool(NUMBER_LINE.match(ln)) for ln in lines[:chronicle])
        assert f["chronicle_entries"] == sum(bool(ENTRY_LINE.match(ln)) for ln in lines[chronicle:])
        assert f"{f['city']}人民政府" in lines[2] and f"{f['year']}年第{f['month']}期" in text
        assert 0 < f["persons"] < len(text) // 8
        assert text.endswith("。\n")


def test_the_vocabulary_suits_the_name_grammar(gen, lexicon):
    from kg.extract.names import NameGrammar

    v = gen.Vocab.load()
    assert all(s in lexicon.surnames or s in lexicon.compound_surnames for s in v.surnames)
    grammar = NameGrammar(lexicon)
    g = gen.Generator(1, None)
    names = [g.person() for _ in range(3000)]
    assert len(set(names)) == len(names)
    assert [n for n in names if not grammar.plausible(n)] == []
    for _ in range(12):
        g.new_city(2020)
    real = {line.split("\t")[0] for line in (ROOT / "data" / "lexicon" / "places.tsv").read_text(encoding="utf-8").splitlines()}
    invented = [c.name for c in g.cities] + [p.name for p in g.provinces] + [x for c in g.cities for x in c.counties]
    assert not set(invented) & real
    assert len({c.short for c in g.cities}) == len(g.cities), "two cities share a document-number code"


def test_the_pipeline_builds_generated_issues(gen, tmp_path):
    from kg.pipeline import build

    paths = gen.generate(2, 1, tmp_path, chars=15000)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["files"]
    result = build(paths)
    s = result.summary()
    assert s["issues"] == 2
    assert s["documents"] == sum(f["documents"] for f in manifest)
    assert s["events"] >= 0.9 * sum(f["chronicle_entries"] for f in manifest)
    assert s["persons"] > 0 and s["tasks"] > 0
    assert not [w for w in result.warnings if "skipped" in w]
