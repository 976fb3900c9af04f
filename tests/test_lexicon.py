"""The vocabularies: every file in data/lexicon is read, and read well."""

from dataclasses import fields

from kg.lexicon import Lexicon, load_lexicon
from kg.resources import resource_dir

LEXICON = resource_dir("data") / "lexicon"


def test_lexicon_every_data_file_is_read_by_a_field():
    used = {f.metadata["file"] for f in fields(Lexicon)}
    on_disk = {p.name for p in LEXICON.iterdir() if p.suffix in (".txt", ".tsv")}
    assert on_disk == used


def test_lexicon_no_field_is_empty(lexicon):
    assert [f.name for f in fields(Lexicon) if not getattr(lexicon, f.name)] == []


def test_lexicon_tables_read_as_maps_have_no_duplicate_keys():
    """A repeated key in a table read as a map would silently drop a row."""
    maps = {f.metadata["file"] for f in fields(Lexicon) if f.metadata["kind"] in ("map", "aliases", "role_words", "header_map")}
    dupes = {}
    for name in sorted(maps):
        lines = (LEXICON / name).read_text(encoding="utf-8").splitlines()
        keys = [line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#")]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            dupes[name] = repeated
    assert dupes == {}


def test_lexicon_loads_from_another_folder(tmp_path):
    import shutil

    shutil.copytree(LEXICON, tmp_path / "lex")
    (tmp_path / "lex" / "follow_words.txt").write_text("# only one\n到\n", encoding="utf-8")
    assert load_lexicon(tmp_path / "lex").follow_words == ("到",)
