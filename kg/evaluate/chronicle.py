"""Score a built graph against hand-checked chronicle gold (``tests/gold/chronicle/*.jsonl``).

Everything is read back from the graph through SPARQL, so what is measured is what a
researcher gets. Events are matched to gold entries by source file and line.

Measures (precision, recall, F1 over sets; accuracy where one value per entry):
participation (entry, person) · titles (entry, person, title) · roles (entry, person, role)
and per role · pairs (entry, person, person) · places (entry, place) · bodies (entry, body)
· event types · dates.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError

_PREFIXES = """PREFIX gkg: <https://w3id.org/gazette-kg/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
Q_EVENTS = _PREFIXES + """SELECT ?e ?file ?line ?s ?t ?start ?end ?type WHERE {
  ?e a gkg:Event ; schema:startDate ?start ; prov:wasDerivedFrom ?sp .
  OPTIONAL { ?e schema:endDate ?end } OPTIONAL { ?e gkg:eventType ?type }
  ?sp gkg:sourceFile ?file ; gkg:line ?line ; oa:start ?s ; oa:end ?t . }"""
Q_ROLES = _PREFIXES + """SELECT ?e ?name ?role WHERE {
  ?e a gkg:Event ; prov:qualifiedAssociation ?a . ?a prov:agent ?p ; prov:hadRole ?role .
  ?p a foaf:Person ; foaf:name ?name . }"""
Q_PEOPLE = _PREFIXES + """SELECT ?e ?name WHERE { ?e a gkg:Event ; prov:wasAssociatedWith ?p . ?p a foaf:Person ; foaf:name ?name . }"""
Q_TITLES = _PREFIXES + """SELECT ?name ?title ?file ?s WHERE {
  ?m org:member ?p ; gkg:titleText ?title ; prov:wasDerivedFrom ?sp . ?p foaf:name ?name .
  ?sp gkg:sourceFile ?file ; oa:start ?s . }"""
Q_PLACES = _PREFIXES + """SELECT ?e ?x ?label WHERE { ?e a gkg:Event ; schema:location ?x . ?x skos:prefLabel|skos:altLabel ?label . }"""
Q_BODIES = _PREFIXES + """SELECT ?e ?x ?label WHERE {
  ?e a gkg:Event . { ?e prov:wasAssociatedWith ?x } UNION { ?e gkg:visitedUnit ?x }
  ?x a <http://www.w3.org/ns/org#Organization> ; skos:prefLabel|skos:altLabel ?label . }"""

ROLE_NAMES = ("Chair", "Lead", "Speaker", "Accompanying", "Attendee")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)  # "missed: …" and "extra: …"

    def __add__(self, other: "Score") -> "Score":
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.misses + other.misses)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add_sets(self, gold: set[tuple[str, ...]], pred: set[tuple[str, ...]]) -> None:
        self.tp += len(gold & pred)
        self.fn += len(gold - pred)
        self.fp += len(pred - gold)
        self.misses.extend(f"missed {' · '.join(x)}" for x in sorted(gold - pred))
        self.misses.extend(f"extra  {' · '.join(x)}" for x in sorted(pred - gold))


@dataclass
class Report:
    scores: dict[str, Score]
    entries: int
    matched: int


