"""Persons and their titles as written, from invented sentences (kg.extract.names)."""

from __future__ import annotations

import pytest

from kg.extract.names import find_people, mask_quoted, split_outside


def people(grammar, sentence: str, known: frozenset[str] = frozenset()) -> list[tuple[str, list[str]]]:
    return [(p.name, [t.text for t in p.titles]) for p in find_people(grammar, sentence, 0, len(sentence), known)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("县委常委、副县长孔令辉参加会议", [("孔令辉", ["县委常委", "副县长"])]),
        ("省委副书记、副省长邝海生到柳河县调研", [("邝海生", ["省委副书记", "副省长"])]),
        (
            "市委常委、市委秘书长、市政府党组成员黎向东陪同",
            [("黎向东", ["市委常委", "市委秘书长", "市政府党组成员"])],
        ),
    ],
)
def test_names_titles_split_at_enumeration_comma(name_grammar, sentence, expected):
    assert people(name_grammar, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("副县长王甲乙、赵丙丁参加会议", [("王甲乙", ["副县长"]), ("赵丙丁", ["副县长"])]),
        ("副市长郝建业、柴立新、裴晓东出席会议", [("郝建业", ["副市长"]), ("柴立新", ["副市长"]), ("裴晓东", ["副市长"])]),
        ("副市长冯刚、谭明参加会议", [("冯刚", ["副市长"]), ("谭明", ["副市长"])]),
    ],
)
def test_names_title_shared_by_a_list(name_grammar, sentence, expected):
    assert people(name_grammar, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("副市长欧阳春晓主持召开会议", "欧阳春晓"),
        ("市长司马青云到柳河县调研", "司马青云"),
        ("县委书记诸葛长风陪同调研", "诸葛长风"),
        ("市人大常委会副主任东方明亮出席会议", "东方明亮"),
        ("市政协副主席上官飞燕参加会议", "上官飞燕"),
        ("副县长慕容秋实出席会议", "慕容秋实"),
    ],
)
def test_names_compound_surname(name_grammar, sentence, name):
    assert [n for n, _ in people(name_grammar, sentence)] == [name]


def test_names_quoted_words_stay_inside_one_title(name_grammar):
    sentence = "省委“勤廉、担当”主题教育第二指导组组长宋启航一行到柳河县调研"
    assert people(name_grammar, sentence) == [("宋启航", ["省委“勤廉、担当”主题教育第二指导组组长"])]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("副县长钱多多到柳河县调研", [("钱多多", ["副县长"])]),
        ("副县长钱多多率队到柳河县调研", [("钱多多", ["副县长"])]),
        ("副县长钱多多等参加会议", [("钱多多", ["副县长"])]),
        ("副市长冯刚主持召开会议", [("冯刚", ["副市长"])]),
        ("副县长钱多多强调", [("钱多多", ["副县长"])]),
        ("市政府秘书长孙大成陪同", [("孙大成", ["市政府秘书长"])]),
    ],
)
def test_names_name_directly_followed_by_a_verb(name_grammar, sentence, expected):
    assert people(name_grammar, sentence) == expected


def test_names_bare_name_list_gives_each_person(name_grammar):
    sentence = "张三丰、李四光、王五一等出席会议"
    assert people(name_grammar, sentence) == [("张三丰", []), ("李四光", []), ("王五一", [])]


def test_names_bare_name_list_with_compound_surnames(name_grammar):
    sentence = "上官飞燕、皇甫明月出席会议"
    assert people(name_grammar, sentence) == [("上官飞燕", []), ("皇甫明月", [])]


def test_names_bare_two_character_names_before_deng(name_grammar):
    sentence = "张三、李四、王五等出席会议"
    assert people(name_grammar, sentence) == [("张三", []), ("李四", []), ("王五", [])]


def test_names_titled_two_character_name_before_deng(name_grammar):
    assert people(name_grammar, "副市长冯刚等参加会议") == [("冯刚", ["副市长"])]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("副市长王建和参加会议", "王建和"),
        ("副县长李德和到柳河县调研", "李德和"),
        ("市长孙志同出席会议", "孙志同"),
    ],
    ids=["wang-jianhe", "li-dehe", "sun-zhitong"],
)
def test_names_three_character_name_ending_in_a_follow_word_character(name_grammar, sentence, name):
    assert [n for n, _ in people(name_grammar, sentence)] == [name]


def test_names_single_bare_name_needs_to_be_known(name_grammar):
    sentence = "诸葛长风出席会议"
    assert people(name_grammar, sentence) == []


