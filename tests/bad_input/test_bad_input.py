"""The bad-input suite: every kind of wrong or awkward input either builds what it can (with
warnings naming file and line) or fails with one clear line and exit code 2 — never a
traceback, never a partial output file or store.

The inputs are made at test time from an invented gazette (tests/gold/sources) so the
repository stays small; the 50 MB single line is written to a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOURCES = Path(__file__).resolve().parents[1] / "gold" / "sources"
GAZETTE = (SOURCES / "invented-series-1.txt").read_text(encoding="utf-8")


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def _write(folder: Path, name: str, data: bytes) -> list[str]:
    (folder / name).write_bytes(data)
    return [name]


def _mixed(folder: Path) -> list[str]:
    mixed = folder / "mixed"
    mixed.mkdir()
    (mixed / "issue.txt").write_text(GAZETTE, encoding="utf-8")
    (mixed / "letter.txt").write_text("这是一封普通的信。\n", encoding="utf-8")
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "scan.pdf").write_bytes(b"%PDF-1.4 not really")
    (mixed / "notes.md").write_text("# notes\n", encoding="utf-8")
    return ["mixed"]


FULL_WIDTH = str.maketrans("0123456789 ", "０１２３４５６７８９　")

# case → (make the input, expected: "builds" | "fails", a word the warning or error must hold)
CASES = {
    "empty": (lambda d: _write(d, "x.txt", b""), "fails", "empty"),
    "binary": (lambda d: _write(d, "x.txt", bytes(range(256)) * 64), "fails", "x.txt"),
    "gb18030": (lambda d: _write(d, "x.txt", GAZETTE.encode("gb18030")), "builds", ""),
    "utf16": (lambda d: _write(d, "x.txt", GAZETTE.encode("utf-16")), "builds", ""),
    "bom": (lambda d: _write(d, "x.txt", GAZETTE.encode("utf-8-sig")), "builds", ""),
    "crlf": (lambda d: _write(d, "x.txt", GAZETTE.replace("\n", "\r\n").encode("utf-8")), "builds", ""),
    "full-width": (lambda d: _write(d, "x.txt", GAZETTE.translate(FULL_WIDTH).encode("utf-8")), "builds", ""),
    "cut-mid-entry": (lambda d: _write(d, "x.txt", GAZETTE[: len(GAZETTE) * 2 // 3].encode("utf-8")), "builds", "x.txt:"),
    "not-a-gazette": (lambda d: _write(d, "x.txt", "今天天气很好。我们去公园散步，看见很多人在跳舞。\n".encode("utf-8") * 50), "fails", "gazette"),
    "english": (lambda d: _write(d, "x.txt", b"The Springfield Gazette\nIt was a quiet month.\n"), "fails", "gazette"),
    "mixed-folder": (_mixed, "builds", "skipped"),
    "missing": (lambda d: ["nowhere.txt"], "fails", "no such file"),
    "dangling-link": (lambda d: (os.symlink(d / "gone.txt", d / "x.txt"), ["x.txt"])[1], "fails", "x.txt"),
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ref")
    (folder / "x.txt").write_text(GAZETTE, encoding="utf-8")
    run = kg("build", "x.txt", "--output", "ref.nt", "--no-store", cwd=folder)
    assert run.returncode == 0, run.stderr
    return (folder / "ref.nt").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(case, tmp_path, reference):
    make, expected, word = CASES[case]
    args = make(tmp_path)
    run = kg("build", *args, "--output", "out/graph.nt", cwd=tmp_path)
    assert "Traceback" not in run.stderr
    if expected == "fails":
        assert run.returncode == 2
        assert len(run.stderr.strip().splitlines()) == 1 and word in run.stderr
        assert not (tmp_path / "out").exists()  # no output file, no store, no folder
        return
    assert run.returncode == 0, run.stderr
    assert word in run.stderr
    out = (tmp_path / "out" / "graph.nt").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "graph.store").is_dir()
    if case in ("gb18030", "utf16", "bom", "crlf", "full-width"):
        # the same facts as the plain UTF-8 file, except where offsets and quotes depend on bytes
        def events(nt: str) -> int:
            return nt.count("ontology#Event>")
        assert events(out) == events(reference)


def test_bad_input_fifty_megabytes_on_one_line_fails_cleanly(tmp_path):
    (tmp_path / "x.txt").write_text("这是一段很长的文字，没有换行。" * (50_000_000 // 45), encoding="utf-8")
    run = kg("build", "x.txt", "--output", "out/graph.ttl", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_bad_input_unreadable_file_is_one_line(tmp_path, monkeypatch):
    """Root reads any file, so the refusal is simulated where the reader opens the file."""
    from kg.errors import InputError
    from kg.pipeline import build

    (tmp_path / "x.txt").write_text(GAZETTE, encoding="utf-8")
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "x.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match="cannot read"):
        build([tmp_path / "x.txt"])
    if os.geteuid() != 0:  # as a normal user, the real thing through the command
        (tmp_path / "x.txt").chmod(0)
        run = kg("build", "x.txt", "--output", "out.ttl", cwd=tmp_path)
        assert run.returncode == 2 and "cannot read" in run.stderr


def test_bad_input_file_order_does_not_change_the_output(tmp_path):
    for n in (1, 2):
        shutil.copy(SOURCES / f"invented-series-{n}.txt", tmp_path / f"i{n}.txt")
    a = kg("build", "i1.txt", "i2.txt", "--output", "a.nt", "--no-store", cwd=tmp_path)
    b = kg("build", "i2.txt", "i1.txt", "--output", "b.nt", "--no-store", cwd=tmp_path)
    assert a.returncode == b.returncode == 0
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()
