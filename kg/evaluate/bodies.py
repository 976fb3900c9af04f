"""Score body resolution against ``tests/gold/bodies/*.jsonl``.

For each gold mention the graph's body carrying that written form (as a label) is looked
up; the mention is resolved right when that body's canonical name (``skos:prefLabel``)
is the gold's. Category and parent are scored on the mentions found.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.evaluate.chronicle import Score, _value, load_jsonl_gold

Q_BODIES = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label ?pref ?category ?parent WHERE {
  ?b a org:Organization ; skos:prefLabel ?pref ; skos:prefLabel|skos:altLabel ?label .
  OPTIONAL { ?b org:classification ?category }
  OPTIONAL { ?b org:subOrganizationOf/skos:prefLabel ?parent }
}"""


def load_body_gold(folder: Path) -> dict[str, list[dict[str, object]]]:
    """Body-mention gold per source stem, from ``folder/bodies/*.jsonl``."""
    return load_jsonl_gold(folder, "bodies")


def score_bodies(store: ox.Store, gold: dict[str, list[dict[str, object]]]) -> dict[str, Score]:
    by_label: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for sol in store.query(Q_BODIES):  # type: ignore[union-attr]
        by_label[_value(sol["label"])].add(
            (_value(sol["pref"]), _value(sol["category"]).rsplit("category-", 1)[-1], _value(sol["parent"])))
    s = {"bodies resolved": Score(), "body categories": Score(), "body parents": Score()}
    for stem, rows in gold.items():
        for g in rows:
            tag = f"{stem}:{g['line']} · {g['written']}"
            found = by_label.get(str(g["written"]).translate(str.maketrans("()〈〉", "（）（）")), set()) | by_label.get(str(g["written"]), set())
            if not found:
                s["bodies resolved"].fn += 1
                s["bodies resolved"].misses.append(f"unresolved {tag} (gold {g['canonical']})")
                continue
            right = [f for f in found if f[0] == g["canonical"]]
            if right:
                s["bodies resolved"].tp += 1
            else:
                s["bodies resolved"].fp += 1
                s["bodies resolved"].fn += 1
                s["bodies resolved"].misses.append(f"wrong {tag} → {sorted(f[0] for f in found)[0]} (gold {g['canonical']})")
            pick = (right or sorted(found))[0]
            for measure, got, want in (("body categories", pick[1], g["category"]), ("body parents", pick[2], g["parent"] or "")):
                if got == want:
                    s[measure].tp += 1
                else:
                    s[measure].fp += 1
                    s[measure].fn += 1
                    s[measure].misses.append(f"wrong {tag} · gold {want or '-'} · got {got or '-'}")
    return s


Q_TITLES = """PREFIX gkg: <https://w3id.org/gazette-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?title (MAX(IF(BOUND(?role) && BOUND(?body), 1, 0)) AS ?understood) WHERE {
  ?m gkg:titleText ?title . OPTIONAL { ?m org:role ?role ; org:organization ?body } }
GROUP BY ?title"""


def score_titles_decomposed(store: ox.Store) -> Score:
    """Distinct titles whose body and role the graph states (a title → meaning measure:
    precision is not judged here, only coverage)."""
    s = Score()
    for sol in store.query(Q_TITLES):  # type: ignore[union-attr]
        if _value(sol["understood"]) == "1":
            s.tp += 1
        else:
            s.fn += 1
            s.misses.append(f"not decomposed · {_value(sol['title'])}")
    return s
