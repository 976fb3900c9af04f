"""The interactive page for a network: one HTML file that works offline.

``write_page(G, path)`` draws a graph that follows the network contract (node ``label``,
``kind``, optional ``titles``, metrics, ``x``/``y``; edge ``weight``, ``events``; graph
``title``, ``filters``) with vis-network, whose JS and CSS (shipped inside pyvis) are inlined;
nodes, edges and events are one JSON block; a Content-Security-Policy forbids any request.
pyvis's ``Network`` is not used: ``from_nx`` took 117 s for 5,000 nodes, its template links
Bootstrap from a CDN and its default mode writes a ``lib/`` folder. Texts reach the page
HTML-escaped or as JSON with ``<>&`` escaped; tooltips are made as text, never parsed as HTML.
The same graph gives the same bytes. How kinds, metrics and vis-network look is data
(``data/viz/kinds.tsv``, ``metrics.tsv``, ``options.json``); the page is ``data/viz/page.html``.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import math
import numbers
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import InputError, UsageError
from kg.resources import resource_path

SIZE_RANGE = (8.0, 30.0)  # node radius in pixels, smallest to largest metric value
DEFAULT_SIZE = 6.0  # nodes without the metric
WIDTH_RANGE = (1.0, 8.0)  # edge width in pixels, lightest to heaviest
PHYSICS_MAX_NODES = 2000  # above this, a precomputed layout and no physics
SETTLE_MS = 5000  # the page stops the layout after this long, settled or not
MAX_TITLES = 8  # per node tooltip
MAX_EVENTS = 5  # per edge tooltip
MAX_QUOTE = 200  # characters of an event's source text
SPACING = 30.0  # pixels between neighbours in the computed layout
VIS_LIB = "templates/lib/vis-9.1.2"  # inside the pyvis package
_MARKER = re.compile(r"@@([A-Z_]+)@@")
_GOLDEN = math.pi * (3.0 - math.sqrt(5.0))


@dataclass(frozen=True)
class KindStyle:
    """How one node kind is drawn: legend text, colour, vis-network shape, legend symbol."""

    legend: str
    colour: str
    shape: str
    symbol: str


def _rows(name: str) -> list[list[str]]:
    text = resource_path("data", "viz", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.cache
def load_kinds() -> dict[str, KindStyle]:
    """The node kinds a page draws, in legend order (``data/viz/kinds.tsv``).

    >>> load_kinds()["official"].shape
    'dot'
    """
    return {row[0]: KindStyle(*row[1:5]) for row in _rows("kinds.tsv")}


@functools.cache
def load_metrics() -> dict[str, tuple[str, bool]]:
    """Node attribute → (tooltip label, may size nodes), in tooltip order (``data/viz/metrics.tsv``)."""
    return {row[0]: (row[1], row[2] == "yes") for row in _rows("metrics.tsv")}


def size_metrics() -> tuple[str, ...]:
    """The node attributes ``write_page`` may size nodes by.

    >>> size_metrics()
    ('degree', 'weighted_degree', 'betweenness', 'pagerank')
    """
    return tuple(name for name, (_, sizable) in load_metrics().items() if sizable)


@functools.cache
def vis_assets() -> tuple[str, str]:
    """vis-network's CSS and JS as pyvis ships them, without source-map comments."""
    spec = importlib.util.find_spec("pyvis")  # finds the package without importing it (1.4 s)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: the page inlines the vis-network it ships")
    lib = Path(list(spec.submodule_search_locations)[0], VIS_LIB)
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    if "</style" in css.lower() or "</script" in js.lower() or "<!--" in js:
        raise RuntimeError(f"pyvis's {VIS_LIB} cannot be inlined as it is")
    return css, js


