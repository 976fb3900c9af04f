"""Benchmark: the query library on the sample and on graphs 10× and 100× larger, Oxigraph
(the on-disk store, as ``kg query`` uses it) against rdflib in memory.

The larger graphs are the sample's graph copied N times with every resource IRI renamed per
copy (``…/id/c7/person/…``), so each copy is a separate set of persons, bodies and events
with the same shape; vocabulary IRIs and literals stay as they are.

    python benchmarks/bench_queries.py                 # scales 1, 10, 100; Markdown on stdout
    python benchmarks/bench_queries.py --scales 1 10 --repeat 3 --rdflib-limit 120

Reported, not asserted: times depend on the machine. Each query runs ``--repeat`` times and
the best time is kept; an rdflib query that runs longer than ``--rdflib-limit`` seconds is
stopped and shown as "> limit".
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.ids import RESOURCE_BASE  # noqa: E402
from kg.pipeline import build  # noqa: E402
from kg.query import dataset, load_query_text, query_header  # noqa: E402
from kg.resources import resource_dir  # noqa: E402


def replicate(nt_lines: list[str], copies: int, out: Path) -> int:
    """Write ``copies`` renamed copies of the N-Triples lines to ``out``; returns triples."""
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for k in range(copies):
            prefix = f"<{RESOURCE_BASE}c{k}/"
            for line in nt_lines:
                fh.write(line.replace(f"<{RESOURCE_BASE}", prefix) + "\n")
                n += 1
    return n


def library() -> dict[str, str]:
    """The query library by name: ``queries/*.rq``, then the tables ``kg export --tables``
    writes (``queries/tables/*.rq``, named ``tables/people``)."""
    root = resource_dir("queries")
    out = {p.stem: p.read_text(encoding="utf-8") for p in sorted(root.glob("*.rq"))}
    out.update({f"tables/{p.stem}": p.read_text(encoding="utf-8") for p in sorted((root / "tables").glob("*.rq"))})
    return out


def required_params(text: str) -> list[str]:
    """Parameters a query needs (its header says 'required')."""
    head = query_header(text).get("parameters", "")
    return [part.split("—")[0].strip().lstrip("?") for part in head.split(",") if "required" in part]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def _rdflib_child(graph: rdflib.Graph, text: str, bindings: dict, repeat: int, conn) -> None:  # type: ignore[no-untyped-def]
    try:
        conn.send(("ok", best(lambda: list(graph.query(text, initBindings=bindings)), repeat)))
    except Exception as exc:  # noqa: BLE001 - reported in the table
        conn.send(("error", f"{type(exc).__name__}"))


def time_rdflib(graph: rdflib.Graph, text: str, bindings: dict, repeat: int, limit: float) -> str | float:
    ctx = multiprocessing.get_context("fork")  # the child shares the loaded graph
    mine, theirs = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_rdflib_child, args=(graph, text, bindings, repeat, theirs))
    child.start()
    try:
        if not mine.poll(limit * repeat):
            return f"> {limit:g} s"
        status, value = mine.recv()
        return value if status == "ok" else value
    finally:
        if child.is_alive():
            child.kill()
        child.join()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rdflib-limit", type=float, default=60.0, help="seconds before an rdflib query is stopped")
    ap.add_argument("--no-rdflib-above", type=int, default=100, help="skip rdflib above this scale")
    args = ap.parse_args()

    sample = resource_dir("data") / "corpus" / "qujing-gazette-2019-12.txt"
    result = build([sample])
    nt = sorted(line for line in result.graph.serialize(format="nt11").splitlines() if line.strip())
    queries = library()
    top = max(((str(o), len(list(result.graph.subjects(rdflib.URIRef("http://www.w3.org/ns/prov#wasAssociatedWith"), s))))
               for s, _, o in result.graph.triples((None, rdflib.URIRef("http://xmlns.com/foaf/0.1/name"), None))),
              key=lambda x: x[1])[0]
    rows: dict[str, dict[str, object]] = {name: {} for name in queries}
    notes = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for scale in args.scales:
            path = Path(tmp) / f"x{scale}.nt"
            triples = replicate(nt, scale, path)
            started = time.perf_counter()
            store = ox.Store(str(Path(tmp) / f"store{scale}"))
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
            store.flush()
            ox_load = time.perf_counter() - started
            graph = None
            rd_load = None
            if scale <= args.no_rdflib_above:
                started = time.perf_counter()
                graph = rdflib.Graph()
                graph.parse(str(path), format="nt")
                rd_load = time.perf_counter() - started
            notes.append(f"{scale}×: {triples:,} triples; load Oxigraph {ox_load:.1f} s"
                         + (f", rdflib {rd_load:.1f} s" if rd_load is not None else ", rdflib not run")
                         + f"; peak memory so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
            for name, text in queries.items():
                need = {p: top for p in required_params(text)}
                subs = {ox.Variable(k): ox.Literal(v) for k, v in need.items()}
                rows[name][f"ox{scale}"] = best(lambda: list(store.query(text, substitutions=subs or None, **dataset(store))),
                                                args.repeat)
                if graph is not None:
                    rows[name][f"rd{scale}"] = time_rdflib(graph, text, {k: rdflib.Literal(v) for k, v in need.items()},
                                                           args.repeat, args.rdflib_limit)
                print(f"  {scale}× {name}: {rows[name]}", file=sys.stderr, flush=True)
            del store, graph

    def cell(v: object) -> str:
        return f"{v * 1000:.1f}" if isinstance(v, float) else str(v or "–")

    print(f"# Query library: Oxigraph store vs rdflib in memory\n\n{platform.platform()}, Python "
          f"{platform.python_version()}, pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}; best of {args.repeat}.\n")
    for n in notes:
        print(f"- {n}")
    head = ["query"] + [f"{k} {s}× (ms)" for s in args.scales for k in ("Oxigraph", "rdflib")] + [f"ratio {s}×" for s in args.scales]
    print("\n| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    ratios: dict[int, list[float]] = {s: [] for s in args.scales}
    for name, r in rows.items():
        cells = [name] + [cell(r.get(f"{k}{s}")) for s in args.scales for k in ("ox", "rd")]
        for s in args.scales:
            o, d = r.get(f"ox{s}"), r.get(f"rd{s}")
            if isinstance(o, float) and isinstance(d, float) and o > 0:
                ratios[s].append(d / o)
                cells.append(f"{d / o:.0f}×")
            else:
                cells.append("–")
        print("| " + " | ".join(cells) + " |")
    print()
    for s, rs in ratios.items():
        if rs:
            rs.sort()
            print(f"- {s}×: rdflib/Oxigraph median {rs[len(rs) // 2]:.0f}×, min {rs[0]:.1f}×, max {rs[-1]:.0f}× "
                  f"over {len(rs)} queries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
