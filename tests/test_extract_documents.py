"""Documents → number, title, date, issuers, addressees, citations, repeals, attached
plans and commendation lists, on an invented issue (another city, unseen numbers)."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.pipeline import extract_paths

INVENTED = """榆川市人民政府公报

2021年第3期

榆川市人民政府
关于加强春季森林防火
工作的通知

榆政发〔2021〕7 号

各县（市、区）人民政府，榆川经济技术开发区管委会，市直各委、办、局：

为贯彻落实《北江省人民政府关于印发〈北江省森林防火条例〉实施办法的通知》（北政发〔2017〕58号）和《云南省人民政府关于进一步加强森林防火工作的意见》（云政发〔2017〕58号）精神，根据榆政发〔2020〕9 号文件要求，现将有关事项通知如下。本通知自印发之日起施行，榆政发〔2021〕7号文件以本通知为准。《榆川市森林防火管理办法》（榆政发〔2015〕3号）同时废止。

榆川市人民政府

2021年3月2日

榆川市人民政府办公室关于印发榆川市春耕生产
实施方案的通知

榆政办发〔2021〕12号

各县（市、区）人民政府，市直有关单位：

《榆川市春耕生产实施方案》已经市人民政府同意，现印发给你们，请认真组织实施。

榆川市人民政府办公室

2021年3月5日

榆川市春耕生产实施方案

一、工作目标

确保粮食播种面积稳定。

榆川市人民政府办公室关于表彰2020年度农业工作先进集体和先进个人的通知

榆政办发〔2021〕15号

各县（市、区）人民政府，市直有关单位：

经研究，决定对柳河县农业农村局等2个集体和欧阳春晓等4名同志予以表彰。

附件：1．先进集体名单
2．先进个人名单

榆川市人民政府办公室

2021年3月9日

先进集体名单

柳河县农业农村局
桃源县石门乡人民政府

先进个人名单

欧阳春晓\t柳河县农业农村局\t司马青云\t桃源县林业和草原局
上官明月\t榆川市气象局\t诸葛长风\t柳河县石门乡人民政府

榆川市人民政府　　榆川军分区
关于做好2021年征兵工作的通知

榆政联发〔2021〕2号

各县（市、区）人民政府：

请认真做好征兵工作。

榆川市人民政府　　榆川军分区

