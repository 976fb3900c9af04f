"""Stage 1, read, for gazettes as published: PDF (made here with reportlab and the built-in
CID font STSong-Light, nothing downloaded) and web pages. An invented issue: no name,
number or date from the sample."""

from __future__ import annotations

import io
import subprocess
import sys
import time

import pytest

pytest.importorskip("pdfplumber")
reportlab = pytest.importorskip("reportlab")

from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from kg.errors import InputError  # noqa: E402
from kg.read import decode_bytes, find_sources, read_source  # noqa: E402
from kg.read.html import read_html  # noqa: E402
from kg.read.pdf import read_pdf  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
W, H, LEFT, RIGHT, SIZE = 595, 842, 72, 523, 12
HEADER = "榆溪市人民政府公报　2023年第4期"

MASTHEAD = ["榆溪市人民政府公报", "2023年第4期", "(总第88期)", "主 编 钱多多", "责任编辑 孙小美", "目 录", "榆溪市人民政府文件"]
LONG = ("为进一步做好全市春季植树造林工作，加快推进国土绿化，改善城乡生态环境，促进经济社会可持续发展，"
        "现就有关事项通知如下：各县区要高度重视，把植树造林作为改善生态环境的重要举措，层层落实责任，"
        "确保各项任务按时完成，并于2023年5月31日前将完成情况报送市林业和草原局。")
DOCUMENT = ["榆溪市人民政府关于做好2023年春季植树造林工作的通知", "榆政发〔2023〕12号",
            "各县（区）人民政府，市直各委、办、局：", LONG]
TABLE = [["单位", "造林面积", "义务植树"], ["青石县", "1200", "35"], ["白沙区", "860", "20"]]
SIGNATURE = ["榆溪市人民政府", "2023年3月20日"]
CHRONICLE_HEAD = ["大事记", "3月份"]
ENTRIES = ["2日上午，中共榆溪市委委员、市委副书记、榆溪市人民政府党组书记、市长钱多多主持召开市政府常务会议，研究部署春季植树造林和森林防火工作。副市长孙小美参加会议。",
           "6日，副市长孙小美到青石县调研春耕生产和农田水利建设工作，要求各地抓好农资供应。",
           "9日，市长钱多多会见来访的省林业和草原局调研组一行，双方就国土绿化工作进行了座谈交流。",
           "13日，副市长欧阳明月主持召开全市安全生产工作会议，分析当前形势，部署下一阶段重点工作。",
           "17日，市长钱多多到白沙区检查城市建设项目进展情况，副市长欧阳明月参加检查。",
           "21日，副市长孙小美参加全市义务植树活动，与干部群众一起植树。"]


def _wrap(text: str, width: float, first: float = 0) -> list[str]:
    lines, cur, room = [], "", width - first
    for ch in text:
        if pdfmetrics.stringWidth(cur + ch, FONT, SIZE) > room:
            lines.append(cur)
            cur, room = "", width
        cur += ch
    return lines + [cur]


class _Pages:
    """Draws lines top to bottom, with a running header and a page number on each page."""

    def __init__(self) -> None:
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=(W, H))
        self.page = 0
        self.new_page()

    def new_page(self) -> None:
        if self.page:
            self.c.showPage()
        self.page += 1
        self.y = H - 110
        self.c.setFont(FONT, 10)
        self.c.drawCentredString(W / 2, H - 50, HEADER)
        self.c.drawCentredString(W / 2, 40, f"— {self.page} —")

    def line(self, text: str, x: float = LEFT, size: int = SIZE) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.y, text)
        self.y -= size * 1.8

    def para(self, text: str, x: float = LEFT, width: float = RIGHT - LEFT, break_after: int | None = None) -> None:
        """A paragraph indented by two full-width spaces, wrapped (a page break after line ``break_after``)."""
        for i, ln in enumerate(_wrap("\u3000\u3000" + text, width)):
            self.line(ln, x)
            if i == break_after:
                self.new_page()

    def pdf(self) -> bytes:
        self.c.save()
        return self.buf.getvalue()


