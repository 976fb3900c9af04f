"""Score body resolution against ``tests/gold/bodies/*.jsonl``, mention by mention.

Every body the text names carries a Web Annotation (``oa:hasBody`` the body, ``oa:hasTarget``
the span). A gold mention is found when an annotation on its line has its written form, and
resolved right when that body's canonical name (``skos:prefLabel``) is the gold's. Category
and parent are scored on the mentions found.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.evaluate.chronicle import Score, _value, load_jsonl_gold

Q_BODIES = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX gkg: <https://w3id.org/gazette-kg/ontology#>
SELECT ?file ?line ?exact ?pref ?category ?parent WHERE {
  ?note a oa:Annotation ; oa:hasBody ?b ; oa:hasTarget ?span .
  ?span gkg:sourceFile ?file ; gkg:line ?line ; oa:exact ?exact .
  ?b skos:prefLabel ?pref .
  OPTIONAL { ?b org:classification ?category }
  OPTIONAL { ?b org:subOrganizationOf/skos:prefLabel ?parent }
}"""

_FOLD = str.maketrans("()〈〉", "（）（）")


def load_body_gold(folder: Path) -> dict[str, list[dict[str, object]]]:
    """Body-mention gold per source stem, from ``folder/bodies/*.jsonl``."""
    return load_jsonl_gold(folder, "bodies")


def score_bodies(store: ox.Store, gold: dict[str, list[dict[str, object]]]) -> dict[str, Score]:
    """Mention by mention: the gold mention is found when the graph annotates a span with
    the same written form on that line (a span may run over a line break) and resolved
    right when the annotated body's canonical name is the gold's."""
    found: dict[tuple[str, str, int], set[tuple[str, str, str]]] = defaultdict(set)
    for sol in store.query(Q_BODIES):  # type: ignore[union-attr]
        exact = _value(sol["exact"])
        stem = _value(sol["file"]).rsplit(".", 1)[0]
        first = int(_value(sol["line"]))
        entry = (_value(sol["pref"]), _value(sol["category"]).rsplit("category-", 1)[-1], _value(sol["parent"]))
        for line in range(first, first + exact.count("\n") + 1):
            found[(stem, "".join(exact.split()).translate(_FOLD), line)].add(entry)
    s = {"bodies resolved": Score(), "body categories": Score(), "body parents": Score()}
    for stem, rows in gold.items():
        for g in rows:
            tag = f"{stem}:{g['line']} · {g['written']}"
            got = found.get((stem, str(g["written"]).translate(_FOLD), int(g["line"])), set())  # type: ignore[call-overload]
            if not got:
                s["bodies resolved"].fn += 1
                s["bodies resolved"].misses.append(f"unresolved {tag} (gold {g['canonical']})")
                continue
            right = [f for f in got if f[0] == g["canonical"]]
            if right:
                s["bodies resolved"].tp += 1
            else:
                s["bodies resolved"].fp += 1
                s["bodies resolved"].fn += 1
                s["bodies resolved"].misses.append(f"wrong {tag} → {sorted(f[0] for f in got)[0]} (gold {g['canonical']})")
            pick = (right or sorted(got))[0]
            for measure, value, want in (("body categories", pick[1], g["category"]), ("body parents", pick[2], g["parent"] or "")):
                if value == want:
                    s[measure].tp += 1
                else:
                    s[measure].fp += 1
                    s[measure].fn += 1
                    s[measure].misses.append(f"wrong {tag} · gold {want or '-'} · got {value or '-'}")
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
