"""Persons: joining per-issue persons into one IRI each, researchers' decisions, pinyin."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.ids import make_id
from kg.lexicon import Lexicon


Decision = tuple[str, tuple[str, str], tuple[str, str]]  # judgement, (name, source), (name, source)


def load_decisions(path: str | Path) -> list[Decision]:
    """Researchers' judgements on pairs of person mentions, one per line:
    ``positive|negative|unsure<TAB>name<TAB>source<TAB>name<TAB>source`` (``#`` comments)."""
    out: list[Decision] = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 5 or parts[0] not in ("positive", "negative", "unsure"):
            raise InputError(f"{path}:{n}: expected judgement, name, source, name, source separated by tabs")
        out.append((parts[0], (parts[1], parts[2]), (parts[3], parts[4])))
    return out


def cluster_persons(
    mention_of: dict[str, tuple[str, str]], bodies_of: dict[str, set[str]], decisions: list[Decision]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Join the per-issue persons: the same name in two issues is one person unless their
    posts' bodies are disjoint (possible homonyms, flagged); researchers' decisions override
    (positive joins, even two names; negative keeps apart; unsure changes nothing).

    Returns the final id of each provisional id and the pairs flagged as possible homonyms.
    """
    parent = {p: p for p in mention_of}

    def find(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    by_key = {(name, source): prov for prov, (source, name) in mention_of.items()}
    judged = {frozenset((by_key.get(a), by_key.get(b))): j for j, a, b in decisions}
    by_name: dict[str, list[str]] = {}
    for prov, (_, name) in sorted(mention_of.items(), key=lambda kv: (kv[1][1], kv[1][0])):
        by_name.setdefault(name, []).append(prov)
    flagged: set[frozenset[str]] = set()
    for name, provs in by_name.items():
        for i, a in enumerate(provs):
            for b in provs[i + 1 :]:
                if judged.get(frozenset((a, b))) == "negative":
                    continue
                ba, bb = bodies_of.get(a, set()), bodies_of.get(b, set())
                if not ba or not bb or ba & bb:
                    parent[find(a)] = find(b)
                else:
                    flagged.add(frozenset((a, b)))
    for pair, judgement in judged.items():
        if judgement == "positive" and None not in pair and len(pair) == 2:
            a, b = sorted(pair)  # type: ignore[type-var]
            parent[find(a)] = find(b)
    clusters: dict[str, list[str]] = {}
    for prov in mention_of:
        clusters.setdefault(find(prov), []).append(prov)
    final: dict[str, str] = {}
    for members in clusters.values():
        names = sorted({mention_of[m][1] for m in members})
        name = max(names, key=lambda n: (sum(1 for m in members if mention_of[m][1] == n), n))
        whole = set(by_name[name]) <= set(members)
        fid = make_id("person", name) if whole else make_id("person", name, min(mention_of[m][0] for m in members))
        for m in members:
            final[m] = fid
    homonyms = sorted({tuple(sorted((final[a], final[b]))) for a, b in map(tuple, flagged) if final[a] != final[b]})
    return final, homonyms  # type: ignore[return-value]


def romanize_name(name: str, lex: Lexicon) -> str:
    """Hanyu pinyin of a personal name with tone marks, the surname read as a surname.

    >>> from kg.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> romanize_name("单晓明", lex), romanize_name("曾国强", lex), romanize_name("欧阳明远", lex)
    ('Shàn Xiǎomíng', 'Zēng Guóqiáng', 'Ōuyáng Míngyuǎn')
    """
    from pypinyin import Style, pinyin

    surname = name[:2] if name[:2] in lex.compound_surnames else name[:1]
    family = lex.surname_pinyin.get(surname) or "".join(p[0] for p in pinyin(surname, style=Style.TONE)).capitalize()
    given = "".join(p[0] for p in pinyin(name[len(surname) :], style=Style.TONE))
    return f"{family} {given.capitalize()}" if given else family
