"""Networks as files for Gephi and friends: GEXF (dynamic, with dates, for Gephi's
timeline), GraphML, and node and edge CSV tables."""

from __future__ import annotations

import csv
import io

import networkx as nx

from kg.network.metrics import METRICS


def _scalar_copy(g: nx.Graph, dynamic: bool) -> nx.Graph:
    """A copy with only scalar attributes (lists joined); with ``dynamic``, each edge's
    events become GEXF spells (one per event day)."""
    h = g.__class__()
    h.graph.update({k: v for k, v in g.graph.items() if isinstance(v, (str, int, float))})
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: ("; ".join(map(str, v)) if isinstance(v, list) else v)
                         for k, v in d.items() if isinstance(v, (str, int, float, list)) and v is not None})
    for a, b, d in g.edges(data=True):
        attrs = {k: ("; ".join(map(str, v)) if isinstance(v, list) else v)
                 for k, v in d.items() if k != "events" and isinstance(v, (str, int, float, list))}
        events = d.get("events") or []
        if events:
            days = sorted({e["date"] for e in events})
            attrs.update(first=days[0], last=days[-1])
            if dynamic:
                attrs["spells"] = [(day, day) for day in days]
        h.add_edge(a, b, **attrs)
    if dynamic:
        h.graph["mode"] = "dynamic"
        h.graph["timeformat"] = "date"
        for n in h:
            days = sorted({e["date"] for nb in g[n] for e in (g[n][nb].get("events") or [])})
            if days:
                h.nodes[n]["start"], h.nodes[n]["end"] = days[0], days[-1]
    return h


def gexf_bytes(g: nx.Graph) -> bytes:
    """GEXF 1.2 with dates: nodes live from their first to their last event, edges on the
    days of their shared events (Gephi's timeline)."""
    out = io.BytesIO()
    nx.write_gexf(_scalar_copy(g, dynamic=True), out, version="1.2draft")
    return out.getvalue()


def graphml_bytes(g: nx.Graph) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(_scalar_copy(g, dynamic=False), out)
    return out.getvalue()


def nodes_csv(g: nx.Graph) -> bytes:
    """One row per node: id, label, kind, events, and the metrics."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "label", "kind", "events", *METRICS])
    for n, d in sorted(g.nodes(data=True), key=lambda nd: (nd[1].get("label", ""), nd[0])):
        w.writerow([n, d.get("label", ""), d.get("kind", ""), d.get("events", ""), *(d.get(m, "") for m in METRICS)])
    return out.getvalue().encode("utf-8")


def edges_csv(g: nx.Graph) -> bytes:
    """One row per edge: ends (ids and labels), weight, first and last shared day, events."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["source", "target", "source_label", "target_label", "weight", "first", "last", "events"])
    rows = []
    for a, b, d in g.edges(data=True):
        days = sorted({e["date"] for e in d.get("events") or []})
        rows.append([a, b, g.nodes[a].get("label", ""), g.nodes[b].get("label", ""), d.get("weight", 1),
                     days[0] if days else "", days[-1] if days else "",
                     "; ".join(e["event"].rsplit("/", 1)[-1] for e in d.get("events") or [])])
    w.writerows(sorted(rows, key=lambda r: (r[2], r[3], r[0], r[1])))
    return out.getvalue().encode("utf-8")
