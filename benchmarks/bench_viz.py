"""Benchmark: how long ``kg.viz.write_page`` takes for big networks, and (``--browser``) how
long the page takes to settle in headless Chromium.

The graphs are synthetic who-met-whom networks: persons in communities, meetings of 3–8 of
them (mostly within one community), an edge per pair that met, its weight the meetings they
shared and its events those meetings, each with a quote of 120 characters; about 12 edges
per node. Node attributes follow the network contract (label, kind, metrics, community).

    python benchmarks/bench_viz.py                          # 1k, 5k, 20k nodes: seconds to write
    python benchmarks/bench_viz.py --sizes 200 2000 --browser   # also seconds to settle in Chromium

Reported, not asserted: times depend on the machine. ``--browser`` needs Playwright and
/usr/bin/chromium; the page is ready once physics has stopped (``body[data-ready]``).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.viz import write_page  # noqa: E402

KINDS = ["official"] * 7 + ["official_elsewhere"] * 3
CHROMIUM = "/usr/bin/chromium"


def meetings_graph(nodes: int, edges_per_node: int = 12, seed: int = 1) -> nx.Graph:
    """A who-met-whom network of ``nodes`` persons and about ``edges_per_node × nodes`` edges."""
    rng = random.Random(seed)
    communities = max(1, nodes // 60)
    pairs: dict[tuple[int, int], list[dict]] = {}
    day = 0
    while len(pairs) < nodes * edges_per_node:
        day += 1
        home = rng.randrange(communities)
        people = {rng.randrange(home, nodes, communities) if rng.random() < 0.9 else rng.randrange(nodes)
                  for _ in range(rng.randint(3, 8))}
        ev = {"date": f"2019-{1 + day % 12:02d}-{1 + day % 28:02d}", "type": "Meeting",
              "roles": "; ".join(f"官员{p}: Attendee" for p in sorted(people)), "quote": "会议" * 60,
              "source": f"synthetic.txt:{day}"}
        for pair in itertools.combinations(sorted(people), 2):
            pairs.setdefault(pair, []).append(ev)
    g = nx.Graph(title=f"synthetic who-met-whom, {nodes:,} persons", filters="none (synthetic)")
    g.add_nodes_from((f"p{n}", {"label": f"官员{n}", "kind": KINDS[n % len(KINDS)], "community": n % communities,
                                "titles": ["副市长"]}) for n in range(nodes))
    g.add_edges_from((f"p{u}", f"p{v}", {"weight": len(evs), "events": evs}) for (u, v), evs in pairs.items())
    for n, d in g.degree(weight="weight"):
        g.nodes[n].update(degree=g.degree(n), weighted_degree=d)
    return g


def settle_seconds(path: Path) -> float:
    """Seconds from opening the page until its physics stopped (or it was drawn, without physics)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready]", state="attached", timeout=600_000)
        seconds = time.perf_counter() - started
        browser.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000], help="node counts")
    parser.add_argument("--browser", action="store_true", help="also time the page in headless Chromium")
    args = parser.parse_args()
    print("| nodes | edges | events | write s | MB | settle s |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            g = meetings_graph(size)
            events = len({e["source"] for _, _, d in g.edges(data=True) for e in d["events"]})
            path = Path(folder) / f"page-{size}.html"
            started = time.perf_counter()
            write_page(g, path)
            seconds = time.perf_counter() - started
            settle = f"{settle_seconds(path):.1f}" if args.browser else "–"
            print(f"| {size:,} | {g.number_of_edges():,} | {events:,} | {seconds:.2f} | "
                  f"{path.stat().st_size / 1e6:.1f} | {settle} |", flush=True)


if __name__ == "__main__":
    main()