def number(value: Any) -> float | None:
    """``value`` as a finite float, or None when it is not a number (bools are not).

    >>> number(3), number("3"), number(float("nan")), number(True)
    (3.0, None, None, None)
    """
    if type(value) not in (int, float) and (isinstance(value, bool) or not isinstance(value, numbers.Real)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def scale(values: dict[Any, float], low: float, high: float) -> dict[Any, float]:
    """Map values onto ``[low, high]`` by the square root of their share of the range, so that
    area follows value; all equal → the middle. Rounded to 2 places.

    >>> scale({"a": 0, "b": 2.5, "c": 10}, 10, 40)
    {'a': 10.0, 'b': 25.0, 'c': 40.0}
    """
    if not values:
        return {}
    lo, hi = min(values.values()), max(values.values())
    if hi == lo:
        return {key: round((low + high) / 2, 2) for key in values}
    return {key: round(low + math.sqrt((v - lo) / (hi - lo)) * (high - low), 2) for key, v in values.items()}


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, saying how many more there were.

    >>> truncate("一二三四五", 3)
    '一二三… (2 more characters)'
    """
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text) - limit} more characters)"


def _text(value: Any, one_line: bool = False) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split()) if one_line else text


def _show(value: float) -> str:
    """A metric as a tooltip shows it: whole numbers plainly, others to 4 significant digits."""
    return str(int(value)) if value.is_integer() else f"{value:.4g}"


def node_tip(label: str, data: dict[str, Any]) -> str:
    """A node's tooltip text: label, kind, titles and the metrics it has, one per line."""
    lines = [label, f"Kind: {load_kinds()[data['kind']].legend}"]
    raw = data.get("titles") or []
    titles = [_text(t, True) for t in ([raw] if isinstance(raw, str) else raw)]
    if titles:
        more = f"; … and {len(titles) - MAX_TITLES} more" if len(titles) > MAX_TITLES else ""
        lines.append("Titles: " + "; ".join(titles[:MAX_TITLES]) + more)
    for attr, (name, _) in load_metrics().items():
        value = number(data.get(attr))
        if value is not None:
            lines.append(f"{name}: {_show(value)}")
    return "\n".join(lines)


def _check_kind(node: Any, data: dict[str, Any]) -> str:
    kind = data.get("kind")
    kinds = load_kinds()
    if not isinstance(kind, str) or kind not in kinds:
        raise InputError(f"node {node!r} has kind {kind!r}; a page draws only {', '.join(kinds)}")
    return kind


def node_sizes(g: nx.Graph, order: list[Any], size_by: str) -> dict[Any, float]:
    """Pixel size of each node by its ``size_by`` value; ``DEFAULT_SIZE`` where it has none."""
    values = {n: v for n in order if (v := number(g.nodes[n].get(size_by))) is not None}
    sized = scale(values, *SIZE_RANGE)
    return {n: sized.get(n, DEFAULT_SIZE) for n in order}


def given_layout(g: nx.Graph, order: list[Any]) -> dict[Any, tuple[float, float]] | None:
    """The nodes' own ``x``/``y``, centred and scaled to pixels; None unless every node has both."""
    points: list[tuple[float, float]] = []
    for n in order:
        x, y = number(g.nodes[n].get("x")), number(g.nodes[n].get("y"))
        if x is None or y is None:
            return None
        points.append((x, y))
    if not points:
        return None
    cx, cy = sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)
    factor = SPACING * math.sqrt(len(points)) / (max(max(abs(x - cx), abs(y - cy)) for x, y in points) or 1.0)
    return {n: (round((x - cx) * factor, 1), round((y - cy) * factor, 1)) for n, (x, y) in zip(order, points)}


def _group(data: dict[str, Any]) -> tuple[str, str]:
    community = data.get("community")
    if isinstance(community, numbers.Integral) and not isinstance(community, bool):
        return ("community", str(int(community)))
    return ("kind", _text(data.get("kind")))


