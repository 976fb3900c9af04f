"""Building many issues: parallel extraction (local processes and Dask), the progress bar, and
writing the store one issue at a time with no graph of the whole corpus in memory.

Speed and memory are measured in benchmarks/bench_build.py, not here; these tests check that
every way of building gives the same graph."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

SERIES = Path(__file__).parent / "gold" / "sources"


def kg(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def series(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("series")
    for n in (1, 2, 3):
        shutil.copy(SERIES / f"invented-series-{n}.txt", folder / f"issue-{n}.txt")
    return folder


def graphs_of(folder: Path) -> dict[str, set[str]]:
    """Each named graph of a store as a set of N-Triples lines."""
    from kg.store import data_graphs, open_store

    store = open_store(folder)
    out = {}
    for g in data_graphs(store):
        quads = store.quads_for_pattern(None, None, None, g)
        out[g.value] = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in quads}
    return out


def test_scale_jobs_give_the_same_bytes_as_one_job(tmp_path, series):
    one = kg("build", str(series), "--jobs", "1", "--output", str(tmp_path / "one.ttl"), "-q")
    two = kg("build", str(series), "--jobs", "3", "--output", str(tmp_path / "two.ttl"), "-q")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert (tmp_path / "one.ttl").read_bytes() == (tmp_path / "two.ttl").read_bytes()
    assert graphs_of(tmp_path / "one.store") == graphs_of(tmp_path / "two.store")


@pytest.mark.parametrize("jobs", [1, 2], ids=["resolved-here", "resolved-apart"])
def test_scale_a_store_built_without_the_whole_graph_holds_the_same_graphs(tmp_path, series, jobs):
    """``whole=False`` (kg build with a store and no --output) writes issue by issue; the
    store must hold exactly what the in-memory build partitions into named graphs, whether
    the resolution is made in the build process (one job) or in a process of its own."""
    from kg.pipeline import Parallel, build

    streamed = build([series], store=tmp_path / "s", whole=False, parallel=Parallel(jobs=jobs))
    assert streamed.graph is None
    together = build([series])
    expected = stored(together.graphs)
    assert graphs_of(tmp_path / "s") == expected
    assert streamed.summary()["triples"] == len(together.graph)
    assert not streamed.resolution.persons and streamed.counts["persons"] == len(together.resolution.persons) > 0  # let go once written
    assert {k: v for k, v in streamed.summary().items() if k != "seconds"} == \
        {k: v for k, v in together.summary().items() if k != "seconds"}
    assert streamed.tally["issues"] == together.summary()["issues"] > 1  # counted as resolved, not read again


def stored(graphs: dict) -> dict[str, set[str]]:  # type: ignore[type-arg]
    """In-memory named graphs as a store keeps them (Oxigraph writes xsd:nonNegativeInteger
    as xsd:integer, oxigraph#526), as sets of N-Triples lines."""
    from rdflib import Graph

    store = ox.Store()
    out = {}
    for name, part in graphs.items():
        g = ox.NamedNode(name)
        lines = Graph()
        for t in part:
            lines.add(t)
        store.load(lines.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=g)
        out[name] = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.quads_for_pattern(None, None, None, g)}
    return out


@pytest.mark.parametrize("batch", [None, 1], ids=["default-batch", "load-every-part"])
def test_scale_two_issues_stating_one_document_share_it_through_the_entities_graph(tmp_path, sample_path, batch, monkeypatch):
    """Two issues that print the same documents (the same numbers): their common triples go to
    the entities graph once, in the streamed store as in memory, whichever issue comes first.
    With a batch of one line every part is loaded at once, so the second issue takes its shared
    triples out of a graph already in the store (the removals that wait to the end)."""
    from kg import store as store_module
    from kg.graph import ENTITIES_GRAPH
    from kg.pipeline import build

    if batch is not None:
        monkeypatch.setattr(store_module.batch.Batch.__init__, "__defaults__", (batch,))

    text = sample_path.read_text(encoding="utf-8")
    m = re.search(r"第(\d+)期", text)
    assert m, "the sample names its issue number"
    other = text[: m.start(1)] + str(int(m.group(1)) + 1) + text[m.end(1):]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(other, encoding="utf-8")
    together = build([tmp_path / "a.txt", tmp_path / "b.txt"])
    issues = [n for n in together.graphs if "/graph/issue/" in n]
    assert len(issues) == 2
    expected = stored(together.graphs)
    build([tmp_path / "a.txt", tmp_path / "b.txt"], store=tmp_path / "s", whole=False)
    got = graphs_of(tmp_path / "s")
    assert got == expected
    shared = [t for t in got[ENTITIES_GRAPH] if "/id/document/" in t.split(" ")[0]]
    assert shared, "the documents both issues print are stated once, in the entities graph"
    # a rebuild rewrites the graphs that gave up shared triples, and ends with the same content
    build([tmp_path / "a.txt", tmp_path / "b.txt"], store=tmp_path / "s", whole=False)
    assert graphs_of(tmp_path / "s") == expected


