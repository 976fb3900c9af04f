"""Research matrices as CSV for R or pandas: a person × event incidence matrix, and
co-appearance matrices per period (month, quarter, year), optionally weighted by event type."""

from __future__ import annotations

import csv
import io

import networkx as nx


def period_of(day: str, period: str) -> str:
    """``2019-11-04`` → ``2019-11`` (month), ``2019-Q4`` (quarter) or ``2019`` (year).

    >>> [period_of("2019-11-04", p) for p in ("month", "quarter", "year")]
    ['2019-11', '2019-Q4', '2019']
    """
    year, month = day[:4], int(day[5:7])
    return {"month": day[:7], "quarter": f"{year}-Q{(month - 1) // 3 + 1}", "year": year}[period]


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _labels(g: nx.Graph) -> dict[str, str]:
    """Node → label, made unique where two persons share a name (李明, 李明 #2)."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for n in sorted(g, key=lambda n: (g.nodes[n].get("label", n), n)):
        label = g.nodes[n].get("label", n)
        seen[label] = seen.get(label, 0) + 1
        out[n] = label if seen[label] == 1 else f"{label} #{seen[label]}"
    return out


def incidence(g: nx.Graph) -> bytes:
    """Persons (rows) × events (columns, ``date event-id``): 1 where the person took part
    (every event of the network, also those a person attended alone)."""
    events = {e: day for e, (day, _) in g.graph.get("incidence", {}).items()}
    taking = {e: set(people) for e, (_, people) in g.graph.get("incidence", {}).items()}
    cols = sorted(events, key=lambda e: (events[e], e))
    labels = _labels(g)
    rows: list[list[object]] = [["person"] + [f"{events[e]} {e.rsplit('/', 1)[-1]}" for e in cols]]
    for n in sorted(g, key=lambda n: labels[n]):
        rows.append([labels[n]] + [1 if n in taking[e] else 0 for e in cols])
    return _csv(rows)


def coappearance(g: nx.Graph, period: str = "month", type_weights: dict[str, float] | None = None) -> dict[str, bytes]:
    """One persons × persons matrix per period (key ``2019-11``…) plus ``long`` (period, a, b,
    weight): the number of shared events, or their summed type weights."""
    cells: dict[str, dict[tuple[str, str], float]] = {}
    for a, b, data in g.edges(data=True):
        for ev in data.get("events", []):
            w = (type_weights or {}).get(ev["type"], 1.0 if type_weights is None else 0.0)
            if w:
                key = period_of(ev["date"], period)
                pair = tuple(sorted((a, b)))
                cells.setdefault(key, {})[pair] = cells.setdefault(key, {}).get(pair, 0) + w  # type: ignore[index]
    labels = _labels(g)
    people = sorted(g, key=lambda n: labels[n])
    out: dict[str, bytes] = {}
    long: list[list[object]] = [["period", "a", "b", "weight"]]
    for key in sorted(cells):
        m = cells[key]
        rows: list[list[object]] = [["person"] + [labels[p] for p in people]]
        for p in people:
            rows.append([labels[p]] + [_num(m.get(tuple(sorted((p, q))), 0)) if p != q else 0 for q in people])  # type: ignore[arg-type]
        out[key] = _csv(rows)
        long += [[key, labels[a], labels[b], _num(w)] for (a, b), w in sorted(m.items(), key=lambda kv: (labels[kv[0][0]], labels[kv[0][1]]))]
    out["long"] = _csv(long)
    return out


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)
