"""Chronicle (大事记) entries → events: dates, participants with roles, places, bodies.

Runs ``kg.pipeline.extract_paths`` on an invented issue of another city (榆川市) with
unseen names, once per module.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kg.pipeline import extract_paths

INVENTED = """榆川市人民政府公报

2021年第3期

大事记

2月份

1日，市长司马青云主持召开市政府常务会议，副市长欧阳春晓、上官明月出席会议。

3日—5日，副市长欧阳春晓到柳河县、桃源县调研春耕生产工作。

8日，市委书记诸葛长风到柳河县石门乡调研，副市长慕容秋实陪同调研。

10日，全市春季植树动员会召开。市委书记诸葛长风出席会议并讲话，市长司马青云主持会议。

12日，副市长上官明月参加全省农业工作视频会议。

同日，副市长欧阳春晓到桃源县调研。

15日，市发展改革委与桃源县人民政府召开项目推进会。副市长欧阳春晓参加会议。

是月，副市长慕容秋实率队到桃源县检查春耕备耕工作。

3月份

1日，副省长邝海生到柳河县调研，市长司马青云陪同。

2日，市长司马青云出席全市教育大会并作工作报告。

4日，副市长上官明月讲授专题党课。

2月27日至3月2日，市长司马青云率队到浙江省杭州市考察。
"""


@pytest.fixture(scope="module")
def extraction(tmp_path_factory, lexicon):
    path = tmp_path_factory.mktemp("chronicle") / "yuchuan-2021-03.txt"
    path.write_text(INVENTED, encoding="utf-8")
    extractions, warnings = extract_paths([path], lexicon)
    assert warnings == []
    return extractions[0]


@pytest.fixture(scope="module")
def events(extraction):
    return extraction.events


def roles_of(event) -> dict[str, tuple[str, ...]]:
    return {p.name.text: p.roles for p in event.participants}


def test_chronicle_one_event_per_entry(events):
    assert len(events) == 12


def test_chronicle_single_day_date_from_month_heading(events):
    assert (events[0].start, events[0].end) == (dt.date(2021, 2, 1), dt.date(2021, 2, 1))


def test_chronicle_day_range(events):
    assert (events[1].start, events[1].end) == (dt.date(2021, 2, 3), dt.date(2021, 2, 5))


def test_chronicle_same_day_word_repeats_previous_date(events):
    assert (events[5].start, events[5].end) == (dt.date(2021, 2, 12), dt.date(2021, 2, 12))


def test_chronicle_whole_month_word(events):
    assert (events[7].start, events[7].end) == (dt.date(2021, 2, 1), dt.date(2021, 2, 28))


def test_chronicle_new_month_heading_applies(events):
    assert events[8].start == dt.date(2021, 3, 1)


def test_chronicle_range_across_months(events):
    assert (events[11].start, events[11].end) == (dt.date(2021, 2, 27), dt.date(2021, 3, 2))


def test_chronicle_chair_and_attendees(events):
    assert roles_of(events[0]) == {"司马青云": ("Chair",), "欧阳春晓": ("Attendee",), "上官明月": ("Attendee",)}


def test_chronicle_title_shared_by_list_in_event(events):
    titles = {p.name.text: [t.text for t in p.titles] for p in events[0].participants}
    assert titles == {"司马青云": ["市长"], "欧阳春晓": ["副市长"], "上官明月": ["副市长"]}


def test_chronicle_visitor_is_lead(events):
    assert roles_of(events[1]) == {"欧阳春晓": ("Lead",)}


def test_chronicle_accompanying(events):
    assert roles_of(events[2]) == {"诸葛长风": ("Lead",), "慕容秋实": ("Accompanying",)}


def test_chronicle_attends_and_speaks(events):
    assert roles_of(events[3]) == {"诸葛长风": ("Attendee", "Speaker"), "司马青云": ("Chair",)}


def test_chronicle_participates_is_attendee(events):
    assert roles_of(events[4]) == {"上官明月": ("Attendee",)}


def test_chronicle_leading_a_team_is_lead(events):
    assert roles_of(events[7]) == {"慕容秋实": ("Lead",)}


def test_chronicle_accompanying_a_later_visitor(events):
    assert roles_of(events[8]) == {"邝海生": ("Lead",), "司马青云": ("Accompanying",)}


def test_chronicle_work_report_is_speaker(events):
    assert roles_of(events[9]) == {"司马青云": ("Attendee", "Speaker")}


def test_chronicle_party_lecture_is_speaker(events):
    assert roles_of(events[10]) == {"上官明月": ("Speaker",)}


def test_chronicle_places_after_locative_list(events):
    assert [p.written.text for p in events[1].places] == ["柳河县", "桃源县"]


def test_chronicle_county_and_township_chain(events):
    (place,) = events[2].places
    assert (place.written.text, [c.text for c in place.chain]) == ("柳河县石门乡", ["柳河县", "石门乡"])


def test_chronicle_province_and_city_chain(events):
    (place,) = events[11].places
    assert [c.text for c in place.chain] == ["浙江省", "杭州市"]


def test_chronicle_subject_bodies_attend(events):
    assert [(b.body.text, b.roles) for b in events[6].bodies] == [
        ("市发展改革委", ("Attendee",)),
        ("桃源县人民政府", ("Attendee",)),
    ]


@pytest.mark.parametrize(
    ("index", "event_type"),
    [(0, "Meeting"), (1, "Inspection"), (3, "Meeting"), (10, "Lecture"), (11, "Inspection")],
)
def test_chronicle_event_type(events, index, event_type):
    assert events[index].event_type == event_type


def test_chronicle_event_span_quotes_the_entry(extraction, events):
    text = extraction.issue.source.text
    span = events[2].span
    assert text[span.start : span.end] == span.exact and span.exact.startswith("8日，市委书记诸葛长风")


def test_chronicle_event_span_line_is_one_based(events):
    assert events[0].span.line == 9


def test_chronicle_participant_span_quotes_the_name(extraction, events):
    text = extraction.issue.source.text
    names = [p.name for e in events for p in e.participants]
    assert all(text[m.span.start : m.span.end] == m.text for m in names)


def test_chronicle_description_is_the_cleaned_entry(events):
    assert events[4].description == "12日，副市长上官明月参加全省农业工作视频会议。"


def test_chronicle_name_split_by_page_break_is_joined(tmp_path, lexicon):
    text = "榆川市人民政府公报\n\n2021年第3期\n\n大事记\n\n2月份\n\n8日，市委书记诸葛长风到柳河县调研，副市长慕容秋\n\n实陪同调研。\n"
    path = tmp_path / "split.txt"
    path.write_text(text, encoding="utf-8")
    (x,), _ = extract_paths([path], lexicon)
    assert roles_of(x.events[0]) == {"诸葛长风": ("Lead",), "慕容秋实": ("Accompanying",)}


def test_chronicle_december_entry_in_january_issue_is_previous_year(tmp_path, lexicon):
    text = "榆川市人民政府公报\n\n2022年第1期\n\n大事记\n\n12月份\n\n28日，副市长欧阳春晓到柳河县调研。\n"
    path = tmp_path / "january.txt"
    path.write_text(text, encoding="utf-8")
    (x,), _ = extract_paths([path], lexicon)
    assert x.events[0].start == dt.date(2021, 12, 28)


def test_chronicle_impossible_date_is_skipped_with_a_warning(tmp_path, lexicon):
    text = "榆川市人民政府公报\n\n2021年第3期\n\n大事记\n\n2月份\n\n1日，副市长欧阳春晓到柳河县调研。\n\n30日，副市长欧阳春晓到桃源县调研。\n"
    path = tmp_path / "february.txt"
    path.write_text(text, encoding="utf-8")
    (x,), warnings = extract_paths([path], lexicon)
    assert (len(x.events), len(warnings)) == (1, 1)


def test_chronicle_place_name_starting_like_a_role_word_is_not_a_role(tmp_path, lexicon):
    """到会泽县检查 is a visit to 会泽县 (Lead), not 到会 (attending)."""
    from kg.pipeline import extract_paths

    text = "榆溪市人民政府公报\n\n2021年第4期\n\n大事记\n\n3月份\n\n2日，副市长钱多多到会宁县检查春耕工作。\n"
    path = tmp_path / "g.txt"
    path.write_text(text, encoding="utf-8")
    (x,), _ = extract_paths([path], lexicon)
    (event,) = x.events
    assert [(p.name.text, p.roles) for p in event.participants] == [("钱多多", ("Lead",))]


ACCOMPANIED = """榆溪县人民政府公报

