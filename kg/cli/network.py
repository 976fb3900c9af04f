"""``kg network`` and ``kg viz``: networks from the graph, their metrics, files and page."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kg.errors import InputError, UsageError


def _day(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r}: write a day as 2019-11-01") from None


def _network(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from kg.network import KINDS, Filters, add_metrics
    from kg.query import open_source

    f = Filters(start=_day(args.start, "--from"), end=_day(args.end, "--to"), types=frozenset(args.type),
                roles=frozenset(args.role), min_weight=args.min_weight, ego=args.ego, depth=args.depth, largest=args.largest)
    store = open_source(args.graph, args.input_format)
    build = KINDS[args.kind]
    if args.project and args.kind not in ("affiliation", "duties"):
        raise UsageError("--project applies to --kind affiliation or duties")
    if args.kind == "affiliation":
        g = build(store, f, project=args.project)
    elif args.kind == "duties":
        g = build(store, f, project=bool(args.project))
    else:
        g = build(store, f)
    return add_metrics(g)


def _write(path: str, data: bytes) -> None:
    from kg.export import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _cmd_network(args: argparse.Namespace) -> int:
    from kg.network import coappearance, edges_csv, gexf_bytes, graphml_bytes, incidence, leaders, nodes_csv

    g = _network(args)
    sys.stdout.write(leaders(g, args.top))
    if args.out:
        _write(str(Path(args.out) / "nodes.csv"), nodes_csv(g))
        _write(str(Path(args.out) / "edges.csv"), edges_csv(g))
    if args.gexf:
        _write(args.gexf, gexf_bytes(g))
    if args.graphml:
        _write(args.graphml, graphml_bytes(g))
    if args.matrix:
        if args.kind != "persons":
            raise UsageError("--matrix needs --kind persons (events join persons)")
        weights = _type_weights(args.type_weights) if args.type_weights else None
        _write(str(Path(args.matrix) / "person-event.csv"), incidence(g))
        for key, data in coappearance(g, args.period, weights).items():
            _write(str(Path(args.matrix) / f"coappearance-{key}.csv"), data)
    return 0


def _type_weights(path: str) -> dict[str, float]:
    try:
        rows = [line.split("\t") for line in Path(path).read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
        return {r[0].strip(): float(r[1]) for r in rows}
    except (OSError, IndexError, ValueError) as exc:
        raise InputError(f"{path}: a type-weights file has lines 'EventType<TAB>weight' ({exc})") from None


def _cmd_viz(args: argparse.Namespace) -> int:
    from kg.viz import write_page

    g = _network(args)
    write_page(g, args.output, size_by=args.size_by)
    print(f"kg viz: wrote {args.output} ({len(g)} nodes, {g.number_of_edges()} edges; {g.graph.get('filters')})",
          file=sys.stderr)
    return 0