def make_gazette() -> tuple[bytes, str, list[int]]:
    """The PDF, the text it holds and the 1-based page each line of the text begins on."""
    p, text, pages = _Pages(), [], []

    def add(t: str) -> None:
        text.append(t)
        pages.append(p.page)

    p.line(MASTHEAD[0], x=W / 2 - 100, size=20)
    add(MASTHEAD[0])
    for t in MASTHEAD[1:]:
        add(t)
        p.line(t)
    p.new_page()
    for t in DOCUMENT[:3]:
        add(t)
        p.line(t)
    add(LONG)
    p.para(LONG)
    for row in TABLE:
        add("\t".join(row))
        for cell, x in zip(row, (LEFT, LEFT + 150, LEFT + 300)):
            p.c.setFont(FONT, SIZE)
            p.c.drawString(x, p.y, cell)
        p.y -= SIZE * 1.8
    for t in SIGNATURE:
        add(t)
        p.line(t, x=RIGHT - 100)
    for t in CHRONICLE_HEAD:
        add(t)
        p.line(t)
    # the first entry breaks over the page inside 钱多多: "钱多" | "多"
    add(ENTRIES[0])
    wrapped = _wrap("\u3000\u3000" + ENTRIES[0], RIGHT - LEFT)
    assert wrapped[0].endswith("钱多")
    p.para(ENTRIES[0], break_after=0)
    # a two-column page
    p.new_page()
    half = (RIGHT - LEFT - 30) / 2
    for col, entries in enumerate((ENTRIES[1:4], ENTRIES[4:])):
        p.y = H - 110
        for e in entries:
            add(e)
            p.para(e, x=LEFT + col * (half + 30), width=half)
    pages_of_lines = pages
    return p.pdf(), "\n".join(text) + "\n", pages_of_lines


@pytest.fixture(scope="module")
def gazette():
    return make_gazette()


def test_pdf_text_is_the_known_text(gazette, tmp_path):
    data, known, _ = gazette
    result = read_pdf(data, "yuxi.pdf")
    assert result.source.text == known
    assert result.pages == 4
    assert {t for _, t in result.dropped} >= {HEADER, "— 3 —"}
    assert read_source(_write(tmp_path, data, "yuxi.pdf")).text == known


def _write(folder, data: bytes, name: str):
    (folder / name).write_bytes(data)
    return folder / name


def _expected_page(known: str, pages: list[int], offset: int) -> int:
    line = known.count("\n", 0, offset)
    start = sum(len(t) + 1 for t in known.split("\n")[:line])
    split = known.index("钱多多", known.index(ENTRIES[0])) + 2
    return pages[line] + (1 if start <= split <= offset and known.split("\n")[line] == ENTRIES[0] else 0)


def test_pdf_page_starts(gazette):
    data, known, pages = gazette
    source = read_pdf(data, "yuxi.pdf").source
    assert source.page_starts[0] == 0 and len(source.page_starts) == 4
    for offset in range(len(known) - 1):
        assert source.page_of(offset) == _expected_page(known, pages, offset), (offset, known[offset])


def test_pdf_graph_equals_the_text_graph_but_pages(gazette):
    from kg.pipeline import _extract, _finish, _tools
    from kg.vocab import GKG, OA

    data, known, pages = gazette
    lex, nlp = _tools()
    graphs = []
    for source in (read_pdf(data, "yuxi.pdf").source, decode_bytes(known.encode(), "yuxi.pdf")):
        graphs.append(_finish([_extract(source, lex, nlp)], [], lex, None, time.perf_counter()).graph)
    from_pdf, from_text = graphs
    paged = {(s, p, o) for s, p, o in from_pdf if p == GKG.page}
    assert paged and not any(p == GKG.page for _, p, _ in from_text)
    assert set(from_pdf) - paged == set(from_text)
    for span, _, page in paged:
        assert int(page) == _expected_page(known, pages, int(from_pdf.value(span, OA.start)))


def _pdf_of(draw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    draw(c)
    c.save()
    return buf.getvalue()


def test_pdf_image_only_and_damaged_and_not_pdf(tmp_path):
    blank = _pdf_of(lambda c: c.rect(100, 100, 200, 200, fill=1))
    with pytest.raises(InputError, match="no text layer; OCR it first"):
        read_pdf(blank, "scan.pdf")
    with pytest.raises(InputError, match="not a PDF"):
        read_source(_write(tmp_path, "公报".encode(), "fake.pdf"))
    with pytest.raises(InputError, match="damaged PDF|no pages"):
        read_pdf(b"%PDF-1.4\n" + bytes(range(256)) * 4, "broken.pdf")


def _platypus(*flowables) -> bytes:
    from reportlab.platypus import SimpleDocTemplate

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=(W, H)).build(list(flowables))
    return buf.getvalue()


def _grid(rows, widths, *style):
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), FONT), *style]))
    return table