def spiral_layout(g: nx.Graph, order: list[Any], sizes: dict[Any, float]) -> dict[Any, tuple[float, float]]:
    """A cheap layout for big graphs: each community (or kind) a sunflower spiral of its nodes,
    largest in the middle; the groups, largest first, along a sunflower spiral of their own."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for n in order:
        groups.setdefault(_group(g.nodes[n]), []).append(n)
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    positions: dict[Any, tuple[float, float]] = {}
    placed = 0
    for k, (_, members) in enumerate(ranked):
        distance = 0.0 if k == 0 else SPACING * 1.2 * (math.sqrt(placed) + math.sqrt(len(members)))
        cx, cy = distance * math.cos(k * _GOLDEN), distance * math.sin(k * _GOLDEN)
        for i, n in enumerate(sorted(members, key=lambda m: -sizes[m])):
            r, angle = SPACING * math.sqrt(i + 0.5), i * _GOLDEN
            positions[n] = (round(cx + r * math.cos(angle), 1), round(cy + r * math.sin(angle), 1))
        placed += len(members)
    return positions


def _event_key(event: dict[str, Any]) -> tuple[str, str, str, str, str]:
    """(date, type, roles, quote, source) as the page shows them; the quote on one line, cut."""
    return (_text(event.get("date")), _text(event.get("type")), _text(event.get("roles"), True),
            truncate(_text(event.get("quote"), True), MAX_QUOTE), _text(event.get("source")))


def _weight(data: dict[str, Any]) -> int | float:
    """An edge's weight (1 when it has none), whole numbers as int."""
    value = number(data.get("weight"))
    return 1 if value is None else int(value) if value.is_integer() else round(value, 6)


def edge_rows(g: nx.Graph, index: dict[Any, int]) -> tuple[list[list[Any]], list[list[str]]]:
    """The page's edges ``[from, to, weight, width, events, [event numbers]]`` in node order,
    and the events table they point into (each event once, however many edges share it)."""
    ends = []
    for u, v, data in g.edges(data=True):
        a, b = index[u], index[v]
        ends.append((b, a, _weight(data), data) if not g.is_directed() and a > b else (a, b, _weight(data), data))
    ends.sort(key=lambda row: (row[0], row[1]))
    widths = scale({i: row[2] for i, row in enumerate(ends)}, *WIDTH_RANGE)
    table: dict[tuple[str, ...], int] = {}
    seen: dict[int, tuple[str, ...]] = {}  # id(event dict) → key: edges of one meeting share its dict
    rows = []
    for i, (a, b, weight, data) in enumerate(ends):
        events = [e for e in data.get("events") or [] if isinstance(e, dict)]
        keys = sorted((seen[id(e)] if id(e) in seen else seen.setdefault(id(e), _event_key(e)) for e in events),
                      key=lambda k: (k[0], k[4], k[1], k[2], k[3]))  # by date, then source
        rows.append([a, b, weight, widths[i], len(events), [table.setdefault(k, len(table)) for k in keys[:MAX_EVENTS]]])
    return rows, [list(key) for key in table]