def test_names_single_bare_name_found_when_known(name_grammar):
    sentence = "诸葛长风出席会议"
    assert [n for n, _ in people(name_grammar, sentence, frozenset({"诸葛长风"}))] == ["诸葛长风"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("冯刚市长主持会议", [("冯刚", ["市长"])]),
        ("司马青云县长主持会议", [("司马青云", ["县长"])]),
        ("欧阳春晓副市长出席会议并讲话", [("欧阳春晓", ["副市长"])]),
    ],
)
def test_names_title_written_after_the_name(name_grammar, sentence, expected):
    assert people(name_grammar, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("非党员副市长孔令辉列席会议", [("孔令辉", ["非党员副市长"])]),
        ("副市长候选人裴晓东列席会议", [("裴晓东", ["副市长候选人"])]),
    ],
)
def test_names_qualifiers_stay_in_the_title(name_grammar, sentence, expected):
    assert people(name_grammar, sentence) == expected


def test_names_clauses_separated_by_comma(name_grammar):
    sentence = "市委书记诸葛长风，市长慕容秋实，副市长冯刚、谭明出席会议"
    assert people(name_grammar, sentence) == [
        ("诸葛长风", ["市委书记"]),
        ("慕容秋实", ["市长"]),
        ("冯刚", ["副市长"]),
        ("谭明", ["副市长"]),
    ]


def test_names_spans_point_into_the_text(name_grammar):
    sentence = "前文。副县长王甲乙、赵丙丁参加会议"
    hits = find_people(name_grammar, sentence, 3, len(sentence))
    assert [sentence[h.name_start : h.name_end] for h in hits] == ["王甲乙", "赵丙丁"]


def test_names_nothing_in_a_sentence_without_people(name_grammar):
    assert people(name_grammar, "全市春季植树造林动员大会在北山召开") == []


def test_names_split_outside_ignores_separators_in_quotes():
    text = "省委“甲、乙”组长、《丙、丁》"
    assert [text[a:b] for a, b in split_outside(text, 0, len(text), "、")] == ["省委“甲、乙”组长", "《丙、丁》"]


def test_names_mask_quoted_keeps_length():
    text = "讲授《关于春耕的讲话》党课"
    masked = mask_quoted(text)
    assert len(masked) == len(text) and "讲话" not in masked


def test_names_spacy_pipeline_writes_person_and_title_spans(nlp):
    doc = nlp("1日，县委常委、副县长孔令辉，副县长王甲乙、赵丙丁参加会议。")
    got = ([s.text for s in doc.spans["person"]], [s.text for s in doc.spans["title"]])
    assert got == (["孔令辉", "王甲乙", "赵丙丁"], ["县委常委", "副县长", "副县长", "副县长"])


def test_names_spacy_pipeline_writes_place_spans(nlp):
    doc = nlp("3日，副县长钱多多到柳河县石门乡、桃源县调研。")
    assert [s.text for s in doc.spans["place"]] == ["柳河县石门乡", "桃源县"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("会议决定副市长司马光明为代理市长", [("司马光明", ["副市长", "代理市长"])]),
        ("选举上官清为榆溪市市长，选举钱多多为榆溪市副市长",
         [("上官清", ["榆溪市市长"]), ("钱多多", ["榆溪市副市长"])]),
        ("会议接受慕容青因工作调动辞去市长职务的请求", [("慕容青", [])]),
        ("会议听取和审议了代理市长欧阳一鸣所作的工作报告", [("欧阳一鸣", ["代理市长"])]),
    ],
    ids=["appointed-acting", "elected", "resignation-accepted", "title-after-verb"],
)
def test_names_elections_and_appointments(name_grammar, sentence, expected):
    assert people(name_grammar, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("县委副书记文明主持会议", [("文明", ["县委副书记"])]),
        ("副县长江海陪同考察", [("江海", ["副县长"])]),
        ("白云书记、上官明县长陪同调研", [("白云", ["书记"]), ("上官明", ["县长"])]),
        ("县委常委欧阳志远、文明、司马光出席会议", [("欧阳志远", ["县委常委"]), ("文明", ["县委常委"]), ("司马光", ["县委常委"])]),
    ],
    ids=["word-name-after-title", "longer-verb-decides", "titles-after-names-in-a-list", "word-name-in-shared-list"],
)
def test_names_words_that_are_names_and_titles_after_names(name_grammar, sentence, expected):
    assert people(name_grammar, sentence) == expected


def test_names_word_alone_is_not_a_name(name_grammar):
    assert people(name_grammar, "文明城市创建工作推进会召开") == []