def test_scale_progress_bar_only_when_asked_or_on_a_terminal(tmp_path, series):
    quiet = kg("build", str(series), "--store", str(tmp_path / "a"), "--jobs", "1")
    assert quiet.returncode == 0 and "issue/s" not in quiet.stderr and "s/issue" not in quiet.stderr  # not a terminal
    shown = kg("build", str(series), "--store", str(tmp_path / "b"), "--jobs", "1", "--progress", "always")
    assert shown.returncode == 0, shown.stderr
    assert "3/3" in shown.stderr and re.search(r"(issue/s|s/issue)", shown.stderr)


def test_scale_an_unchanged_issue_is_not_extracted_again(tmp_path, series, monkeypatch):
    from kg import pipeline

    pipeline.build([series], store=tmp_path / "s")
    calls = []
    real = pipeline.extract_source
    monkeypatch.setattr(pipeline, "extract_source", lambda *a, **k: calls.append(a) or real(*a, **k))
    (tmp_path / "more").mkdir()
    shutil.copy(SERIES / "invented-series-1.txt", tmp_path / "more" / "issue-1.txt")
    shutil.copy(SERIES / "invented-chronicle-a.txt", tmp_path / "more" / "new.txt")
    pipeline.build([tmp_path / "more"], store=tmp_path / "s")
    assert [a[0][0] for a in calls] == ["new.txt"]  # issue-1.txt came from the cache


def test_scale_a_cache_made_by_another_version_is_extracted_again_from_its_text(tmp_path, series, monkeypatch):
    """Another version of the code may have other classes, so its pickled extractions cannot
    be trusted; the text kept beside them is extracted again, even for an issue whose file is
    no longer given, and the store ends as a fresh build of the same files."""
    import pickle

    from kg import pipeline
    from kg.store import cache_path

    pipeline.build([series], store=tmp_path / "s", whole=False)
    before = graphs_of(tmp_path / "s")
    for path in cache_path(tmp_path / "s", "x").parent.glob("*.pickle"):
        form, fp, fields, inner = pickle.loads(path.read_bytes())
        path.write_bytes(pickle.dumps((form, "another version", fields, b"not a pickle of today's classes")))
    (tmp_path / "one").mkdir()
    shutil.copy(series / "issue-1.txt", tmp_path / "one" / "issue-1.txt")
    calls = []
    real = pipeline._extract
    monkeypatch.setattr(pipeline, "_extract", lambda *a, **k: calls.append(a[0].name) or real(*a, **k))
    pipeline.build([tmp_path / "one"], store=tmp_path / "s", whole=False, parallel=pipeline.Parallel(jobs=1))
    assert sorted(calls) == ["issue-1.txt", "issue-2.txt", "issue-3.txt"]
    assert graphs_of(tmp_path / "s") == before

def test_scale_the_builds_workers_read_its_cache_whatever_the_code_on_disk_says(tmp_path, series):
    """A build's graph workers read the extractions the build itself wrote or checked. A worker
    hashes the package's files when it first asks for the fingerprint; if they changed on disk
    since the build began (an upgrade during a long build), the build's own entries must still
    be read, not taken for another version's (a 1,000-issue build once stopped so)."""
    import pickle

    from kg import pipeline
    from kg.store import cache, cache_path

    pipeline.build([series], store=tmp_path / "s", whole=False)
    entries = sorted(cache_path(tmp_path / "s", "x").parent.glob("*.pickle"))
    assert entries
    for path in entries:
        form, fp, fields, inner = pickle.loads(path.read_bytes())
        path.write_bytes(pickle.dumps((form, "the code on disk changed", fields, inner)))
        assert cache.cached(tmp_path / "s", path.stem, None) is None  # a new build extracts it again
        assert cache.written(tmp_path / "s", path.stem).issue.source.name == fields[0]


