"""The interactive page (``kg.viz``): offline, escaped, deterministic, quick to write, and
working in a real browser (Debian's chromium through Playwright; skipped when either is absent)."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pytest

from kg.errors import InputError, UsageError
from kg.viz import (DEFAULT_SIZE, MAX_EVENTS, PHYSICS_MAX_NODES, SIZE_RANGE, load_kinds, page_data, render_page,
                    size_metrics, write_page)

XSS_LABEL = "<img src=x onerror=alert(1)>"
XSS_QUOTE = "</script><script>alert(2)</script>"
CHROMIUM = Path("/usr/bin/chromium")
KINDS = ["official", "official_elsewhere", "body", "place", "document"]


def event(day: int, quote: str = "钱多多主持召开会议。", roles: str = "钱多多: Chair; 孙小美: Attendee") -> dict:
    return {"date": f"2019-11-{day:02d}", "type": "Meeting", "roles": roles, "quote": quote, "source": f"issue.txt:{day}"}


def make_graph(reverse: bool = False) -> nx.Graph:
    """Six invented nodes, one of each kind plus a label that is an XSS attempt; four edges."""
    nodes = [
        ("p1", dict(label="钱多多", kind="official", titles=["市长", "市委副书记"], degree=3, weighted_degree=6,
                    betweenness=0.5, pagerank=0.4, community=0)),
        ("p2", dict(label="孙小美", kind="official_elsewhere", titles=["副市长"], degree=2, weighted_degree=5,
                    betweenness=0.1, pagerank=0.3, community=0)),
        ("p3", dict(label=XSS_LABEL, kind="official", degree=2, weighted_degree=2, betweenness=0.0, pagerank=0.1,
                    community=1)),
        ("b1", dict(label="曲靖市人民政府", kind="body", degree=1, weighted_degree=1, pagerank=0.1, community=1)),
        ("pl", dict(label="麒麟区", kind="place")),
        ("d1", dict(label="曲政发〔2019〕1号", kind="document", degree=0)),
    ]
    edges = [
        ("p1", "p2", dict(weight=4, events=[event(4), event(9), event(12), event(20)])),
        ("p1", "p3", dict(weight=1, events=[event(5, quote=XSS_QUOTE, roles=f"{XSS_LABEL}: Attendee")])),
        ("p2", "p3", dict(weight=1, events=[event(6)])),
        ("p1", "b1", dict(weight=1)),
    ]
    g = nx.Graph(title="曲靖 <who met whom>", filters="2019-11-01 – 2019-11-30; roles: Chair & Lead; min weight 1")
    for name, data in reversed(nodes) if reverse else nodes:
        g.add_node(name, **data)
    for u, v, data in reversed(edges) if reverse else edges:
        g.add_edge(*((v, u) if reverse else (u, v)), **data)
    return g


def synthetic(nodes: int, edges: int, seed: int = 7) -> nx.Graph:
    """A random graph with the contract's attributes: kinds, metrics, communities, events."""
    rng = random.Random(seed)
    base = nx.gnm_random_graph(nodes, edges, seed=seed)
    g = nx.Graph(title=f"synthetic {nodes}", filters="none")
    for n in base:
        g.add_node(f"n{n}", label=f"官员{n}", kind=KINDS[n % 5], weighted_degree=base.degree(n), community=n % 17)
    for u, v in base.edges:
        g.add_edge(f"n{u}", f"n{v}", weight=rng.randint(1, 4), events=[event(1 + (u + v) % 28)])
    return g


@pytest.fixture
def page_text() -> str:
    return render_page(make_graph())


