"""The command line, run as ``python -m kg`` in a subprocess (as a user runs it).

Builds are slow-ish (spaCy import), so the ones a group of tests shares run once, in
parallel, in module-scoped fixtures.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.cli import COMMANDS

README = Path(__file__).parent.parent / "README.md"

INVENTED = """榆川市人民政府公报

2021年第3期

榆川市人民政府关于加强春季森林防火工作的通知

榆政发〔2021〕7 号

各县（市、区）人民政府，市直各委、办、局：

为贯彻落实《北江省人民政府关于加强森林防火工作的意见》（北政发〔2017〕58号）精神，现将有关事项通知如下。

榆川市人民政府

2021年3月2日

大事记

2月份

1日，市长司马青云主持召开市政府常务会议，副市长欧阳春晓、上官明月出席会议。

3日—5日，副市长欧阳春晓到柳河县、桃源县调研春耕生产工作。
"""


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def _env(hashseed: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONHASHSEED", None)
    if hashseed is not None:
        env["PYTHONHASHSEED"] = hashseed
    return env


def run_many(jobs: list[tuple[list[str], Path, str | None]]) -> list[Run]:
    """Run ``python -m kg ARGS`` for each (args, cwd, hashseed) in parallel."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kg", *args],
            cwd=cwd,
            env=_env(seed),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for args, cwd, seed in jobs
    ]
    runs = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        runs.append(Run(p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")))
    return runs


def run_kg(*args: str, cwd: Path, hashseed: str | None = None) -> Run:
    return run_many([(list(args), cwd, hashseed)])[0]


# ---------------------------------------------------------------- help and docs


@pytest.mark.parametrize("command", [None, *sorted(COMMANDS)])
def test_cli_help_exits_zero_with_an_example(tmp_path, command):
    run = run_kg(*([command] if command else []), "--help", cwd=tmp_path)
    assert run.returncode == 0 and "example" in run.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_command_is_documented_in_readme(command):
    assert f"`kg {command}" in README.read_text(encoding="utf-8")


def test_cli_without_command_prints_help_and_exits_2(tmp_path):
    run = run_kg(cwd=tmp_path)
    assert run.returncode == 2 and "usage" in run.stderr


# ---------------------------------------------------------------- build the sample


@pytest.fixture(scope="module")
def sample_builds(tmp_path_factory, sample_path):
    """The sample built five times at once: Turtle under three hash seeds, N-Triples under two."""
    root = tmp_path_factory.mktemp("cli-builds")
    jobs = {
        ("ttl", None): "random.ttl",
        ("ttl", "0"): "seed0.ttl",
        ("ttl", "12345"): "seed12345.ttl",
        ("nt", "0"): "seed0.nt",
        ("nt", "12345"): "seed12345.nt",
    }
    runs = run_many([(["build", str(sample_path), "--output", name, "--no-store"], root, seed) for (_, seed), name in jobs.items()])
    return {key: (run, root / name) for (key, name), run in zip(jobs.items(), runs)}


def test_cli_build_sample_exits_zero(sample_builds):
    run, _ = sample_builds[("ttl", None)]
    assert run.returncode == 0, run.stderr


def test_cli_build_sample_writes_the_output(sample_builds):
    _, out = sample_builds[("ttl", None)]
    assert out.is_file() and out.stat().st_size > 0


def test_cli_build_prints_summary_with_triples_on_stderr(sample_builds):
    run, _ = sample_builds[("ttl", None)]
    assert any(line.startswith("kg build: wrote") and "triples" in line for line in run.stderr_lines), run.stderr


def test_cli_build_prints_nothing_on_stdout(sample_builds):
    run, _ = sample_builds[("ttl", None)]
    assert run.stdout == ""


def test_cli_build_turtle_is_byte_identical_across_hash_seeds(sample_builds):
    outputs = {sample_builds[("ttl", seed)][1].read_bytes() for seed in (None, "0", "12345")}
    assert len(outputs) == 1


def test_cli_build_ntriples_is_byte_identical_across_hash_seeds(sample_builds):
    a, b = (sample_builds[("nt", seed)][1].read_bytes() for seed in ("0", "12345"))
    assert a == b and a


def test_cli_build_ntriples_lines_are_sorted(sample_builds):
    lines = sample_builds[("nt", "0")][1].read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_cli_build_turtle_and_ntriples_hold_the_same_graph(sample_builds):
    import pyoxigraph

    ttl, nt = pyoxigraph.Store(), pyoxigraph.Store()
    ttl.load(sample_builds[("ttl", "0")][1].read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    nt.load(sample_builds[("nt", "0")][1].read_bytes(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert set(ttl) == set(nt)


def test_cli_query_library_name_prints_rows(sample_builds):
    _, out = sample_builds[("ttl", None)]
    run = run_kg("query", str(out), "documents", cwd=out.parent)
    assert run.returncode == 0 and "曲政发〔2019〕81号" in run.stdout


# ---------------------------------------------------------------- a user's mistakes


def _missing(tmp: Path, sample: Path) -> list[str]:
    return [str(tmp / "no-such-gazette.txt")]


def _empty(tmp: Path, sample: Path) -> list[str]:
    (tmp / "empty.txt").write_bytes(b"")
    return [str(tmp / "empty.txt")]


def _whitespace(tmp: Path, sample: Path) -> list[str]:
    (tmp / "blank.txt").write_bytes(b" \r\n\t\n\n")
    return [str(tmp / "blank.txt")]


def _binary(tmp: Path, sample: Path) -> list[str]:
    (tmp / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return [str(tmp / "image.txt")]


def _no_txt_folder(tmp: Path, sample: Path) -> list[str]:
    folder = tmp / "folder"
    folder.mkdir()
    (folder / "notes.md").write_text("not a gazette", encoding="utf-8")
    return [str(folder)]


def _not_a_gazette(tmp: Path, sample: Path) -> list[str]:
    (tmp / "letter.txt").write_text("这是一封普通的信。\n没有文号，也没有大事记。\n", encoding="utf-8")
    return [str(tmp / "letter.txt")]


BAD_INPUTS = {
    "missing-path": (_missing, "out.ttl", []),
    "empty-file": (_empty, "out.ttl", []),
    "whitespace-file": (_whitespace, "out.ttl", []),
    "binary-file": (_binary, "out.ttl", []),
    "folder-without-txt": (_no_txt_folder, "out.ttl", []),
    "not-a-gazette": (_not_a_gazette, "out.ttl", []),
    "unknown-output-extension": (lambda tmp, sample: [str(sample)], "out.xyz", []),
    "unknown-format-option": (lambda tmp, sample: [str(sample)], "out.ttl", ["--format", "rdfa"]),
}


@pytest.fixture(scope="module")
def bad_runs(tmp_path_factory, sample_path):
    jobs, outputs = [], {}
    for case, (make, output, extra) in BAD_INPUTS.items():
        tmp = tmp_path_factory.mktemp(case)
        out = tmp / "build" / output
        outputs[case] = out
        jobs.append((["build", *make(tmp, sample_path), "--output", str(out), *extra], tmp, None))
    return {case: (run, outputs[case]) for case, run in zip(BAD_INPUTS, run_many(jobs))}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_cli_bad_input_exits_2(bad_runs, case):
    run, _ = bad_runs[case]
    assert run.returncode == 2, run.stderr


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_cli_bad_input_prints_one_line(bad_runs, case):
    run, _ = bad_runs[case]
    assert len(run.stderr_lines) == 1 and "Traceback" not in run.stderr, run.stderr


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_cli_bad_input_writes_nothing(bad_runs, case):
    _, out = bad_runs[case]
    assert not out.exists() and not out.parent.exists()


def test_cli_build_output_is_a_folder_fails_cleanly(tmp_path, write_gazette):
    gazette = write_gazette(INVENTED)
    (tmp_path / "out.ttl").mkdir()
    run = run_kg("build", str(gazette), "--output", "out.ttl", cwd=tmp_path)
    assert (run.returncode, len(run.stderr_lines), "Traceback" in run.stderr) == (2, 1, False), run.stderr


def test_cli_build_output_under_a_file_fails_cleanly(tmp_path, write_gazette):
    gazette = write_gazette(INVENTED)
    run = run_kg("build", str(gazette), "--output", str(gazette / "out.ttl"), cwd=tmp_path)
    assert (run.returncode, len(run.stderr_lines), "Traceback" in run.stderr) == (2, 1, False), run.stderr


@pytest.fixture(scope="module")
def invented_turtle(tmp_path_factory):
    root = tmp_path_factory.mktemp("invented")
    (root / "gazette.txt").write_text(INVENTED, encoding="utf-8")
    run = run_kg("build", "gazette.txt", "--output", "out.ttl", cwd=root)
    assert run.returncode == 0, run.stderr
    return root / "out.ttl"


def test_cli_query_unknown_name_exits_2_with_one_line(invented_turtle):
    run = run_kg("query", str(invented_turtle), "no_such_query", cwd=invented_turtle.parent)
    assert (run.returncode, len(run.stderr_lines)) == (2, 1), run.stderr


def test_cli_query_syntax_error_exits_2_with_one_line(invented_turtle):
    run = run_kg("query", str(invented_turtle), "SELECT ?x WHERE {", cwd=invented_turtle.parent)
    assert (run.returncode, len(run.stderr_lines)) == (2, 1), run.stderr


def test_cli_validate_unparsable_graph_exits_2_with_one_line(tmp_path):
    (tmp_path / "graph.ttl").write_bytes(b"@prefix broken <<")
    run = run_kg("validate", "graph.ttl", cwd=tmp_path)
    assert (run.returncode, len(run.stderr_lines), "Traceback" in run.stderr) == (2, 1, False), run.stderr


def test_cli_validate_empty_graph_file_exits_2(tmp_path):
    (tmp_path / "graph.ttl").write_bytes(b"")
    run = run_kg("validate", "graph.ttl", cwd=tmp_path)
    assert (run.returncode, len(run.stderr_lines)) == (2, 1), run.stderr


def test_cli_validate_missing_graph_exits_2(tmp_path):
    run = run_kg("validate", "missing.ttl", cwd=tmp_path)
    assert (run.returncode, len(run.stderr_lines)) == (2, 1), run.stderr


# ---------------------------------------------------------------- other encodings

ENCODED = {
    "utf-8": lambda t: t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
}


@pytest.fixture(scope="module")
def encoded_builds(tmp_path_factory):
    """The invented gazette in several encodings, same file name, built in parallel."""
    jobs, outs = [], []
    for name, encode in ENCODED.items():
        folder = tmp_path_factory.mktemp(name)
        (folder / "yuchuan-2021-03.txt").write_bytes(encode(INVENTED))
        jobs.append((["build", "yuchuan-2021-03.txt", "--output", "out.ttl"], folder, None))
        outs.append(folder / "out.ttl")
    return {name: (run, out) for name, run, out in zip(ENCODED, run_many(jobs), outs)}


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_cli_build_decodes_encoding(encoded_builds, encoding):
    run, out = encoded_builds[encoding]
    assert run.returncode == 0 and out.is_file(), run.stderr


@pytest.mark.parametrize("encoding", sorted(set(ENCODED) - {"utf-8"}))
def test_cli_build_graph_does_not_depend_on_encoding(encoded_builds, encoding):
    assert encoded_builds[encoding][1].read_bytes() == encoded_builds["utf-8"][1].read_bytes()


def test_cli_evaluate_prints_scores(repo_root, tmp_path):
    run = run_kg("evaluate", "--gold", str(repo_root / "tests" / "gold"), cwd=tmp_path)
    assert run.returncode == 0 and "F1" in run.stdout, run.stderr


def test_cli_build_jsonld_is_byte_identical_across_hash_seeds(tmp_path):
    (tmp_path / "gazette.txt").write_text(INVENTED, encoding="utf-8")
    runs = run_many([(["build", "gazette.txt", "--output", f"seed{s}.jsonld"], tmp_path, s) for s in ("0", "12345")])
    assert [r.returncode for r in runs] == [0, 0]
    assert (tmp_path / "seed0.jsonld").read_bytes() == (tmp_path / "seed12345.jsonld").read_bytes()
