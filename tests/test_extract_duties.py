"""Duty clauses → tasks with lead and support bodies and deadlines (invented documents)."""

import datetime as dt

import pytest

DOC = """榆溪市人民政府公报

2021年第3期

榆溪市人民政府办公室关于印发榆溪市数字政务建设实施方案的通知

榆政办发〔2021〕12号

各县（市、区）人民政府，市直各委、办、局：

现将有关事项通知如下。

一、重点任务

1. 统一身份认证。建设全市统一身份认证系统。（市数据局牵头；市直有关部门和各县（市、区）人民政府按照职责分工负责；2021年6月底前完成）

2. 建设电子证照库。推动证照共享。

实施部门：各县（市、区）人民政府、榆溪高新区管委会。配合部门：市公安局、市民政局。

3. 健全考核。完善考核办法。

责任部门：市考核办。

（一）市财政局负责资金保障和监督管理。

（二）加强宣传。做好宣传工作。

榆溪市人民政府办公室

2021年3月2日
"""


@pytest.fixture(scope="module")
def tasks(tmp_path_factory, lexicon):
    from kg.pipeline import extract_paths

    path = tmp_path_factory.mktemp("duties") / "doc.txt"
    path.write_text(DOC, encoding="utf-8")
    (x,), _ = extract_paths([path], lexicon)
    return x.tasks


def duties(task):
    return [(d.body.text, d.role) for d in task.duties]


def test_duties_one_task_per_clause_that_names_bodies(tasks):
    assert [t.text[:6] for t in tasks] == ["1.统一身份", "2.建设电子", "3.健全考核", "（一）市财政"]


def test_duties_parenthesis_gives_lead_support_and_deadline(tasks):
    t = tasks[0]
    assert duties(t) == [("市数据局", "lead"), ("市直有关部门", "support"), ("各县（市、区）人民政府", "support")]
    assert t.deadline.text == "2021年6月底前" and t.deadline_date == dt.date(2021, 6, 30)


def test_duties_labelled_lines(tasks):
    assert duties(tasks[1]) == [("各县（市、区）人民政府", "lead"), ("榆溪高新区管委会", "lead"),
                                ("市公安局", "support"), ("市民政局", "support")]
    assert duties(tasks[2]) == [("市考核办", "lead")]


def test_duties_body_opening_a_clause_leads_it(tasks):
    assert duties(tasks[3]) == [("市财政局", "lead")]


def test_duties_spans_quote_the_source(tasks):
    for t in tasks:
        for d in t.duties:
            assert d.body.span.exact.replace(" ", "").replace("\n", "") == d.body.text