def vis_options(nodes: int, edges: int, physics: bool, directed: bool) -> dict[str, Any]:
    """vis-network options: ``data/viz/options.json`` (straight edges, hover tooltips, a
    Barnes–Hut layout that runs before the first drawing; the page turns physics off once
    stabilization is done), with what depends on the graph set here: fewer iterations for
    bigger graphs (250 at 200 nodes, 100 from 500) and above 500 nodes a coarser Barnes–Hut
    (theta 1.0), which halves the time 2,000 nodes take to settle in headless Chromium."""
    options = json.loads(resource_path("data", "viz", "options.json").read_text(encoding="utf-8"))
    options["edges"]["arrows"]["to"]["enabled"] = directed
    options["interaction"].update(hideEdgesOnDrag=edges > 5000, hideEdgesOnZoom=edges > 5000)
    options["physics"]["enabled"] = options["physics"]["stabilization"]["enabled"] = physics
    options["physics"]["stabilization"]["iterations"] = max(100, min(250, 50_000 // max(nodes, 1)))
    if nodes > 500:
        options["physics"]["barnesHut"]["theta"] = 1.0
    return options


def page_data(g: nx.Graph, size_by: str = "weighted_degree") -> dict[str, Any]:
    """Everything the page's script reads: kinds, nodes, edges, events and vis options."""
    if size_by not in size_metrics():
        raise UsageError(f"size_by {size_by!r}: choose one of {', '.join(size_metrics())}")
    order = sorted(g.nodes, key=str)
    index = {n: i for i, n in enumerate(order)}
    kinds = {n: _check_kind(n, g.nodes[n]) for n in order}
    sizes = node_sizes(g, order, size_by)
    positions = given_layout(g, order)
    physics = positions is None and len(order) <= PHYSICS_MAX_NODES
    if positions is None and not physics:
        positions = spiral_layout(g, order, sizes)
    nodes = []
    for i, n in enumerate(order):
        label = _text(g.nodes[n].get("label")) or _text(n)
        item: dict[str, Any] = {"id": i, "label": label, "kind": kinds[n], "size": sizes[n],
                                "tip": node_tip(label, g.nodes[n])}
        if positions is not None:
            item["x"], item["y"] = positions[n]
        nodes.append(item)
    edges, events = edge_rows(g, index)
    present = set(kinds.values())
    used = {k: {"colour": s.colour, "shape": s.shape} for k, s in load_kinds().items() if k in present}
    return {"directed": g.is_directed(), "kinds": used, "nodes": nodes, "edges": edges, "events": events,
            "settle_ms": SETTLE_MS, "options": vis_options(len(nodes), len(edges), physics, g.is_directed())}


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and line separators escaped.

    >>> script_json({"q": "</script>"})
    '{"q":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _e(value: Any) -> str:
    return html.escape(_text(value), quote=True)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


def header_html(title: str, filters: str, data: dict[str, Any], size_by: str) -> str:
    """The heading: title, filters, counts and what size, width and layout mean (all escaped)."""
    nodes, edges = len(data["nodes"]), len(data["edges"])
    layout = ("force-directed, stops once settled" if data["options"]["physics"]["enabled"]
              else "precomputed, no physics")
    return (f"<h1>{_e(title)}</h1>\n<p>Filters: {_e(filters or 'none')}</p>\n"
            f"<p>{_count(nodes, 'node')} · {_count(edges, 'edge')} · node size: {_e(load_metrics()[size_by][0])} · "
            f"edge width: weight · layout: {_e(layout)}</p>")


def legend_html(data: dict[str, Any]) -> str:
    """One checkbox per kind on the page (ticked: shown), with its symbol, colour and count."""
    counts: dict[str, int] = {}
    for node in data["nodes"]:
        counts[node["kind"]] = counts.get(node["kind"], 0) + 1
    return "\n".join(
        f'<label class="kg-kind"><input type="checkbox" data-kind="{_e(kind)}" checked> '
        f'<span class="kg-symbol" style="color:{_e(style.colour)}">{_e(style.symbol)}</span> '
        f"{_e(style.legend)} ({counts[kind]:,})</label>"
        for kind, style in load_kinds().items() if kind in counts)


def render_page(g: nx.Graph, *, size_by: str = "weighted_degree", heading: str | None = None) -> str:
    """The page for ``g`` as one string of HTML (what ``write_page`` writes)."""
    data = page_data(g, size_by)
    title = heading or _text(g.graph.get("title")) or "Network"
    css, js = vis_assets()
    parts = {"TITLE": _e(title), "VIS_CSS": css, "VIS_JS": js, "LEGEND": legend_html(data),
             "HEADER": header_html(title, _text(g.graph.get("filters")), data, size_by), "DATA": script_json(data)}
    template = resource_path("data", "viz", "page.html").read_text(encoding="utf-8")
    return _MARKER.sub(lambda m: parts[m.group(1)], template)


def write_page(g: nx.Graph, path: str | Path, *, size_by: str = "weighted_degree", heading: str | None = None) -> None:
    """Write the interactive page for ``g`` to ``path``: one HTML file that needs no network.

    Nodes are coloured and shaped by ``kind`` and sized by ``size_by`` (one of
    ``size_metrics()``); edges are as wide as their weight; tooltips list metrics and shared
    events. ``heading`` replaces ``g.graph["title"]``. The file is replaced atomically;
    nothing else is written. Raises UsageError for an unknown ``size_by``, InputError for a
    node of unknown kind or a path that cannot be written.

    Examples
    --------
    ``write_page(g, "who-met-whom.html")`` writes what ``render_page`` returns:

    >>> g = nx.Graph(title="示例", filters="none")
    >>> g.add_node("a", label="钱多多", kind="official", weighted_degree=2)
    >>> g.add_node("b", label="孙小美", kind="official_elsewhere")
    >>> g.add_edge("a", "b", weight=2)
    >>> "<h1>示例</h1>" in render_page(g)
    True
    """
    write_atomic(Path(path), render_page(g, size_by=size_by, heading=heading).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` through a temporary file beside ``path`` and an atomic rename."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
