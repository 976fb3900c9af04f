"""Dates as gazettes write them."""

import datetime as dt

import pytest

from kg.dates import ChronicleDates, arabic_dates, is_date_line, parse_full_date, resolve_prefix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年3月2日", dt.date(2021, 3, 2)),
        ("二〇二一年三月二日", dt.date(2021, 3, 2)),
        ("一九八七年十二月三十一日", dt.date(1987, 12, 31)),
        ("二〇〇八年十月十日", dt.date(2008, 10, 10)),
        ("2021年2月30日", None),
        ("无日期", None),
    ],
    ids=["arabic", "chinese", "chinese-31", "chinese-ten", "impossible", "absent"],
)
def test_dates_parse_full_date(text, expected):
    assert parse_full_date(text) == expected


def test_dates_arabic_dates_leaves_other_text_alone():
    assert arabic_dates("于二〇二一年三月二日印发，共三页") == "于2021年3月2日印发，共三页"


@pytest.mark.parametrize(("line", "expected"), [("2021年3月2日", True), ("二〇二一年三月二日", True), ("2021年3月2日前完成", False)])
def test_dates_is_date_line(line, expected):
    assert is_date_line(line) is expected


@pytest.mark.parametrize(
    ("prefix", "year", "month", "expected"),
    [
        ("5日", 1987, 4, (dt.date(1987, 4, 5), dt.date(1987, 4, 5))),
        ("5日—8日", 1987, 4, (dt.date(1987, 4, 5), dt.date(1987, 4, 8))),
        ("10月27～29日", 1987, None, (dt.date(1987, 10, 27), dt.date(1987, 10, 29))),
        ("3月31日至4月8日", 1987, None, (dt.date(1987, 3, 31), dt.date(1987, 4, 8))),
        ("12月30日至1月2日", 1987, None, (dt.date(1987, 12, 30), dt.date(1988, 1, 2))),
        ("是月", 1987, 2, (dt.date(1987, 2, 1), dt.date(1987, 2, 28))),
        ("是年", 1987, None, (dt.date(1987, 1, 1), dt.date(1987, 12, 31))),
    ],
    ids=["day", "day-range", "month-day-range", "across-months", "across-years", "whole-month", "whole-year"],
)
def test_dates_resolve_prefix(lexicon, prefix, year, month, expected):
    d = ChronicleDates(lexicon)
    assert resolve_prefix(d.parse(prefix), year, month, None) == expected


@pytest.mark.parametrize("prefix", ["同日", "当日", "▲"])
def test_dates_same_day_takes_the_previous_entry(lexicon, prefix):
    d = ChronicleDates(lexicon)
    previous = (dt.date(1987, 4, 5), dt.date(1987, 4, 6))
    assert resolve_prefix(d.parse(prefix), 1987, 4, previous) == previous