def test_scale_bad_executor_options_fail_in_one_line(tmp_path, series):
    for args, words in ((["--executor", "dask"], "--scheduler"), (["--scheduler", "tcp://127.0.0.1:1"], "dask"),
                        (["--jobs", "0"], "at least 1")):
        run = kg("build", str(series), "--store", str(tmp_path / "s"), *args)
        assert run.returncode == 2 and words in run.stderr and "Traceback" not in run.stderr, run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "s").exists()


def test_scale_an_unreachable_dask_scheduler_fails_in_one_line(tmp_path, series):
    pytest.importorskip("distributed")
    run = kg("build", str(series), "--store", str(tmp_path / "s"), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert run.returncode == 2 and "Dask scheduler" in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "s").exists()


def test_scale_dask_local_cluster_builds_the_same_graph(tmp_path, series):
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    from kg.pipeline import Parallel, build

    local = build([series])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = build([series], parallel=Parallel(executor="dask", scheduler=cluster.scheduler_address))
        stored = build([series], store=tmp_path / "s", whole=False,
                       parallel=Parallel(executor="dask", scheduler=cluster.scheduler_address))
    def lines(g):  # type: ignore[no-untyped-def]
        return sorted(g.serialize(format="nt11").splitlines())

    assert lines(remote.graph) == lines(local.graph)
    assert stored.summary()["triples"] == len(local.graph)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> list[Path]:
    """Five synthetic issues (benchmarks/gen_corpus.py): their chronicles and documents share
    lines (cited documents, bodies) that move from the issue that stated them first to the
    entities graph when a later issue states them too."""
    import importlib.util

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "gen_corpus.py"
    spec = importlib.util.spec_from_file_location("gen_corpus", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        return sorted(module.generate(5, 20191201, tmp_path_factory.mktemp("synthetic"), chars=20000))
    finally:
        sys.modules.pop(spec.name, None)


@pytest.mark.parametrize("jobs", [1, 2])
def test_scale_an_issue_added_to_a_store_leaves_the_other_graphs_in_place(tmp_path, synthetic, jobs, monkeypatch):
    """Adding an issue writes its graph, the entities and what moved: the graphs of the issues
    already there stay in place (lines a new issue shares are taken out of them, lines no
    longer shared go back), and the store holds what a fresh build of all of them holds."""
    import json

    from kg import store as store_module
    from kg.pipeline import Parallel, build
    from kg.store import read_meta, store_size

    def churn() -> int:  # quads loaded and taken out since the last compaction (there is none)
        meta = (tmp_path / "inc" / "oxigraph").resolve().with_suffix(".json")
        return json.loads(meta.read_text(encoding="utf-8"))["uncompacted"]

    monkeypatch.setattr(store_module, "COMPACT_SHARE", 0)  # never compact: the meta counts every change
    run = {"parallel": Parallel(jobs=jobs), "whole": False}
    build(synthetic[:4], store=tmp_path / "inc", **run)
    first = read_meta(tmp_path / "inc")
    old = {g: m for g, m in first.items() if "/graph/issue/" in g}
    before = churn()
    build(synthetic[4:], store=tmp_path / "inc", **run)
    build(synthetic, store=tmp_path / "fresh", **run)
    assert graphs_of(tmp_path / "inc") == graphs_of(tmp_path / "fresh")
    after = read_meta(tmp_path / "inc")
    assert any(m.get("moved") for m in after.values())  # lines did move
    assert all(after[g]["made"] == m["made"] for g, m in old.items())  # the old graphs' own lines are the same
    assert churn() - before < store_size(old)  # and they were not written again (that alone is twice their size)
    again = build(synthetic, store=tmp_path / "inc", **run)
    assert again.written == [] and graphs_of(tmp_path / "inc") == graphs_of(tmp_path / "fresh")
    text = synthetic[1].read_text(encoding="utf-8")  # one issue changes: its graph and what follows
    changed = tmp_path / synthetic[1].name
    changed.write_text(text.replace("市", "州", 40), encoding="utf-8")
    others = [p for p in synthetic if p != synthetic[1]]
    build([changed], store=tmp_path / "inc", **run)
    build([*others, changed], store=tmp_path / "fresh2", **run)
    assert graphs_of(tmp_path / "inc") == graphs_of(tmp_path / "fresh2")


def test_scale_a_graph_made_from_the_same_things_is_not_made_again(tmp_path, synthetic, monkeypatch):
    """Each issue graph's memo (the store's ``graphs/``) keeps what it was made of, keyed by
    what it is made from (code, extraction, the issue's part of the resolution). Adding an
    issue makes only its graph and those the store must write whole; a build with nothing new
    makes none; a memo that cannot be read, or a graph whose lines changed, is made again; and
    every time the store holds what a fresh build holds, also when the entities graph's kept
    lines are damaged (it is then written whole)."""
    import json
    import pickle

    from kg import pipeline
    from kg import store as store_module
    from kg.graph import ENTITIES_GRAPH
    from kg.pipeline import Parallel, build
    from kg.store import read_meta

    made: list[str] = []
    real = pipeline.issue_part

    def counting(x, part, roles=()):  # type: ignore[no-untyped-def]
        name, triples, concepts = real(x, part, roles)
        made.append(name)
        return name, triples, concepts

    taken_out: list[str] = []  # graphs taken out whole
    real_remove = store_module.remove_graph
    monkeypatch.setattr(store_module, "remove_graph", lambda st, name, *a: taken_out.append(name) or real_remove(st, name, *a))
    monkeypatch.setattr(pipeline, "issue_part", counting)
    run = {"parallel": Parallel(jobs=1), "whole": False}  # graphs made in this process, where they are counted
    build(synthetic[1:], store=tmp_path / "inc", **run)
    assert len(made) == 4
    before = read_meta(tmp_path / "inc")
    made.clear()
    build(synthetic[:1], store=tmp_path / "inc", **run)  # sorts first: it becomes the first to state shared lines
    after = read_meta(tmp_path / "inc")
    new = [g for g in after if "/graph/issue/" in g and g not in before]
    whole = [g for g in before if "/graph/issue/" in g and after[g]["made"] != before[g]["made"]]
    assert len(new) == 1 and sorted(made) == sorted(new + whole) and len(made) < 5
    assert sorted(taken_out) == sorted(whole)  # the entities graph changed line by line, as its kept lines told
    assert after[ENTITIES_GRAPH]["hash"] != before[ENTITIES_GRAPH]["hash"]
    build(synthetic, store=tmp_path / "fresh", **run)
    assert graphs_of(tmp_path / "inc") == graphs_of(tmp_path / "fresh")

    made.clear()
    assert build(synthetic, store=tmp_path / "inc", **run).written == [] and made == []
    memos = sorted((tmp_path / "inc" / "graphs").glob("*.pickle"))
    assert len(memos) == 5
    db = (tmp_path / "inc" / "oxigraph").resolve()
    meta = json.loads(db.with_suffix(".json").read_text(encoding="utf-8"))
    name = sorted(g for g in meta["graphs"] if "/graph/issue/" in g)[-1]
    next(m for m in memos if name not in str(pickle.loads(m.read_bytes()))).write_bytes(b"not a memo")  # made again
    meta["graphs"][name]["made"] = "0:0000000000000000"  # its lines differ from what it was written with: written whole
    db.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    build(synthetic, store=tmp_path / "inc", **run)
    assert len(made) == 2 and name in made
    assert graphs_of(tmp_path / "inc") == graphs_of(tmp_path / "fresh")
    for kept in (tmp_path / "inc" / "graphs").glob("entities-*"):  # the entities' kept lines damaged
        kept.write_bytes(kept.read_bytes()[: len(kept.read_bytes()) // 2])
    taken_out.clear()
    build(synthetic, store=tmp_path / "inc", **run)
    assert taken_out == [ENTITIES_GRAPH]  # written whole instead
    assert graphs_of(tmp_path / "inc") == graphs_of(tmp_path / "fresh")


def test_scale_a_build_leaves_the_callers_garbage_collector_as_it_found_it(series):
    """A build runs Python's cycle collector less often (kg.pipeline._fewer_collections), and
    sets it back when it ends, also when it fails: a caller's process is theirs."""
    import gc

    from kg.errors import InputError
    from kg.pipeline import build

    before = gc.get_threshold()
    assert build([series]).graph is not None and gc.get_threshold() == before
    with pytest.raises(InputError):
        build([series / "no such file.txt"])
    assert gc.get_threshold() == before