2004年第5期

大事记

4月份

6日，副省长宇文浩在榆溪市委副书记钱立平陪同下，到我县青石镇柳溪村、石门乡视察春耕生产。县长韦国华陪同视察。

8日，县委书记韩明远率县党政考察团赴湖南省长沙市考察。县委常委、县委办主任邹立等随团考察。

9日，县政府在县城人民广场隆重举行植树节活动启动仪式。县财政局、县林业局主要负责人参加。

10日，副县长宋文率队到县人民医院和县中医院检查防疫工作。
"""


@pytest.fixture(scope="module")
def accompanied(tmp_path_factory, lexicon):
    from kg.pipeline import extract_paths

    path = tmp_path_factory.mktemp("acc") / "g.txt"
    path.write_text(ACCOMPANIED, encoding="utf-8")
    (x,), _ = extract_paths([path], lexicon)
    return x.events


def test_chronicle_accompanied_frame_gives_lead_and_accompanying(accompanied):
    roles = {p.name.text: p.roles for p in accompanied[0].participants}
    assert roles == {"宇文浩": ("Lead",), "钱立平": ("Accompanying",), "韦国华": ("Accompanying",)}


def test_chronicle_self_reference_is_not_a_place_and_villages_are(accompanied):
    assert [p.written.text for p in accompanied[0].places] == ["青石镇柳溪村", "石门乡"]


def test_chronicle_joining_a_delegation_is_attending(accompanied):
    roles = {p.name.text: p.roles for p in accompanied[1].participants}
    assert roles == {"韩明远": ("Lead",), "邹立": ("Attendee",)}


def test_chronicle_venue_is_a_place_and_bodies_in_a_later_sentence_take_part(accompanied):
    event = accompanied[2]
    assert [p.written.text for p in event.places] == ["县城人民广场"]
    assert [(b.body.text, b.roles) for b in event.bodies] == [
        ("县政府", ("Attendee",)), ("县财政局", ("Attendee",)), ("县林业局", ("Attendee",))]


def test_chronicle_two_units_joined_by_he_are_two_bodies(accompanied):
    assert [b.body.text for b in accompanied[3].bodies] == ["县人民医院", "县中医院"]