def test_viz_page_loads_nothing_from_the_network(page_text):
    loading = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?\s*|@import\s*["']?|url\(\s*["']?)(?:https?:)?//""", re.I)
    assert not loading.findall(page_text)
    assert "<link" not in page_text and "bootstrap" not in page_text.lower()
    assert "default-src 'none'" in page_text  # the Content-Security-Policy forbids any request
    assert "sourceMappingURL" not in page_text


def test_viz_page_inlines_vis_network(page_text):
    assert "@version 9.1.2" in page_text and "new vis.Network(" in page_text


def test_viz_write_page_creates_no_lib_folder(tmp_path, monkeypatch):
    cwd, out = tmp_path / "cwd", tmp_path / "out"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    write_page(make_graph(), out / "page.html")
    assert sorted(p.name for p in out.iterdir()) == ["page.html"]
    assert list(cwd.iterdir()) == []


def test_viz_write_page_is_byte_identical(tmp_path):
    write_page(make_graph(), tmp_path / "a.html")
    write_page(make_graph(), tmp_path / "b.html")
    write_page(make_graph(reverse=True), tmp_path / "c.html")
    a = (tmp_path / "a.html").read_bytes()
    assert a == (tmp_path / "b.html").read_bytes() == (tmp_path / "c.html").read_bytes()


def test_viz_page_escapes_every_text(page_text):
    assert XSS_LABEL not in page_text and "<img" not in page_text
    assert XSS_QUOTE not in page_text and "<script>alert" not in page_text
    assert "<h1>曲靖 &lt;who met whom&gt;</h1>" in page_text
    assert "roles: Chair &amp; Lead" in page_text


def test_viz_heading_states_title_filters_and_counts(page_text):
    assert "Filters: 2019-11-01 – 2019-11-30; roles: Chair &amp; Lead; min weight 1" in page_text
    assert "6 nodes · 4 edges" in page_text
    assert "<title>另一个标题</title>" in render_page(make_graph(), heading="另一个标题")


@pytest.mark.parametrize("metric", size_metrics())
def test_viz_node_size_follows_the_chosen_metric(metric):
    g = make_graph()
    data = page_data(g, metric)
    sizes = {g.nodes[n]["label"]: item["size"] for n, item in zip(sorted(g, key=str), data["nodes"])}
    assert sizes["钱多多"] == SIZE_RANGE[1]
    assert sizes["麒麟区"] == DEFAULT_SIZE  # no metric at all
    assert all(DEFAULT_SIZE <= s <= SIZE_RANGE[1] for s in sizes.values())


def test_viz_edge_width_follows_weight():
    widths = {row[2]: row[3] for row in page_data(make_graph())["edges"]}
    assert widths[4] > widths[1]


def test_viz_kinds_have_their_own_colour_shape_and_legend(page_text):
    kinds = page_data(make_graph())["kinds"]
    assert sorted(kinds) == sorted(KINDS)
    assert len({(k["colour"], k["shape"]) for k in kinds.values()}) == len(KINDS)
    for kind, style in load_kinds().items():
        assert f'data-kind="{kind}"' in page_text and style.legend in page_text


def test_viz_unknown_kind_is_an_input_error():
    g = make_graph()
    g.add_node("x", label="某某", kind="event")
    with pytest.raises(InputError, match="'event'"):
        render_page(g)


def test_viz_unknown_size_metric_is_a_usage_error():
    with pytest.raises(UsageError, match="community"):
        render_page(make_graph(), size_by="community")


def test_viz_tooltips_list_titles_metrics_and_events():
    data = page_data(make_graph())
    tip = next(n["tip"] for n in data["nodes"] if n["label"] == "钱多多")
    assert tip.splitlines()[:3] == ["钱多多", "Kind: Official", "Titles: 市长; 市委副书记"]
    assert "PageRank: 0.4" in tip and "Community: 0" in tip
    row = next(r for r in data["edges"] if r[2] == 4)
    assert row[4] == 4 and [data["events"][i][0] for i in row[5]] == ["2019-11-04", "2019-11-09", "2019-11-12", "2019-11-20"]


def test_viz_tooltips_cut_long_event_lists_and_quotes():
    g = make_graph()
    g.edges["p1", "p2"]["events"] = [event(d, quote="长" * 500) for d in range(1, 13)]
    data = page_data(g)
    row = next(r for r in data["edges"] if r[2] == 4)
    assert row[4] == 12 and len(row[5]) == MAX_EVENTS
    assert data["events"][row[5][0]][3].endswith("… (300 more characters)")


def test_viz_page_shares_each_event_once():
    g = make_graph()
    g.add_edge("p2", "b1", weight=1, events=[event(4)])  # the same meeting as one of p1–p2's
    assert len(page_data(g)["events"]) == 6


def test_viz_directed_graph_has_arrows():
    data = page_data(nx.DiGraph(make_graph()))
    assert data["directed"] and data["options"]["edges"]["arrows"]["to"]["enabled"]


def test_viz_given_layout_turns_physics_off():
    g = make_graph()
    for i, n in enumerate(sorted(g)):
        g.nodes[n].update(x=float(i), y=float(-i))
    data = page_data(g)
    assert not data["options"]["physics"]["enabled"]
    assert all("x" in n and "y" in n for n in data["nodes"])


@pytest.mark.parametrize("path", ["file.txt/page.html", "folder"])
def test_viz_unwritable_path_is_a_one_line_input_error(tmp_path, path):
    (tmp_path / "file.txt").write_text("not a folder", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError) as info:
        write_page(make_graph(), tmp_path / path)
    assert "cannot write" in str(info.value) and "\n" not in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "folder"]  # no temporary file left


def test_viz_big_graph_is_written_with_a_precomputed_layout(tmp_path):
    g = synthetic(PHYSICS_MAX_NODES + 500, 10_000)
    started = time.perf_counter()
    write_page(g, tmp_path / "big.html")
    print(f"wrote {len(g)} nodes, {g.number_of_edges()} edges in {time.perf_counter() - started:.2f} s")
    data = page_data(g)
    assert not data["options"]["physics"]["enabled"]
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(g)  # every node its own place


