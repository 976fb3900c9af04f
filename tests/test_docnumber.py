"""Document numbers (文号): their one normal form, their parts, and number lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.docnumber import is_number_line, normalize_number, number_parts


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("榆政发〔2021〕7号", "榆政发〔2021〕7号"),
        ("榆政发〔2021〕7 号", "榆政发〔2021〕7号"),
        ("榆政发 〔 2021 〕 7 号", "榆政发〔2021〕7号"),
        ("榆政发〔2021〕\n7号", "榆政发〔2021〕7号"),
        ("榆政发〔２０２１〕７号", "榆政发〔2021〕7号"),
        ("松政发[2020]15号", "松政发〔2020〕15号"),
        ("松政发［2020］15号", "松政发〔2020〕15号"),
        ("松政办发（2020）15号", "松政办发〔2020〕15号"),
        ("松政办发(2020)15号", "松政办发〔2020〕15号"),
        ("松政发【2020】15号", "松政发〔2020〕15号"),
        ("国令第707号", "国令第707号"),
        ("国令第 707 号", "国令第707号"),
        ("省政府令第23号", "省政府令第23号"),
        ("（84）国函字183号", "（84）国函字183号"),
        ("(84)国函字183号", "（84）国函字183号"),
        ("( 91 )国函字 27 号", "（91）国函字27号"),
    ],
)
def test_docnumber_normalize_number(raw, normal):
    assert normalize_number(raw) == normal


@pytest.mark.parametrize(
    "raw", ["榆政发〔2021〕7 号", "榆政发[2021]7号", "榆政发（2021）7号", "国令第 707 号", "(84)国函字183号"]
)
def test_docnumber_normal_form_is_stable(raw):
    once = normalize_number(raw)
    assert normalize_number(once) == once


@pytest.mark.parametrize(
    ("number", "parts"),
    [
        ("榆政发〔2021〕7号", {"code": "榆政发", "year": "2021", "serial": "7"}),
        ("松政办发〔2020〕153号", {"code": "松政办发", "year": "2020", "serial": "153"}),
        ("松政发〔2020〕第15号", {"code": "松政发", "year": "2020", "serial": "15"}),
        ("国令第707号", {"code": "国令", "serial": "707"}),
        ("（84）国函字183号", {"code": "国函字", "year": "1984", "serial": "183"}),
        ("榆政发[2021]7号", {}),  # not in normal form
    ],
)
def test_docnumber_number_parts(number, parts):
    assert number_parts(number) == parts


@pytest.mark.parametrize(
    "line",
    [
        "榆政发〔2021〕7号",
        "榆政发〔2021〕7 号",
        "  松政办发〔2020〕153号  ",
        "松政发[2020]15号",
        "国令第707号",
        "（84）国函字183号",
        "榆政发〔２０２１〕７号",
    ],
)
def test_docnumber_is_number_line_accepts_a_whole_number(line):
    assert is_number_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "根据榆政发〔2021〕7号文件",
        "榆政发〔2021〕7号。",
        "2021年3月2日",
        "关于加强春季森林防火工作的通知",
        "榆政发〔21〕7号",
        "第7号",
        "榆政发〔2021〕7号、榆政发〔2021〕8号",
    ],
)
def test_docnumber_is_number_line_refuses_other_lines(line):
    assert not is_number_line(line)


# ---------------------------------------------------------------- property

CODES = st.text(alphabet="榆溪松川政办发函字委", min_size=2, max_size=6)
BRACKETS = st.sampled_from([("〔", "〕"), ("[", "]"), ("［", "］"), ("（", "）"), ("(", ")"), ("【", "】")])
SPACES = st.sampled_from(["", " ", "  ", "\u3000", "\n"])


@settings(max_examples=200, deadline=None)
@given(CODES, st.integers(1950, 2099), st.integers(1, 99999), BRACKETS, st.lists(SPACES, min_size=4, max_size=4))
def test_docnumber_any_written_form_normalizes_to_parts(code, year, serial, brackets, spaces):
    written = f"{code}{spaces[0]}{brackets[0]}{spaces[1]}{year}{brackets[1]}{spaces[2]}{serial}{spaces[3]}号"
    normal = normalize_number(written)
    assert normal == f"{code}〔{year}〕{serial}号"
    assert number_parts(normal) == {"code": code, "year": str(year), "serial": str(serial)}
    assert is_number_line(written)


def test_docnumber_serial_with_di_is_the_same_number():
    from kg.docnumber import normalize_number

    assert normalize_number("榆政发〔2021〕第7号") == normalize_number("榆政发〔2021〕7号") == "榆政发〔2021〕7号"
