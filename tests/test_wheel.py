"""The wheel ships the vocabularies, ontology, shapes and queries, and an installed
``kg`` builds and validates the sample from any folder, offline.

Takes about 30 s (wheel build, a venv, a build and a validation), so it is not marked slow.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    args = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(REPO_ROOT)]
    if importlib.util.find_spec("hatchling") is not None:
        args.insert(4, "--no-build-isolation")
    done = run(args, cwd=out)
    assert done.returncode == 0, done.stdout + done.stderr
    (path,) = out.glob("gazette_kg-*.whl")
    return path


@pytest.fixture(scope="module")
def wheel_names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh venv (seeing the system's dependencies) with only the wheel installed in it."""
    root = tmp_path_factory.mktemp("venv")
    made = run([sys.executable, "-m", "venv", "--system-site-packages", str(root / "venv")], cwd=root)
    assert made.returncode == 0, made.stderr
    bin_dir = root / "venv" / "bin"
    installed = run([str(bin_dir / "pip"), "install", "--no-deps", "--no-index", "--ignore-installed", str(wheel)], cwd=root)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return bin_dir


@pytest.fixture(scope="module")
def installed_build(tmp_path_factory, venv, sample_path):
    """``kg build`` and ``kg validate`` run by the installed wheel in an unrelated folder."""
    work = tmp_path_factory.mktemp("elsewhere")
    build = run([str(venv / "kg"), "build", str(sample_path), "--output", "out.ttl"], cwd=work)
    validate = run([str(venv / "kg"), "validate", "out.ttl"], cwd=work) if build.returncode == 0 else None
    return build, validate, work / "out.ttl"


@pytest.mark.parametrize(
    "name",
    [
        "kg/_resources/data/corpus/qujing-gazette-2019-12.txt",
        "kg/_resources/ontology/gkg.ttl",
        "kg/_resources/ontology/shapes.ttl",
        "kg/_resources/ontology/roles.ttl",
        "kg/_resources/ontology/genres.ttl",
        "kg/__init__.py",
        "kg/extract/__init__.py",
    ],
)
def test_wheel_contains(wheel_names, name):
    assert name in wheel_names


@pytest.mark.parametrize("query", sorted(p.name for p in (REPO_ROOT / "queries").glob("*.rq")))
def test_wheel_contains_query(wheel_names, query):
    assert f"kg/_resources/queries/{query}" in wheel_names


@pytest.mark.parametrize("table", sorted(p.name for p in (REPO_ROOT / "data" / "lexicon").iterdir()))
def test_wheel_contains_lexicon_table(wheel_names, table):
    assert f"kg/_resources/data/lexicon/{table}" in wheel_names


def test_wheel_installed_kg_comes_from_the_wheel(venv):
    done = run([str(venv / "python"), "-c", "import kg.resources as r; print(r.resource_dir('ontology'))"], cwd=venv)
    assert done.returncode == 0 and Path(done.stdout.strip()).is_relative_to(venv.parent), done.stdout + done.stderr


def test_wheel_installed_kg_builds_the_sample_elsewhere(installed_build):
    build, _, out = installed_build
    assert build.returncode == 0 and out.is_file(), build.stderr


def test_wheel_installed_kg_validates_its_build(installed_build):
    _, validate, _ = installed_build
    assert validate is not None and validate.returncode == 0, validate and (validate.stdout + validate.stderr)


def test_wheel_installed_build_equals_checkout_build(installed_build, sample_turtle):
    _, _, out = installed_build
    assert out.read_bytes() == sample_turtle