# --- in a browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def loaded(browser, tmp_path_factory):
    """The page for ``make_graph()`` opened from a file, with what it logged and requested."""
    path = tmp_path_factory.mktemp("viz") / "page.html"
    write_page(make_graph(), path)
    seen = SimpleNamespace(console=[], errors=[], requests=[], dialogs=[], folder=path.parent)
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.on("console", lambda m: seen.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)  # physics has stopped
    seen.page = page
    yield seen
    page.close()


def test_viz_browser_logs_no_error(loaded):
    assert [text for kind, text in loaded.console if kind == "error"] == [] and loaded.errors == []


def test_viz_browser_requests_nothing_from_outside(loaded):
    assert loaded.requests and all(url.startswith(("file:", "data:", "about:")) for url in loaded.requests)


def test_viz_browser_draws_every_node_and_stops_physics(loaded):
    assert loaded.page.evaluate("network.body.data.nodes.length") == 6
    assert loaded.page.evaluate("kgPage.edges.length") == 4
    assert loaded.page.evaluate("network.physics.physicsEnabled") is False


def test_viz_browser_shows_the_xss_label_as_text(loaded):
    page = loaded.page
    assert XSS_LABEL in page.eval_on_selector_all("#kg-select option", "os => os.map(o => o.textContent)")
    page.select_option("#kg-select", label=XSS_LABEL)
    assert page.text_content("#kg-details").startswith(XSS_LABEL)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert loaded.dialogs == [] and page.evaluate("window.__xss === undefined")


EDGE_POINT = """id => {  // a point on the edge, off every node, in page coordinates
    const e = kgPage.edges.get(id), pos = network.getPositions([e.from, e.to]);
    const box = document.getElementById("kg-network").getBoundingClientRect();
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
        const p = network.canvasToDOM({x: pos[e.from].x + t * (pos[e.to].x - pos[e.from].x),
                                       y: pos[e.from].y + t * (pos[e.to].y - pos[e.from].y)});
        if (network.getNodeAt(p) === undefined && network.getEdgeAt(p) === id) return {x: box.x + p.x, y: box.y + p.y};
    }
    return null;
}"""
NODE_POINT = """id => {
    const box = document.getElementById("kg-network").getBoundingClientRect();
    const p = network.canvasToDOM(network.getPositions([id])[id]);
    return {x: box.x + p.x, y: box.y + p.y};
}"""


def hover_tooltip(page, where: str, item: int) -> str:
    """Reset the view, move the mouse onto the point ``where(item)`` gives; the tooltip's text."""
    page.click("#kg-reset")  # no selection, no focus animation: the whole graph, still
    box = page.query_selector("#kg-network").bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + box["height"] - 3, steps=2)  # a corner, off the graph
    page.wait_for_selector("div.vis-tooltip", state="hidden")
    point = page.evaluate(where, item)
    page.mouse.move(point["x"], point["y"], steps=4)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert page.query_selector_all("div.vis-tooltip *:not(.kg-tip)") == []  # text only, no markup
    return page.text_content("div.vis-tooltip")


def test_viz_browser_edge_tooltip_shows_events_as_text(loaded):
    page = loaded.page
    edge = page.evaluate("kgPage.edges.getIds().find(id => kgPage.edgeTip(id).includes('alert(2)'))")
    text = hover_tooltip(page, EDGE_POINT, edge)
    assert text.startswith("钱多多 — " + XSS_LABEL) and "Weight: 1" in text and XSS_QUOTE in text
    assert loaded.dialogs == []


def test_viz_browser_node_tooltip_shows_the_label_as_text(loaded):
    page = loaded.page
    node = page.evaluate(f"kgPage.nodes.getIds().find(id => kgPage.nodes.get(id).label === {XSS_LABEL!r})")
    text = hover_tooltip(page, NODE_POINT, node)
    assert text.startswith(XSS_LABEL + "\nKind: Official")
    assert loaded.dialogs == []


def test_viz_browser_search_selects_a_node(loaded):
    page = loaded.page
    page.fill("#kg-search", "孙小")
    page.press("#kg-search", "Enter")
    selected = page.evaluate("network.getSelectedNodes().map(id => kgPage.nodes.get(id).label)")
    assert selected == ["孙小美"]


def test_viz_browser_filters_by_kind_and_weight(loaded):
    page = loaded.page
    page.uncheck('input[data-kind="body"]')
    assert page.evaluate("network.body.data.nodes.length") == 5
    page.fill("#kg-min-weight", "2")
    page.dispatch_event("#kg-min-weight", "change")
    assert page.evaluate("network.body.data.edges.length") == 1
    page.click("#kg-reset")
    assert page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]") == [6, 4]


def test_viz_browser_screenshot(loaded, tmp_path):
    shot = tmp_path / "page.png"
    loaded.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
