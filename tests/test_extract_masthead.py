"""The masthead: the issue's place, and chronicle years that follow from it."""

import pytest

from kg.extract.masthead import _place_of


@pytest.mark.parametrize(
    ("title", "city", "province"),
    [
        ("信阳市人民政府公报", "信阳市", "河南省"),
        ("中山区人民政府公报", "中山区", None),
        ("朝阳区人民政府公报", "朝阳区", None),
        ("榆林河市人民政府公报", "榆林河市", None),
        ("河南省人民政府公报", None, "河南省"),
    ],
    ids=["prefecture", "district-not-guessed", "district-2", "unknown-city", "province"],
)
def test_masthead_place_is_not_guessed_from_a_short_form(lexicon, title, city, province):
    assert _place_of(title, lexicon) == (city, province)


BIMONTHLY = """榆林河市人民政府公报

2021年第2期

大事记

3月份

5日，副市长欧阳明远主持召开会议。
"""

JANUARY = """榆林河市人民政府公报

2022年第1期

大事记

12月份

30日，副市长欧阳明远主持召开会议。
"""


@pytest.mark.parametrize(("text", "date"), [(BIMONTHLY, "2021-03-05"), (JANUARY, "2021-12-30")],
                         ids=["bimonthly-same-year", "december-in-january-issue"])
def test_masthead_chronicle_year_follows_the_issue(tmp_path, lexicon, text, date):
    from kg.pipeline import extract_paths

    path = tmp_path / "issue.txt"
    path.write_text(text, encoding="utf-8")
    (x,), _ = extract_paths([path], lexicon)
    assert [e.start.isoformat() for e in x.events] == [date]


def test_masthead_document_dated_in_chinese_numerals(tmp_path, lexicon):
    from kg.pipeline import extract_paths

    text = """榆林河市人民政府公报

2021年第2期

榆林河市人民政府关于做好春耕工作的通知

榆政发〔2021〕9号

各县（市、区）人民政府：

现将有关事项通知如下。

榆林河市人民政府

二〇二一年三月二日
"""
    path = tmp_path / "issue.txt"
    path.write_text(text, encoding="utf-8")
    (x,), _ = extract_paths([path], lexicon)
    (doc,) = x.documents
    assert doc.issued.isoformat() == "2021-03-02" and [m.text for m in doc.issuers] == ["榆林河市人民政府"]
