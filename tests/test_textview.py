"""Cleaned views of the source text, and how they map back to source offsets."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.textview import clean, make_view


def fold(ch: str) -> str:
    """Full-width digits and Latin letters as ASCII (the only folding a view does)."""
    if "\uff10" <= ch <= "\uff19" or "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a":
        return chr(ord(ch) - 0xFEE0)
    return ch


def is_blank(ch: str) -> bool:
    return ch.isspace() or ch == "\ufeff"


def same_char(view_ch: str, source_ch: str) -> bool:
    """A view character stands for ``source_ch``: folded, or a kept space for whitespace."""
    return view_ch == fold(source_ch) or (view_ch == " " and is_blank(source_ch))


def maps_in_order(view_text: str, source_text: str) -> bool:
    """``view_text`` is a subsequence of ``source_text`` (up to :func:`same_char`)."""
    it = iter(source_text)
    return all(any(same_char(ch, c) for c in it) for ch in view_text)


@pytest.mark.parametrize(
    ("raw", "view"),
    [
        ("松川市 人民政府", "松川市人民政府"),
        ("关于加强春季\n森林防火工作", "关于加强春季森林防火工作"),
        ("关于加强春季\r\n\r\n森林防火工作", "关于加强春季森林防火工作"),
        ("欧阳\u3000望舒", "欧阳望舒"),
        ("司 马 长 庚", "司马长庚"),
        ("\ufeff松川市", "松川市"),
    ],
)
def test_textview_drops_whitespace_between_cjk(raw, view):
    assert make_view(raw).text == view


@pytest.mark.parametrize(
    ("raw", "view"),
    [
        ("榆政发〔２０２１〕７号", "榆政发〔2021〕7号"),
        ("ＧＤＰ增长", "GDP增长"),
        ("ａｂｃ", "abc"),
        ("２０２２年５月６日", "2022年5月6日"),
    ],
)
def test_textview_folds_full_width_digits_and_letters(raw, view):
    assert make_view(raw).text == view


@pytest.mark.parametrize(
    ("raw", "view"),
    [
        ("IPv6 访问", "IPv6访问"),
        ("and  the", "and the"),
        ("and\nthe", "and the"),
        ("2021 年", "2021年"),
    ],
)
def test_textview_keeps_one_space_only_between_ascii_words(raw, view):
    assert make_view(raw).text == view


def test_textview_keep_preserves_table_tabs():
    assert make_view("欧阳望舒\t青石县农业局", keep="\t").text == "欧阳望舒\t青石县农业局"


def test_textview_view_of_a_slice_uses_source_offsets():
    text = "前言\n松川市 人民政府\n后记"
    view = make_view(text, 3, 11)
    assert (view.text, view.offsets[0], view.end_offset) == ("松川市人民政府", 3, 11)


def test_textview_source_range_spans_dropped_whitespace():
    text = "欧阳\n\n望舒到青石县"
    view = make_view(text)
    a, b = view.source_range(0, 4)
    assert text[a:b] == "欧阳\n\n望舒"


def test_textview_source_range_of_empty_range_is_empty():
    view = make_view("松川 市")
    a, b = view.source_range(1, 1)
    assert a == b


def test_textview_clean_of_a_spaced_name():
    assert clean("司 马\n长庚") == "司马长庚"


# ---------------------------------------------------------------- properties

ALPHABET = st.sampled_from(
    list("松川市欧阳望舒到青石县调研。，、：“”《》〔〕（）")
    + list("abcXYZ0123456789%.+-")
    + list("０１２９ＡＺａｚ")
    + [" ", "\t", "\r", "\n", "\u3000", "\u00a0", "\u2002", "\u2009", "\ufeff"]
)
TEXTS = st.lists(ALPHABET, max_size=80).map("".join) | st.text(max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_textview_one_offset_per_view_character(text):
    view = make_view(text)
    assert len(view.offsets) == len(view.text) == len(view)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_textview_offsets_strictly_increase(text):
    offsets = make_view(text).offsets
    assert all(a < b for a, b in zip(offsets, offsets[1:]))
    assert all(0 <= o < len(text) for o in offsets)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_textview_each_character_comes_from_its_offset(text):
    """Each view character is its source character, folded; a kept space stands for
    whitespace in the source (``and\\nthe`` → ``and the``)."""
    view = make_view(text)
    for ch, offset in zip(view.text, view.offsets):
        source_ch = text[offset]
        assert same_char(ch, source_ch), (ch, source_ch)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_textview_has_no_line_breaks_or_double_spaces(text):
    cleaned = make_view(text).text
    assert "\n" not in cleaned and "\r" not in cleaned and "  " not in cleaned


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(0, 200), st.integers(0, 200))
def test_textview_source_range_maps_back(text, i, j):
    view = make_view(text)
    n = len(view.text)
    start, end = sorted((min(i, n), min(j, n)))
    a, b = view.source_range(start, end)
    assert 0 <= a <= b <= len(text)
    assert maps_in_order(view.text[start:end], text[a:b])


def test_textview_random_slices_of_a_gazette_map_back(sample_path):
    text = sample_path.read_text(encoding="utf-8")
    view = make_view(text)
    rng = random.Random(20220506)
    for _ in range(300):
        start = rng.randrange(0, len(view.text) - 1)
        end = rng.randrange(start + 1, min(len(view.text), start + 400) + 1)
        a, b = view.source_range(start, end)
        assert maps_in_order(view.text[start:end], text[a:b]), (start, end)
