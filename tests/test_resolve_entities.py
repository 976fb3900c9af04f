"""Resolution: body short forms, categories, posts, attestation dates, pinyin, profiles."""

import pytest

from kg.resolve import BodyResolver, category_of, romanize_name


class _Issue:
    city = "榆溪市"
    province = "西陵省"


@pytest.fixture(scope="module")
def bodies(lexicon):
    return BodyResolver(lexicon, _Issue)


@pytest.mark.parametrize(
    ("written", "canonical", "parent"),
    [
        ("市政府", "榆溪市人民政府", None),
        ("市委组织部", "中共榆溪市委员会组织部", "中共榆溪市委员会"),
        ("市发展改革委", "榆溪市发展和改革委员会", "榆溪市人民政府"),
        ("市住房城乡建设局", "榆溪市住房和城乡建设局", "榆溪市人民政府"),
        ("市住房和城乡建设局", "榆溪市住房和城乡建设局", "榆溪市人民政府"),
        # a development zone's committee answers to the city government (it governs no county)
        ("榆溪经开区管委会", "榆溪经济技术开发区管理委员会", "榆溪市人民政府"),
        ("东湖区民政局", "榆溪市东湖区民政局", "榆溪市东湖区人民政府"),
        ("青川县清溪镇敬老院", "青川县清溪镇敬老院", "青川县清溪镇人民政府"),
        ("东湖区白沙街道社会保障服务中心", "榆溪市东湖区白沙街道社会保障服务中心", "榆溪市东湖区白沙街道办事处"),
        ("青川县人民政府", "青川县人民政府", None),
        ("东湖区清溪镇人民政府", "榆溪市东湖区清溪镇人民政府", "榆溪市东湖区人民政府"),
        ("市防汛抗旱指挥部", "榆溪市防汛抗旱指挥部", "榆溪市人民政府"),
        ("市电子政务协调工作领导小组办公室", "榆溪市电子政务协调工作领导小组办公室", "榆溪市电子政务协调工作领导小组"),
        ("市政府办第二党支部", "榆溪市人民政府办公室第二党支部", "榆溪市人民政府办公室"),
        ("人民银行榆溪中心支行", "中国人民银行榆溪市中心支行", None),
        ("省委省政府第二环保督察组", "中共西陵省委员会、西陵省人民政府第二环保督察组", None),
        ("中共榆溪市委", "中共榆溪市委员会", None),
        ("党中央", "中国共产党中央委员会", None),
        ("青川县委", "中共青川县委员会", None),
        ("东湖区委常委会", "中共榆溪市东湖区委员会常务委员会", "中共榆溪市东湖区委员会"),
        ("东湖区白沙街道办事处", "榆溪市东湖区白沙街道办事处", "榆溪市东湖区人民政府"),  # never its own parent
        ("国务院国资委", "国务院国有资产监督管理委员会", "中华人民共和国国务院"),
        ("省发展改革委", "西陵省发展和改革委员会", "西陵省人民政府"),
        ("各县(市、区)人民政府", "各县（市、区）人民政府", None),
    ],
)
def test_resolve_body_short_forms_against_the_issue_place(bodies, written, canonical, parent):
    assert bodies.canonical(written) == (canonical, parent)


@pytest.mark.parametrize(
    ("name", "category"),
    [("中共榆溪市委员会", "party"), ("榆溪市公安局", "government"), ("中国人民政治协商会议榆溪市委员会", "cppcc"),
     ("榆溪市人民代表大会常务委员会", "congress"), ("中共榆溪市纪律检查委员会", "discipline"),
     ("榆溪市中级人民法院", "court"), ("榆溪军分区", "military"), ("榆溪钢铁集团有限公司", "enterprise"),
     ("榆溪师范学院", "school"), ("榆溪市妇女联合会", "mass_organization"),
     ("榆溪市防汛抗旱指挥部", "temporary_group"), ("市直各委、办、局", "group"),
     ("榆溪市东湖区清溪镇社会保障服务中心", "other"), ("中国人民银行榆溪市中心支行", "government"),
     ("市直有关单位", "group"), ("中国共产党中央委员会", "party"), ("中华人民共和国国务院", "government")],
)
def test_resolve_body_categories(lexicon, name, category):
    assert category_of(name, lexicon) == category


@pytest.mark.parametrize(
    ("name", "pinyin"),
    [("单晓明", "Shàn Xiǎomíng"), ("曾国强", "Zēng Guóqiáng"), ("解长春", "Xiè Chángchūn"),
     ("欧阳明远", "Ōuyáng Míngyuǎn"), ("仇小平", "Qiú Xiǎopíng")],
)
def test_resolve_pinyin_reads_surnames_as_surnames(lexicon, name, pinyin):
    assert romanize_name(name, lexicon) == pinyin


CHRONICLE = """榆溪市人民政府公报

2021年第5期

大事记

4月份

3日，市委副秘书长诸葛青主持召开会议。

20日，市委副秘书长诸葛青出席会议。

28日，市委秘书长诸葛青主持召开会议。
"""


@pytest.fixture(scope="module")
def chronicle_graph(tmp_path_factory, lexicon):
    from kg.pipeline import build

    path = tmp_path_factory.mktemp("att") / "g.txt"
    path.write_text(CHRONICLE, encoding="utf-8")
    return build([path], lexicon).graph


def test_resolve_title_change_shows_as_two_holdings_in_order(chronicle_graph):
    from kg.query import run_query

    _, rows = run_query(chronicle_graph, """PREFIX gkg: <https://w3id.org/gazette-kg/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?title ?first ?last WHERE { ?m org:member ?p ; gkg:titleText ?title ;
        gkg:firstAttested ?first ; gkg:lastAttested ?last } ORDER BY ?first""")
    assert rows == [["市委副秘书长", "2021-04-03", "2021-04-20"], ["市委秘书长", "2021-04-28", "2021-04-28"]]