def test_pdf_ruled_table_keeps_empty_cells_and_joins_wrapped_cells():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    body = ParagraphStyle("body", fontName=FONT, fontSize=SIZE, leading=20, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=13, wordWrap="CJK")
    wrapped = Paragraph("森林草原火灾案件查处率不低于(%)", cell)  # 50 pt wide: four lines
    rows = [["单位", wrapped, "次数", ""], ["青石县", "", "5", ""], ["白沙区", "0.56", "", "4"], ["", "1.2", "3", ""]]
    data = _platypus(Paragraph("表一造林情况", body), _grid(rows, [60, 50, 50, 50]), Paragraph("注：以上为初步统计。", body))
    assert read_pdf(data).source.text == ("表一造林情况\n单位\t森林草原火灾案件查处率不低于(%)\t次数\t\n青石县\t\t5\t\n"
                                         "白沙区\t0.56\t\t4\n\t1.2\t3\t\n注：以上为初步统计。\n")
    # a merged (spanned) cell reads as the cell and empty ones after it
    rows = [["地区", "固定资产投资", "", "工业", ""], ["", "目标", "实际", "目标", "实际"], ["甲县", "15", "", "12.0", ""]]
    data = _platypus(_grid(rows, [50] * 5, ("SPAN", (1, 0), (2, 0)), ("SPAN", (3, 0), (4, 0))))
    assert read_pdf(data).source.text == "地区\t固定资产投资\t\t工业\t\n\t目标\t实际\t目标\t实际\n甲县\t15\t\t12.0\t\n"
    # a ruled frame of a single column is no table: its text is read as paragraphs
    data = _platypus(_grid([["第一段文字。"], ["第二段是较长的一段文字。"]], [300]))
    assert read_pdf(data).source.text == "第一段文字。\n第二段是较长的一段文字。\n"


PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>榆溪市人民政府</title>
<style>p {{ color: red }}</style><script>var x = "钱多多";</script></head>
<body><div class="nav"><a href="/">首页</a><a href="/zw">政务公开</a></div>
<header>榆溪市人民政府门户网站</header>
<div class="article"><h1>榆溪市人民政府关于做好2023年春季植树造林工作的通知</h1>
<p>榆政发〔2023〕12号</p><p>各县（区）人民政府：<br>现就有关事项通知如下。</p>
<table><tr><td>单位</td><td>造林面积</td></tr><tr><td>青石县</td><td>1200</td></tr></table></div>
<aside>相关链接</aside><footer>版权所有 榆溪市人民政府办公室</footer></body></html>"""
PAGE_TEXT = ("榆溪市人民政府关于做好2023年春季植树造林工作的通知\n榆政发〔2023〕12号\n各县（区）人民政府：\n"
             "现就有关事项通知如下。\n单位\t造林面积\n青石县\t1200\n")


@pytest.mark.parametrize("charset", ["utf-8", "gb2312", "gbk"])
def test_html_keeps_the_article_and_drops_the_rest(charset):
    source = read_html(PAGE.format(charset=charset).encode("gb18030" if charset != "utf-8" else "utf-8"), "p.html")
    assert source.text == PAGE_TEXT
    assert source.page_starts == () and source.span(0, 2).page is None


def test_html_without_article_keeps_the_body_and_falls_back_to_text_decoding():
    page = "<html><body><nav>首页</nav><p>大事记</p><p>3日，市长钱多多调研。</p></body></html>"
    assert read_html(page.encode("gb18030"), "p.htm").text == "大事记\n3日，市长钱多多调研。\n"
    assert decode_bytes(page.encode(), "p.htm").text == "大事记\n3日，市长钱多多调研。\n"


def _kg(*args: str, cwd):
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_cli_extract_text(tmp_path, gazette):
    data, known, _ = gazette
    (tmp_path / "g.pdf").write_bytes(data)
    run = _kg("extract-text", "g.pdf", cwd=tmp_path)
    assert run.returncode == 0 and run.stdout == known and "4 pages" in run.stderr and "— 2 —" in run.stderr
    run = _kg("extract-text", "g.pdf", "--output", "g.txt", cwd=tmp_path)
    assert run.returncode == 0 and (tmp_path / "g.txt").read_text(encoding="utf-8") == known
    (tmp_path / "fake.pdf").write_text("公报", encoding="utf-8")
    for args in (["missing.pdf"], ["fake.pdf"]):
        run = _kg("extract-text", *args, cwd=tmp_path)
        assert run.returncode == 2 and "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr


def test_mixed_folder_builds(tmp_path, gazette):
    from kg.pipeline import build

    data, known, _ = gazette
    (tmp_path / "a.pdf").write_bytes(data)
    (tmp_path / "b.txt").write_text(known.replace("2023年第4期", "2023年第5期"), encoding="utf-8")
    (tmp_path / "c.html").write_text(PAGE.format(charset="utf-8").replace("<p>榆政发", "<p>大事记</p><p>3月份</p><p>2日，市长钱多多调研。</p><p>榆政发"), encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    found = find_sources([tmp_path])
    assert [p.name for p in found] == ["a.pdf", "b.txt", "c.html"]
    result = build([tmp_path])
    assert result.summary()["issues"] >= 2, result.warnings
