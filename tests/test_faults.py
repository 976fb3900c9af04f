"""Faults: a build killed at any moment (SIGINT, SIGTERM, SIGKILL) leaves the previous output
file and store as they were, or, killed after one was switched atomically, that one whole and new;
never a part of a build; and the next build works."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SOURCES = Path(__file__).parent / "gold" / "sources"


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300)


def store_count(folder: Path) -> int:
    from kg.query import dataset
    from kg.store import open_store

    store = open_store(folder)
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **dataset(store))))["n"].value)


@pytest.fixture(scope="module")
def previous(tmp_path_factory, sample_path):
    folder = tmp_path_factory.mktemp("faults")
    run = kg("build", str(sample_path), "--output", str(folder / "out.ttl"), "--store", str(folder / "s"))
    assert run.returncode == 0, run.stderr
    return folder


MORE = [str(SOURCES / f"invented-series-{n}.txt") for n in (1, 2, 3)]


@pytest.fixture(scope="module")
def uninterrupted(previous, tmp_path_factory, sample_path) -> tuple[float, bytes]:
    """The build the tests interrupt, run to its end on this machine: its seconds (the kills
    come at fractions of it, so each lands in the build whatever the machine's speed: fixed
    delays of 1 to 4 s let the last one come after a fast machine had finished) and its output."""
    work = tmp_path_factory.mktemp("timed") / "w"
    shutil.copytree(previous, work, symlinks=True)
    started = time.perf_counter()
    run = kg("build", str(sample_path), *MORE, "--output", str(work / "out.ttl"), "--store", str(work / "s"))
    assert run.returncode == 0, run.stderr
    return time.perf_counter() - started, (work / "out.ttl").read_bytes()


@pytest.mark.parametrize(("sig", "share"), [(signal.SIGINT, 0.25), (signal.SIGTERM, 0.6), (signal.SIGKILL, 0.4),
                                            (signal.SIGKILL, 0.9)])
def test_fault_a_killed_build_leaves_output_and_store_intact(previous, uninterrupted, tmp_path, sample_path, sig, share):
    work = tmp_path / "w"
    shutil.copytree(previous, work, symlinks=True)
    before = (work / "out.ttl").read_bytes()
    count = store_count(work / "s")
    more = MORE
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(sample_path), *more,
                             "--output", str(work / "out.ttl"), "--store", str(work / "s")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    delay = share * uninterrupted[0]
    time.sleep(delay)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip(f"the build finished within {delay} s: nothing to interrupt")
    assert "Traceback" not in err
    if sig != signal.SIGKILL:  # caught: one line, exit 130; still starting up: killed by the signal itself
        assert proc.returncode in (130, -sig)
        assert proc.returncode != 130 or "interrupted" in err
    # the output is the previous one, or, killed after its atomic replacement, the whole new one
    assert (work / "out.ttl").read_bytes() in (before, uninterrupted[1])
    got = store_count(work / "s")
    if got != count:  # the kill came after the store's atomic switch (the output is written after it):
        whole = tmp_path / "whole"  # then the store must be the whole new build, never part of one
        done = kg("build", str(sample_path), *more, "--store", str(whole))
        assert done.returncode == 0, done.stderr
        assert got == store_count(whole)
    again = kg("build", str(sample_path), "--output", str(work / "out.ttl"), "--store", str(work / "s"))
    assert again.returncode == 0, again.stderr
    live = (work / "s" / "oxigraph").resolve().name
    assert sorted(p.name for p in (work / "s").glob("db-*")) == [live, live + ".json"]
