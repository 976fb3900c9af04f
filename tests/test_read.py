"""Stage 1, read: bytes → text, exactly as decoded, or an InputError."""

from __future__ import annotations

import codecs

import pytest

from kg.errors import InputError
from kg.read import decode_bytes, find_sources, read_source

# An invented gazette fragment (no name, number or date from the sample).
INVENTED = (
    "松川市人民政府公报\n"
    "2022年第5期\n"
    "\n"
    "5月份\n"
    "\n"
    "6日，市长欧阳望舒到青石县白沙乡调研春茶生产。\n"
    "7日—9日，副市长司马长庚率队到江城区考察。\n"
)

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "gb18030": lambda t: t.encode("gb18030"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_read_decodes_text_exactly(encoding):
    source = decode_bytes(ENCODINGS[encoding](INVENTED), "invented.txt")
    assert source.text == INVENTED


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_read_offsets_hold_after_decoding(encoding):
    source = decode_bytes(ENCODINGS[encoding](INVENTED), "invented.txt")
    start = INVENTED.index("司马长庚")
    span = source.span(start, start + 4)
    assert (span.exact, span.line) == ("司马长庚", 7)


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_read_source_decodes_a_file(tmp_path, encoding):
    path = tmp_path / "invented.txt"
    path.write_bytes(ENCODINGS[encoding](INVENTED))
    source = read_source(path)
    assert (source.name, source.text) == ("invented.txt", INVENTED)


BAD_BYTES = {
    "empty": b"",
    "spaces-and-newlines": b"  \r\n\t \n\n",
    "ideographic-space": "\u3000\u3000\n".encode("utf-8"),
    "utf-16-bom-whitespace": codecs.BOM_UTF16_LE + " \n ".encode("utf-16-le"),
    "all-bytes": bytes(range(256)),
    "png-header": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00",
    "control-bytes": b"\x01\x02\x03\x04\x05\x06\x07\x08" * 16,
    "undecodable-high-bytes": bytes((i * 37 + 11) % 255 + 1 for i in range(4096)),
}


@pytest.mark.parametrize("name", sorted(BAD_BYTES))
def test_read_refuses_unusable_bytes(name):
    with pytest.raises(InputError):
        decode_bytes(BAD_BYTES[name], name)


@pytest.mark.parametrize("name", sorted(BAD_BYTES))
def test_read_source_refuses_unusable_file(tmp_path, name):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(BAD_BYTES[name])
    with pytest.raises(InputError):
        read_source(path)


def test_read_missing_path_raises_input_error(tmp_path):
    with pytest.raises(InputError):
        read_source(tmp_path / "no-such-gazette.txt")


def test_read_folder_path_raises_input_error(tmp_path):
    with pytest.raises(InputError):
        read_source(tmp_path)


def test_read_keeps_crlf_unchanged(tmp_path):
    text = INVENTED.replace("\n", "\r\n")
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    assert read_source(path).text == text


def test_read_crlf_lines_count_from_one(tmp_path):
    text = INVENTED.replace("\n", "\r\n")
    source = decode_bytes(text.encode("utf-8"))
    start = text.index("司马长庚")
    assert source.line_of(start) == 7


def test_read_find_sources_lists_txt_files_sorted(tmp_path):
    (tmp_path / "b.txt").write_text(INVENTED, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(INVENTED, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a gazette", encoding="utf-8")
    assert [p.name for p in find_sources([tmp_path])] == ["a.txt", "b.txt"]


def test_read_find_sources_folder_without_txt_raises_input_error(tmp_path):
    (tmp_path / "notes.md").write_text("not a gazette", encoding="utf-8")
    with pytest.raises(InputError):
        find_sources([tmp_path])


def test_read_find_sources_missing_path_raises_input_error(tmp_path):
    with pytest.raises(InputError):
        find_sources([tmp_path / "missing"])