def _value(term: object) -> str:
    return getattr(term, "value", "") if term is not None else ""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def load_jsonl_gold(folder: Path, kind: str) -> dict[str, list[dict[str, object]]]:
    """Gold rows per source stem, from ``folder/<kind>/*.jsonl``."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    gold = {}
    for f in sorted((folder / kind).glob("*.jsonl")):
        rows = []
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{f}:{n}: not JSON ({exc.msg})") from None
        gold[f.stem] = rows
    return gold


def load_gold(folder: Path) -> dict[str, list[dict[str, object]]]:
    """Chronicle gold entries per source stem, from ``folder/chronicle/*.jsonl``."""
    return load_jsonl_gold(folder, "chronicle")


def gold_sources(folder: Path, gold: dict[str, object], extra: list[Path], corpus: Path) -> list[Path]:
    """The source file for each gold stem: given paths first, then the gold's own
    ``sources/`` folder, then the shipped corpus."""
    by_stem = {p.stem: p for p in extra}
    out = []
    for stem in gold:
        for candidate in (by_stem.get(stem), folder / "sources" / f"{stem}.txt", corpus / f"{stem}.txt"):
            if candidate is not None and candidate.is_file():
                out.append(candidate)
                break
        else:
            raise InputError(f"no source text for gold file {stem}.jsonl (give its path)")
    return out


def score(store: ox.Store, gold: dict[str, list[dict[str, object]]]) -> Report:
    """Compare the graph in ``store`` with the gold entries."""
    events: dict[tuple[str, int], dict[str, object]] = {}
    for row in store.query(Q_EVENTS):
        key = (Path(_value(row["file"])).stem, int(_value(row["line"])))
        events[key] = {"iri": _value(row["e"]), "start": _value(row["start"]), "end": _value(row["end"]),
                       "type": _local(_value(row["type"])), "s": int(_value(row["s"])), "t": int(_value(row["t"])),
                       "file": _value(row["file"])}
    people: dict[str, set[str]] = defaultdict(set)
    for row in store.query(Q_PEOPLE):
        people[_value(row["e"])].add(_value(row["name"]))
    roles: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in store.query(Q_ROLES):
        roles[_value(row["e"])].add((_value(row["name"]), _local(_value(row["role"]))))
    titles: list[tuple[str, str, str, int]] = [
        (_value(r["file"]), _value(r["name"]), _value(r["title"]), int(_value(r["s"]))) for r in store.query(Q_TITLES)
    ]
    places: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.query(Q_PLACES):
        places[_value(row["e"])][_value(row["x"])].add(_value(row["label"]))
    bodies: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.query(Q_BODIES):
        bodies[_value(row["e"])][_value(row["x"])].add(_value(row["label"]))

    names = ["participation", "titles", "roles", *(f"role {r}" for r in ROLE_NAMES), "pairs", "places", "bodies",
             "event types", "dates"]
    s = {n: Score() for n in names}
    entries = matched = 0
    for stem, rows in gold.items():
        for g in rows:
            entries += 1
            line = int(g["line"])  # type: ignore[arg-type]
            tag = f"{stem}:{line}"
            ev = events.get((stem, line))
            gp = g["participants"]  # type: ignore[assignment]
            g_people = {(tag, p["name"]) for p in gp}  # type: ignore[index,union-attr]
            g_titles = {(tag, p["name"], t) for p in gp for t in p["titles"]}  # type: ignore[index,union-attr]
            g_roles = {(tag, p["name"], r) for p in gp for r in p["roles"]}  # type: ignore[index,union-attr]
            g_pairs = {(tag, *sorted(pair)) for pair in combinations(sorted({p["name"] for p in gp}), 2)}  # type: ignore[index,union-attr]
            if ev is None:
                for name in ("participation", "titles", "roles", "pairs"):
                    s[name].add_sets({"participation": g_people, "titles": g_titles, "roles": g_roles, "pairs": g_pairs}[name], set())
                s["dates"].fn += 1
                s["dates"].misses.append(f"missed event {tag}")
                continue
            matched += 1
            iri = str(ev["iri"])
            p_people = {(tag, n) for n in people[iri]}
            p_roles = {(tag, n, r) for n, r in roles[iri]}
            p_titles = {(tag, n, t) for f, n, t, off in titles
                        if f == ev["file"] and ev["s"] <= off < ev["t"]}  # type: ignore[operator]
            p_pairs = {(tag, *sorted(pair)) for pair in combinations(sorted(people[iri]), 2)}
            s["participation"].add_sets(g_people, p_people)
            s["titles"].add_sets(g_titles, p_titles)
            s["roles"].add_sets(g_roles, p_roles)
            for r in ROLE_NAMES:
                s[f"role {r}"].add_sets({x for x in g_roles if x[2] == r}, {x for x in p_roles if x[2] == r})
            s["pairs"].add_sets(g_pairs, p_pairs)
            _label_match(s["places"], tag, set(g["places"]), places[iri])  # type: ignore[arg-type]
            _label_match(s["bodies"], tag, set(g["bodies"]), bodies[iri])  # type: ignore[arg-type]
            _accuracy(s["event types"], tag, str(g["type"]), str(ev["type"]))
            _accuracy(s["dates"], tag, f"{g['start']}/{g['end']}", f"{ev['start']}/{ev['end']}")
    return Report(s, entries, matched)


def _label_match(sc: Score, tag: str, gold: set[str], pred: dict[str, set[str]]) -> None:
    """A gold label is found when some predicted entity carries it; a predicted entity is
    right when one of its labels is in the gold."""
    found = {g for g in gold if any(g in labels for labels in pred.values())}
    right = [x for x, labels in pred.items() if labels & gold]
    sc.tp += len(found)
    sc.fn += len(gold - found)
    wrong = [x for x in pred if x not in right]
    sc.fp += len(wrong)
    sc.misses.extend(f"missed {tag} · {g}" for g in sorted(gold - found))
    sc.misses.extend(f"extra  {tag} · {'/'.join(sorted(pred[x]))}" for x in sorted(wrong))


def _accuracy(sc: Score, tag: str, gold: str, pred: str) -> None:
    if gold == pred:
        sc.tp += 1
    else:
        sc.fp += 1
        sc.fn += 1
        sc.misses.append(f"wrong  {tag} · gold {gold} · got {pred}")


def format_report(report: Report, misses: int = 10) -> str:
    head = f"gold entries: {report.entries}, matched events: {report.matched}\n\n"
    return head + format_scores(report.scores, misses)


def format_scores(scores: dict[str, Score], misses: int = 10) -> str:
    lines = [f"{'measure':<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, sc in scores.items():
        lines.append(f"{name:<20} {sc.precision:6.3f} {sc.recall:6.3f} {sc.f1:6.3f} {sc.tp:5d} {sc.fp:5d} {sc.fn:5d}")
    if misses:
        for name, sc in scores.items():
            if sc.misses:
                lines.append(f"\n{name}: {len(sc.misses)} misses" + (f" (first {misses})" if len(sc.misses) > misses else ""))
                lines.extend(f"  {m}" for m in sc.misses[:misses])
    return "\n".join(lines) + "\n"