def test_resolve_understood_titles_get_posts(chronicle_graph):
    from kg.vocab import ORG, RDF

    posts = list(chronicle_graph.subjects(RDF.type, ORG.Post))
    assert posts and all(chronicle_graph.value(p, ORG.heldBy) is not None for p in posts)


def test_resolve_person_profile_lists_titles_and_roles(chronicle_graph):
    from kg.query import person_profile, to_store

    text = person_profile(to_store(chronicle_graph), "诸葛青")
    assert "市委秘书长  2021-04-28 – 2021-04-28" in text and "Chair 2" in text and "Attendee 1" in text


def test_resolve_person_profile_unknown_name_is_a_usage_error(chronicle_graph):
    from kg.errors import UsageError
    from kg.query import person_profile, to_store

    with pytest.raises(UsageError):
        person_profile(to_store(chronicle_graph), "不存在")


def test_resolve_bare_titles_inherit_the_body_written_before_them(tmp_path, lexicon):
    from kg.pipeline import build

    text = """榆溪市人民政府公报

2021年第5期

大事记

4月份

6日，东湖省南江市北湖区委副书记、区长欧阳立，副区长钱多多一行到我市考察。榆溪钢铁集团党组书记、总经理慕容海陪同。
"""
    path = tmp_path / "g.txt"
    path.write_text(text, encoding="utf-8")
    res = build([path], lexicon).resolution
    bodies = {m.title: res.bodies[m.body].label for m in res.memberships if m.body}
    assert bodies["区长"] == bodies["副区长"] == "东湖省南江市北湖区人民政府"
    assert bodies["总经理"] == "榆溪钢铁集团"


ABBREVIATED = """榆溪市人民政府公报

2021年第5期

榆溪市人民政府办公室关于做好年度考核工作的通知

榆政办发〔2021〕21号

各县（市、区）人民政府，市直各委、办、局：

一、由市综合考核办牵头，市统计局、东湖区民政局配合。

二、市考核办于年底前汇总结果，报市人民政府审定；榆溪市民政局做好服务。

榆溪市人民政府办公室

2021年4月2日

大事记

5月份

6日，省委“不忘初心、牢记使命”主题教育第二巡回指导组到东湖区调研。副市长方晓岚陪同。

9日，省委“不忘初心、牢记使命”主题教育第二指导组到青川县调研。
"""


def test_resolve_a_short_form_joins_the_one_body_it_abbreviates(write_gazette):
    """Within one issue 市考核办 is 市综合考核办 and 第二指导组 the 第二巡回指导组; 榆溪市民政局 is not
    东湖区民政局 (the left-out characters name a place)."""
    from kg.pipeline import build
    from kg.vocab import ORG, RDF, SKOS

    g = build([write_gazette(ABBREVIATED)]).graph
    labels = {}
    for body in g.subjects(RDF.type, ORG.Organization):
        for label in list(g.objects(body, SKOS.prefLabel)) + list(g.objects(body, SKOS.altLabel)):
            labels.setdefault(str(label), set()).add(body)
    assert labels["市考核办"] == labels["市综合考核办"]
    assert len(labels["省委“不忘初心、牢记使命”主题教育第二指导组"]) == 1
    assert labels["省委“不忘初心、牢记使命”主题教育第二指导组"] == labels["省委“不忘初心、牢记使命”主题教育第二巡回指导组"]
    assert labels["榆溪市民政局"].isdisjoint(labels["东湖区民政局"])


def test_resolve_every_body_named_in_prose_is_annotated_at_its_span(write_gazette):
    """Each body the text names has a Web Annotation: the body, and the span quoted exactly."""
    from kg.pipeline import build
    from kg.vocab import GKG, OA, RDF, SCHEMA

    path = write_gazette(ABBREVIATED)
    text = path.read_text(encoding="utf-8")
    g = build([path]).graph
    notes = list(g.subjects(RDF.type, OA.Annotation))
    quoted = set()
    for note in notes:
        assert (note, OA.motivatedBy, OA.identifying) in g
        body = g.value(note, OA.hasBody)
        span = g.value(note, OA.hasTarget)
        start, end = int(g.value(span, OA.start)), int(g.value(span, OA.end))
        assert text[start:end] == str(g.value(span, OA.exact))
        assert (g.value(note, GKG.mentionIn), SCHEMA.mentions, body) in g
        quoted.add(str(g.value(span, OA.exact)))
    assert {"市综合考核办", "市统计局", "东湖区民政局", "市考核办", "市人民政府", "榆溪市民政局"} <= quoted


def test_resolve_a_government_governs_its_place_and_its_units_belong_to_it(write_gazette):
    """东湖区民政局 ⊂ 榆溪市东湖区人民政府, which governs the place 东湖区 inside 榆溪市."""
    from kg.pipeline import build
    from kg.vocab import GKG, ORG, SCHEMA, SKOS

    g = build([write_gazette(ABBREVIATED)]).graph

    def one(label):
        found = {s for s in g.subjects(SKOS.prefLabel, None) if str(g.value(s, SKOS.prefLabel)) == label}
        assert len(found) == 1, (label, found)
        return found.pop()

    bureau, government = one("榆溪市东湖区民政局"), one("榆溪市东湖区人民政府")
    assert (bureau, ORG.subOrganizationOf, government) in g
    place = g.value(government, GKG.governs)
    assert str(g.value(place, SKOS.prefLabel)) == "东湖区"
    assert str(g.value(g.value(place, SCHEMA.containedInPlace), SKOS.prefLabel)) == "榆溪市"
    assert g.value(bureau, GKG.governs) is None
