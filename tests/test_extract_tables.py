"""Tab-separated tables → cells keyed by row and column (invented table)."""

import pytest

DOC = """榆溪市人民政府公报

2021年第3期

榆溪市人民政府办公室关于下达2021年道路建设目标的通知

榆政办发〔2021〕20号

各县（市、区）人民政府：

现将目标下达如下。

榆溪市人民政府办公室

2021年3月2日

2021年道路建设目标

单位：万元

地区\t国道\t\t省道\t\t里程(公里)
\t目标\t完成\t目标\t完成\t
全市\t100\t90\t50\t\t12.5
东乡县\t60\t55\t20\t18\t7
\t\t\t\t\t
西坪县\t40\t35\t30\t-2.5\t5.5
"""


@pytest.fixture(scope="module")
def table(tmp_path_factory, lexicon):
    from kg.pipeline import extract_paths

    path = tmp_path_factory.mktemp("tables") / "doc.txt"
    path.write_text(DOC, encoding="utf-8")
    (x,), _ = extract_paths([path], lexicon)
    (t,) = x.tables
    return t


def test_tables_title_and_header_line(table):
    assert table.title == "2021年道路建设目标" and table.document_key == "榆政办发〔2021〕20号"


def test_tables_group_headers_continue_right_and_units_come_from_brackets_or_the_unit_line(table):
    cells = {(c.row, c.column): (c.value, c.unit) for c in table.cells}
    assert cells[("全市", "国道/目标")] == ("100", "万元")
    assert cells[("东乡县", "省道/完成")] == ("18", "万元")
    assert cells[("西坪县", "里程")] == ("5.5", "公里")
    assert cells[("西坪县", "省道/完成")] == ("-2.5", "万元")


def test_tables_blank_cell_is_absent_not_zero(table):
    assert ("全市", "省道/完成") not in {(c.row, c.column) for c in table.cells}
    assert len(table.cells) == 14


def test_tables_cells_quote_the_source(table):
    assert all(c.span.exact == c.value for c in table.cells)


def test_tables_become_data_cube_observations(tmp_path, lexicon):
    from kg.pipeline import build
    from kg.vocab import GKG, QB, RDF

    path = tmp_path / "doc.txt"
    path.write_text(DOC, encoding="utf-8")
    g = build([path], lexicon).graph
    observations = list(g.subjects(RDF.type, QB.Observation))
    assert len(observations) == 14
    assert all(g.value(o, GKG.value) is not None and g.value(o, QB.dataSet) is not None for o in observations)


def test_tables_a_row_for_the_whole_city_names_no_place(tmp_path, lexicon):
    """全市 (and 各县, 本区) begins as a quantity does: the row stands for a total, not a place
    called 全市; the county rows name places."""
    from kg.pipeline import build
    from kg.vocab import GKG, SKOS

    path = tmp_path / "doc.txt"
    path.write_text(DOC, encoding="utf-8")
    result = build([path], lexicon)
    assert "全市" not in {p.label for p in result.resolution.places.values()}
    g = result.graph
    regions = {str(g.value(g.value(obs, GKG.region), SKOS.prefLabel)) for obs in g.subjects(GKG.region, None)}
    assert regions == {"东乡县", "西坪县"}
