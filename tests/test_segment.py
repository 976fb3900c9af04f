"""Stage 2, segment: an issue → masthead, documents and chronicle entries (regions)."""

from __future__ import annotations

import re

import pytest

from kg.model import SourceText
from kg.segment import segment_issue

# An invented issue: another city, unseen names and numbers.
INVENTED = """榆溪市人民政府公报

2021年第3期

(总第100期)

目 录

关于印发榆溪市春季森林防火工作方案的通知 2
关于印发榆溪市春耕生产实施方案的通知 6
大事记 9

榆溪市人民政府关于印发榆溪市春季森林防火工作方案的通知

榆政发〔2021〕7 号

各县（市、区）人民政府，市直各委、办、局：

现将《榆溪市春季森林防火工作方案》印发给你们，请认真贯彻执行。

榆溪市人民政府

2021年3月2日

榆溪市春季森林防火工作方案

一、总体要求

坚持预防为主，确保不发生重大森林火灾。

榆溪市人民政府办公室关于印发榆溪市
春耕生产实施方案的通知

榆政办发〔2021〕12号

各县（市、区）人民政府，市直有关单位：

《榆溪市春耕生产实施方案》已经市人民政府同意，现印发给你们，请认真组织实施。

榆溪市人民政府办公室

2021年3月5日

榆溪市春耕生产实施方案

一、工作目标

确保粮食播种面积稳定。

大事记

2月份

1日，市长司马青云主持召开市政府常务会议。

3日—5日，副市长欧阳春晓到柳河县调研春耕生产工作。

8日，市委书记诸葛长风到柳河县调研，副市长慕容秋

实陪同调研。
"""


def text_of(source: SourceText, region) -> str:
    return source.text[region.start : region.end]


@pytest.fixture(scope="module")
def invented(lexicon):
    source = SourceText.from_text("invented-yuxi.txt", INVENTED)
    return source, segment_issue(source, lexicon)


def test_segment_masthead_year_number_total(invented):
    _, layout = invented
    m = layout.masthead
    assert (m.year, m.number, m.total) == (2021, 3, 100)


def test_segment_masthead_title_is_first_line(invented):
    source, layout = invented
    assert text_of(source, layout.masthead.title) == "榆溪市人民政府公报"


def test_segment_contents_region_starts_at_contents_heading(invented):
    source, layout = invented
    assert text_of(source, layout.contents).startswith("目 录")


def test_segment_finds_each_document(invented):
    _, layout = invented
    assert len(layout.documents) == 2


def test_segment_document_number_text(invented):
    source, layout = invented
    assert [text_of(source, d.number) for d in layout.documents] == ["榆政发〔2021〕7 号", "榆政办发〔2021〕12号"]


def test_segment_document_title_lines(invented):
    source, layout = invented
    titles = [[text_of(source, r) for r in d.title] for d in layout.documents]
    assert titles == [
        ["榆溪市人民政府关于印发榆溪市春季森林防火工作方案的通知"],
        ["榆溪市人民政府办公室关于印发榆溪市", "春耕生产实施方案的通知"],
    ]


def test_segment_document_addressees_line(invented):
    source, layout = invented
    assert [text_of(source, d.addressees) for d in layout.documents] == [
        "各县（市、区）人民政府，市直各委、办、局：",
        "各县（市、区）人民政府，市直有关单位：",
    ]


def test_segment_document_body_paragraph(invented):
    source, layout = invented
    bodies = [text_of(source, d.body).strip() for d in layout.documents]
    assert bodies == [
        "现将《榆溪市春季森林防火工作方案》印发给你们，请认真贯彻执行。",
        "《榆溪市春耕生产实施方案》已经市人民政府同意，现印发给你们，请认真组织实施。",
    ]


def test_segment_document_signature(invented):
    source, layout = invented
    signatures = [[text_of(source, r) for r in d.signature] for d in layout.documents]
    assert signatures == [["榆溪市人民政府"], ["榆溪市人民政府办公室"]]


def test_segment_document_date_line(invented):
    source, layout = invented
    assert [text_of(source, d.date) for d in layout.documents] == ["2021年3月2日", "2021年3月5日"]


def test_segment_document_attached_plan(invented):
    source, layout = invented
    attachments = [[text_of(source, r) for r in d.attachments] for d in layout.documents]
    assert attachments == [
        ["榆溪市春季森林防火工作方案\n\n一、总体要求\n\n坚持预防为主，确保不发生重大森林火灾。"],
        ["榆溪市春耕生产实施方案\n\n一、工作目标\n\n确保粮食播种面积稳定。"],
    ]


def test_segment_documents_stop_before_chronicle(invented):
    source, layout = invented
    assert all("大事记" not in text_of(source, d.region) for d in layout.documents)


def test_segment_chronicle_entry_count(invented):
    _, layout = invented
    assert len(layout.chronicle) == 3


def test_segment_chronicle_date_prefixes(invented):
    source, layout = invented
    assert [text_of(source, e.date_region) for e in layout.chronicle] == ["1日", "3日—5日", "8日"]


def test_segment_chronicle_month_heading_applies(invented):
    _, layout = invented
    assert [e.month for e in layout.chronicle] == [2, 2, 2]


def test_segment_chronicle_entry_split_by_page_break_is_joined(invented):
    source, layout = invented
    last = text_of(source, layout.chronicle[-1].region)
    assert last.startswith("8日，") and "慕容秋" in last and last.endswith("实陪同调研。")


def test_segment_regions_are_the_same_with_crlf(lexicon, invented):
    source, layout = invented
    crlf = SourceText.from_text("crlf.txt", INVENTED.replace("\n", "\r\n"))
    crlf_layout = segment_issue(crlf, lexicon)
    lf = [text_of(source, d.number) for d in layout.documents] + [
        text_of(source, e.region).replace("\n", "") for e in layout.chronicle
    ]
    cr = [text_of(crlf, d.number) for d in crlf_layout.documents] + [
        text_of(crlf, e.region).replace("\r\n", "") for e in crlf_layout.chronicle
    ]
    assert cr == lf


def test_segment_chronicle_year_heading_sets_year(lexicon):
    text = "榆溪市人民政府公报\n\n2022年第1期\n\n大事记\n\n2021年\n\n12月份\n\n30日，副市长欧阳春晓到柳河县调研。\n"
    layout = segment_issue(SourceText.from_text("y.txt", text), lexicon)
    assert [(e.year, e.month) for e in layout.chronicle] == [(2021, 12)]


# ---------------------------------------------------------------- the sample


def test_segment_sample_has_ten_documents(sample_layout):
    assert len(sample_layout.documents) == 10


def test_segment_sample_chronicle_entries_start_with_a_digit(sample_layout):
    source = sample_layout.source
    starts = [text_of(source, e.region)[:1] for e in sample_layout.chronicle]
    assert starts and all(re.match(r"\d", s) for s in starts), starts


def test_segment_sample_document_numbers_are_number_lines(sample_layout):
    from kg.docnumber import is_number_line

    source = sample_layout.source
    assert all(is_number_line(text_of(source, d.number)) for d in sample_layout.documents)


def test_segment_sample_every_document_has_a_signature_and_date(sample_layout):
    assert all(d.signature and d.date for d in sample_layout.documents)
