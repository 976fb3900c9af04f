"""Shared fixtures: the expensive objects are built once per session.

* ``lexicon`` — ``kg.lexicon.load_lexicon()``
* ``nlp`` — the spaCy pipeline ``kg.extract.make_nlp(lexicon)``
* ``sample_path`` — the shipped sample issue in ``data/corpus``
* ``sample_build`` / ``sample_graph`` — ``kg.pipeline.build([sample])``, once
* ``sample_store`` — the sample graph loaded into Oxigraph from its Turtle
* ``shared_contract`` — ``../shared/contract/queries`` (skipped when absent)
* ``write_gazette`` — writes an invented gazette text to a file under ``tmp_path``
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
CORPUS_DIR = Path(__file__).parent.parent / "data" / "corpus"
SAMPLE_NAME = "qujing-gazette-2019-12.txt"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than a minute (deselect with -m 'not slow')")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def sample_path() -> Path:
    path = CORPUS_DIR / SAMPLE_NAME
    assert path.is_file(), f"the sample issue is missing: {path}"
    return path


@pytest.fixture(scope="session")
def lexicon():
    from kg.lexicon import load_lexicon

    return load_lexicon()


@pytest.fixture(scope="session")
def nlp(lexicon):
    from kg.extract import make_nlp

    return make_nlp(lexicon)


@pytest.fixture(scope="session")
def name_grammar(lexicon):
    from kg.extract.names import NameGrammar

    return NameGrammar(lexicon)


@pytest.fixture(scope="session")
def sample_build(sample_path):
    from kg.pipeline import build

    return build([sample_path])


@pytest.fixture(scope="session")
def sample_graph(sample_build):
    return sample_build.graph


@pytest.fixture(scope="session")
def sample_turtle(sample_graph) -> bytes:
    from kg.export import serialize

    return serialize(sample_graph, "turtle")


@pytest.fixture(scope="session")
def sample_store(sample_turtle):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(sample_turtle, format=pyoxigraph.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="session")
def sample_layout(sample_path, lexicon):
    from kg.read import read_source
    from kg.segment import segment_issue

    return segment_issue(read_source(sample_path), lexicon)


@pytest.fixture(scope="session")
def ontology_graph():
    from kg.graph import load_ontology
    from kg.resources import resource_dir

    return load_ontology(resource_dir("ontology"))


@pytest.fixture(scope="session")
def shared_contract() -> Path:
    folder = Path(__file__).resolve().parents[2] / "shared" / "contract" / "queries"
    if not folder.is_dir():
        pytest.skip("../shared/contract is absent")
    return folder


@pytest.fixture
def write_gazette(tmp_path):
    """Write ``text`` as a gazette file (UTF-8 unless ``encoding`` says otherwise)."""

    def write(text: str, name: str = "invented-gazette.txt", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write
