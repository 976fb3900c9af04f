"""Score person resolution against ``tests/gold/persons/*.json``.

A gold file names the sources built together and, for each real person, every chronicle
entry they take part in (``source``, ``line`` of the entry, ``name`` as written). Each gold
mention is looked up in the graph: the person with that name (or written form) taking part
in the event read from that line. Then:

- **persons kept whole**: a gold person whose mentions all reach one IRI (a split person is
  a duplicate);
- **persons not merged**: a graph person whose mentions all belong to one gold person
  (an impure one is a false merge);
- **mention pairs**: pairwise precision and recall over pairs of found mentions (same gold
  person vs same IRI), the usual clustering measure.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.evaluate.chronicle import _PREFIXES, Score, _value

Q_PARTICIPANTS = _PREFIXES + """SELECT ?file ?line ?p ?name WHERE {
  ?e a gkg:Event ; prov:wasDerivedFrom ?sp ; prov:wasAssociatedWith ?p .
  ?sp gkg:sourceFile ?file ; gkg:line ?line .
  ?p a foaf:Person ; foaf:name|skos:altLabel ?name . }"""


def load_person_gold(folder: Path) -> dict[str, dict[str, object]]:
    """Person gold sets by file stem, from ``folder/persons/*.json``."""
    out = {}
    for path in sorted((folder / "persons").glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data.get("sources"), list) or not isinstance(data.get("persons"), list):
                raise ValueError("needs 'sources' and 'persons' lists")
        except (ValueError, AttributeError) as exc:
            raise InputError(f"{path}: not a person gold file ({exc})") from None
        out[path.stem] = data
    return out


def score_persons(store: ox.Store, gold: dict[str, object]) -> dict[str, Score]:
    """Compare the persons of the graph in ``store`` with one gold set."""
    iri_of: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    for row in store.query(Q_PARTICIPANTS):  # type: ignore[union-attr]
        name = "".join(_value(row["name"]).split())
        iri_of[(_value(row["file"]), int(_value(row["line"])), name)].add(_value(row["p"]))
    found: list[tuple[str, str, str]] = []  # (gold id, iri, tag)
    s = {"person mentions found": Score(), "persons kept whole": Score(), "persons not merged": Score(),
         "person mention pairs": Score()}
    for person in gold["persons"]:  # type: ignore[attr-defined]
        for m in person["mentions"]:
            tag = f"{Path(m['source']).stem}:{m['line']} · {m['name']}"
            iris = iri_of.get((m["source"], int(m["line"]), "".join(m["name"].split())), set())
            if len(iris) == 1:
                s["person mentions found"].tp += 1
                found.append((person["id"], next(iter(iris)), tag))
            else:
                s["person mentions found"].fn += 1
                s["person mentions found"].misses.append(f"{'not found' if not iris else 'ambiguous'} {tag} ({person['id']})")
    iris_of_gold: dict[str, set[str]] = defaultdict(set)
    golds_of_iri: dict[str, set[str]] = defaultdict(set)
    for gid, iri, _ in found:
        iris_of_gold[gid].add(iri)
        golds_of_iri[iri].add(gid)
    for gid, iris in sorted(iris_of_gold.items()):
        whole = s["persons kept whole"]
        if len(iris) == 1:
            whole.tp += 1
        else:
            whole.fn += 1
            whole.misses.append(f"split {gid} into {len(iris)} persons: " + ", ".join(
                sorted({t for g, _, t in found if g == gid})[:4]))
    for iri, gids in sorted(golds_of_iri.items()):
        pure = s["persons not merged"]
        if len(gids) == 1:
            pure.tp += 1
        else:
            pure.fp += 1
            pure.misses.append(f"merged {', '.join(sorted(gids))} into {iri.rsplit('/', 1)[-1]}")
    pairs = s["person mention pairs"]
    for i, (g1, p1, _) in enumerate(found):
        for g2, p2, _ in found[i + 1:]:
            if g1 == g2 and p1 == p2:
                pairs.tp += 1
            elif p1 == p2:
                pairs.fp += 1
            elif g1 == g2:
                pairs.fn += 1
    return s