2021年3月12日
"""


@pytest.fixture(scope="module")
def extraction(tmp_path_factory, lexicon):
    path = tmp_path_factory.mktemp("documents") / "yuchuan-2021-03.txt"
    path.write_text(INVENTED, encoding="utf-8")
    extractions, warnings = extract_paths([path], lexicon)
    assert warnings == []
    return extractions[0]


@pytest.fixture(scope="module")
def docs(extraction):
    return {d.key: d for d in extraction.documents}


@pytest.fixture(scope="module")
def fire(docs):
    return docs["榆政发〔2021〕7号"]


def test_documents_keys_in_order(extraction):
    assert [d.key for d in extraction.documents] == [
        "榆政发〔2021〕7号",
        "榆政办发〔2021〕12号",
        "榆政办发〔2021〕12号#榆川市春耕生产实施方案",
        "榆政办发〔2021〕15号",
        "榆政联发〔2021〕2号",
    ]


def test_documents_number_normalized_without_spaces(fire):
    assert fire.number == "榆政发〔2021〕7号"


def test_documents_number_span_quotes_the_raw_line(fire):
    assert fire.number_span.exact == "榆政发〔2021〕7 号"


def test_documents_title_lines_joined(fire):
    # the issuing body printed on its own line above the title belongs to the title
    assert fire.title == "榆川市人民政府关于加强春季森林防火工作的通知"


def test_documents_title_with_issuer_on_one_line(docs):
    assert docs["榆政办发〔2021〕12号"].title == "榆川市人民政府办公室关于印发榆川市春耕生产实施方案的通知"


def test_documents_issued_date(fire):
    assert fire.issued == dt.date(2021, 3, 2)


def test_documents_issuer_from_signature(fire):
    assert [m.text for m in fire.issuers] == ["榆川市人民政府"]


def test_documents_joint_issuers_split_at_wide_spaces(docs):
    assert [m.text for m in docs["榆政联发〔2021〕2号"].issuers] == ["榆川市人民政府", "榆川军分区"]


def test_documents_issuer_span_is_the_signature_line(fire):
    (issuer,) = fire.issuers
    assert (issuer.span.exact, issuer.span.rule) == ("榆川市人民政府", "signature")


def test_documents_addressees_split_at_comma_keeping_brackets(fire):
    assert [m.text for m in fire.addressees] == [
        "各县（市、区）人民政府",
        "榆川经济技术开发区管委会",
        "市直各委、办、局",
    ]


def test_documents_citation_with_title(fire):
    cited = {c.number: c.title for c in fire.citations}
    assert cited["云政发〔2017〕58号"] == "云南省人民政府关于进一步加强森林防火工作的意见"


def test_documents_citation_nested_title_marks_kept_as_written(fire):
    cited = {c.number: c.title for c in fire.citations}
    assert cited["北政发〔2017〕58号"] == "北江省人民政府关于印发〈北江省森林防火条例〉实施办法的通知"


def test_documents_citation_without_title(fire):
    cited = {c.number: c.title for c in fire.citations}
    assert cited["榆政发〔2020〕9号"] is None


def test_documents_citations_in_text_order(fire):
    assert [c.number for c in fire.citations] == [
        "北政发〔2017〕58号",
        "云政发〔2017〕58号",
        "榆政发〔2020〕9号",
        "榆政发〔2015〕3号",
    ]


def test_documents_own_number_is_not_a_citation(fire):
    assert "榆政发〔2021〕7号" not in {c.number for c in fire.citations}


def test_documents_citation_span_quotes_the_source(extraction, fire):
    text = extraction.issue.source.text
    assert all(text[c.span.start : c.span.end] == c.span.exact for c in fire.citations)


def test_documents_repeal_sentence(fire):
    assert [(c.number, c.title) for c in fire.repeals] == [("榆政发〔2015〕3号", "榆川市森林防火管理办法")]


def test_documents_no_repeal_without_repeal_words(docs):
    assert all(not d.repeals for key, d in docs.items() if key != "榆政发〔2021〕7号")


@pytest.mark.parametrize(
    ("key", "genre"),
    [
        ("榆政发〔2021〕7号", "notice"),
        ("榆政办发〔2021〕12号#榆川市春耕生产实施方案", "plan"),
        ("榆政办发〔2021〕15号", "notice"),
    ],
)
def test_documents_genre_from_title_ending(docs, key, genre):
    assert docs[key].genre == genre


def test_documents_attached_plan_is_part_of_its_notice(docs):
    plan = docs["榆政办发〔2021〕12号#榆川市春耕生产实施方案"]
    assert (plan.number, plan.title, plan.part_of) == (None, "榆川市春耕生产实施方案", "榆政办发〔2021〕12号")


def test_documents_attached_plan_inherits_date_and_issuer(docs):
    plan = docs["榆政办发〔2021〕12号#榆川市春耕生产实施方案"]
    assert (plan.issued, [m.text for m in plan.issuers]) == (dt.date(2021, 3, 5), ["榆川市人民政府办公室"])


def test_documents_name_lists_are_not_documents(docs):
    assert not any("名单" in key for key in docs)


def test_documents_commended_persons_with_affiliation(extraction):
    persons = [(c.awardee.text, c.affiliation.text) for c in extraction.commendations if c.awardee.kind == "person"]
    assert persons == [
        ("欧阳春晓", "柳河县农业农村局"),
        ("司马青云", "桃源县林业和草原局"),
        ("上官明月", "榆川市气象局"),
        ("诸葛长风", "柳河县石门乡人民政府"),
    ]


def test_documents_commended_bodies(extraction):
    bodies = [c.awardee.text for c in extraction.commendations if c.awardee.kind == "body"]
    assert bodies == ["柳河县农业农村局", "桃源县石门乡人民政府"]


def test_documents_commendation_honour_from_list_heading(extraction):
    honours = {(c.awardee.kind, c.honour) for c in extraction.commendations}
    assert honours == {("body", "先进集体"), ("person", "先进个人")}


def test_documents_commendations_conferred_by_the_commending_notice(extraction):
    assert {c.document_key for c in extraction.commendations} == {"榆政办发〔2021〕15号"}


def test_documents_commendation_row_span_quotes_the_source(extraction):
    text = extraction.issue.source.text
    assert all(text[c.span.start : c.span.end] == c.span.exact for c in extraction.commendations)


def test_documents_name_list_without_commending_title_gives_nothing(tmp_path, lexicon):
    text = INVENTED.replace("关于表彰2020年度农业工作先进集体和先进个人的通知", "关于2020年度农业工作情况的通报")
    path = tmp_path / "no-honours.txt"
    path.write_text(text, encoding="utf-8")
    (x,), _ = extract_paths([path], lexicon)
    assert x.commendations == ()


def test_documents_crlf_gives_the_same_records(tmp_path, lexicon, extraction):
    path = tmp_path / "crlf.txt"
    path.write_bytes(INVENTED.replace("\n", "\r\n").encode("utf-8"))
    (x,), _ = extract_paths([path], lexicon)

    def records(e):
        docs = [(d.key, d.title, d.issued, [m.text for m in d.issuers], [m.text for m in d.addressees],
                 [c.number for c in d.citations], [c.number for c in d.repeals]) for d in e.documents]
        honours = [(c.awardee.text, c.affiliation and c.affiliation.text) for c in e.commendations]
        return docs, honours

    assert records(x) == records(extraction)


ROSTER = """榆溪市人民政府公报

2021年第4期

榆溪市人民政府办公室关于成立榆溪市河湖治理工作领导小组的通知

榆政办发〔2021〕30号

各县（市、区）人民政府：

为加强领导，决定成立榆溪市河湖治理工作领导小组，组成人员如下：

组　长：上官　明　　市人民政府市长
副组长：柏　青　　市人民政府副市长
成　员：司马长风　　市水利局局长
　　　　甘　露　　市生态环境局局长

榆溪市人民政府办公室

2021年4月2日
"""


def test_documents_roster_names_roles_carried_down_posts_and_group(tmp_path, lexicon):
    from kg.pipeline import extract_paths

    path = tmp_path / "r.txt"
    path.write_text(ROSTER, encoding="utf-8")
    (x,), _ = extract_paths([path], lexicon)
    assert [(r.person.text, r.role.text, r.post.text) for r in x.rosters] == [
        ("上官明", "组长", "市人民政府市长"), ("柏青", "副组长", "市人民政府副市长"),
        ("司马长风", "成员", "市水利局局长"), ("甘露", "成员", "市生态环境局局长")]
    assert {r.group for r in x.rosters} == {"榆溪市河湖治理工作领导小组"}
