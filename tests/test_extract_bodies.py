"""Bodies named anywhere in the prose: the scanner finds names, not titles or common words.

Every text here is invented (a city 榆溪市 in a province 西陵省 the gazetteer does not hold)."""

import pytest

from kg.extract.bodies import BodyScanner


@pytest.fixture(scope="module")
def scanner(lexicon):
    return BodyScanner(lexicon, ("榆溪市", "西陵省"))


def names(scanner, text):
    return [text[a:b] for a, b in scanner.scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("由市发展改革委会同市财政局审核，报市人民政府批准。", ["市发展改革委", "市财政局", "市人民政府"]),
        ("根据《西陵省人民政府办公厅转发省国资委关于…的通知》", ["西陵省人民政府办公厅", "省国资委"]),
        ("各县（市、区）人民政府，榆溪经开区管委会，市直各委、办、局：", ["各县（市、区）人民政府", "榆溪经开区管委会", "市直各委、办、局"]),
        ("在市人民政府领导下统筹开展", ["市人民政府"]),
        ("围绕市委、市政府决策部署，落实省委“不忘初心、牢记使命”主题教育第二巡回指导组的要求",
         ["市委", "市政府", "省委“不忘初心、牢记使命”主题教育第二巡回指导组"]),
        ("副市长陪同省委、省政府第一生态环境保护督察组到东湖区调研", ["省委、省政府第一生态环境保护督察组"]),
        ("市长出席省人民政府与青禾食品科技（苏州）有限公司签约仪式", ["省人民政府", "青禾食品科技（苏州）有限公司"]),
        ("使市融资担保公司资本符合现行担保公司准入条件", ["市融资担保公司"]),
        ("国务院办公厅转发国务院国资委财政部关于", ["国务院办公厅", "国务院国资委", "财政部"]),
    ],
)
def test_scan_finds_bodies_in_prose(scanner, text, expected):
    assert names(scanner, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "市委书记和市长出席，有关部门负责人参加。",  # titles, not bodies
        "全面贯彻省委决策部署，按照本办法执行。",  # 部署 and 办法 end like bodies but are not
        "常务副市长主持，副县长陪同。",
        "加快推进商业银行和担保公司改革。",  # generic enterprises with no name
    ],
)
def test_scan_leaves_titles_and_common_words_alone(scanner, text):
    found = names(scanner, text)
    assert not any(w in found for w in ("市委书记", "市长", "决策部署", "本办法", "副县长", "商业银行", "担保公司")), found


def test_scan_reads_units_of_a_name_list_line_by_line(lexicon):
    """A commendation list puts one unit after another; line ends and spaces separate them."""
    from kg.extract.bodies import scan_bodies
    from kg.model import SourceText

    text = "先进集体名单(共3个)\n\n东湖区民政局\n\n东湖区清溪镇敬老院\n\n马 丽\t青川县社会福利院\n"
    source = SourceText("list.txt", text, "utf-8", "")
    refs = scan_bodies(source, 0, len(text), BodyScanner(lexicon, ("榆溪市", "西陵省")), None)
    assert [r.body.text for r in refs] == ["东湖区民政局", "东湖区清溪镇敬老院", "青川县社会福利院"]
    assert all(text[r.body.span.start:r.body.span.end].replace(" ", "") == r.body.text for r in refs)
