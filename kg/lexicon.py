"""The vocabularies in ``data/lexicon/``, loaded once on first use (never at import).

Code interprets these tables; it never spells a title word, surname or suffix itself.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kg.resources import resource_dir


def _lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(line)
    return out


def _words(path: Path) -> tuple[str, ...]:
    return tuple(line.strip() for line in _lines(path))


def _rows(path: Path, header: bool = False) -> list[list[str]]:
    rows = [line.split("\t") for line in _lines(path)]
    return rows[1:] if header else rows


def alternation(words: object) -> str:
    """A regex alternation of literal words, longest first, so the longest one wins.

    >>> re.match(alternation(["副市长", "市长"]), "副市长王").group()
    '副市长'
    """
    unique = sorted(set(words), key=lambda w: (-len(w), w))  # type: ignore[arg-type]
    return "(?:" + "|".join(re.escape(w) for w in unique) + ")"


@dataclass(frozen=True)
class RoleWord:
    word: str
    role: str
    body_suffix: str
    implied_body: str


@dataclass(frozen=True)
class Gazetteer:
    """Province- and prefecture-level places: full names, short forms and parents."""

    parent: dict[str, str]  # full name → parent full name ('' for provinces)
    kind: dict[str, str]
    by_short: dict[str, tuple[str, ...]]  # short form → full names


@dataclass(frozen=True)
class Lexicon:
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    surname_pinyin: dict[str, str]
    role_words: dict[str, RoleWord]
    title_qualifiers: tuple[str, ...]
    body_suffixes: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    place_forms: tuple[tuple[str, str], ...]
    gazetteer: Gazetteer
    ethnic_groups: tuple[str, ...]
    non_names: frozenset[str]
    follow_words: tuple[str, ...]
    locative_markers: tuple[str, ...]
    event_roles: tuple[tuple[str, str], ...]
    inspection_words: tuple[str, ...]
    report_words: tuple[str, ...]
    event_types: tuple[tuple[str, str], ...]
    board_roles: tuple[str, ...]
    masthead_fields: dict[str, str]
    doc_genres: dict[str, str]
    repeal_words: tuple[str, ...]
    commendation_words: tuple[str, ...]
    chronicle_words: dict[str, str]
    date_separators: tuple[str, ...]
    body_aliases: dict[str, tuple[str, str]]
    below_county_suffixes: tuple[str, ...]
    attachment_words: tuple[str, ...]
    subject_stops: tuple[str, ...]
    group_prefixes: tuple[str, ...]
    name_breakers: frozenset[str]
    appointment_words: tuple[str, ...]
    title_breakers: tuple[str, ...]
    object_markers: tuple[tuple[str, str], ...]
    object_stops: tuple[str, ...]
    venue_words: tuple[str, ...]
    common_words: frozenset[str]
    accompany_frames: tuple[tuple[str, str], ...]
    additive_roles: tuple[str, ...]
    deictic_places: tuple[str, ...]
    object_marker_exceptions: tuple[str, ...]


def _gazetteer(path: Path) -> Gazetteer:
    parent: dict[str, str] = {}
    kind: dict[str, str] = {}
    by_short: dict[str, list[str]] = {}
    for name, k, par, short in _rows(path, header=True):
        parent[name] = par
        kind[name] = k
        for form in {short, name}:
            if form:
                by_short.setdefault(form, []).append(name)
    return Gazetteer(parent, kind, {k: tuple(sorted(v)) for k, v in by_short.items()})


def load_lexicon(root: str | Path | None = None) -> Lexicon:
    """Load the vocabularies from ``root`` (default: the shipped ``data/lexicon``)."""
    return _load(str(root) if root else str(resource_dir("data") / "lexicon"))


@functools.lru_cache(maxsize=4)
def _load(root_str: str) -> Lexicon:
    root = Path(root_str)
    surname_rows = _rows(root / "surnames.tsv", header=True)
    surnames = frozenset(r[0] for r in surname_rows if len(r[0]) == 1)
    compounds = frozenset(r[0] for r in surname_rows if len(r[0]) > 1)
    roles = {}
    for row in _rows(root / "role_words.tsv"):
        row = (row + ["", "", ""])[:4]
        roles[row[0]] = RoleWord(*row)
    return Lexicon(
        surnames=surnames,
        compound_surnames=compounds,
        surname_pinyin={r[0]: r[1] for r in surname_rows},
        role_words=roles,
        title_qualifiers=_words(root / "title_qualifiers.txt"),
        body_suffixes=_words(root / "body_suffixes.txt"),
        place_suffixes=_words(root / "place_suffixes.txt"),
        place_forms=tuple((a, b) for a, b in _rows(root / "place_forms.tsv")),
        gazetteer=_gazetteer(root / "places.tsv"),
        ethnic_groups=_words(root / "ethnic_groups.txt"),
        non_names=frozenset(_words(root / "non_names.txt")),
        follow_words=_words(root / "follow_words.txt"),
        locative_markers=_words(root / "locative_markers.txt"),
        event_roles=tuple((a, b) for a, b in _rows(root / "event_roles.tsv")),
        inspection_words=_words(root / "inspection_words.txt"),
        report_words=_words(root / "report_pattern.txt"),
        event_types=tuple((a, b) for a, b in _rows(root / "event_types.tsv")),
        board_roles=_words(root / "board_roles.txt"),
        masthead_fields={a: b for a, b in _rows(root / "masthead_fields.tsv")},
        doc_genres={a: b for a, b in _rows(root / "doc_genres.tsv")},
        repeal_words=_words(root / "repeal_words.txt"),
        commendation_words=_words(root / "commendation_words.txt"),
        chronicle_words={a: b for a, b in _rows(root / "chronicle_words.tsv")},
        date_separators=_words(root / "date_separators.txt"),
        body_aliases={r[0]: (r[1], (r + [""])[2]) for r in _rows(root / "body_aliases.tsv")},
        below_county_suffixes=_words(root / "below_county_suffixes.txt"),
        attachment_words=_words(root / "attachment_words.txt"),
        subject_stops=_words(root / "subject_stops.txt"),
        group_prefixes=_words(root / "group_prefixes.txt"),
        name_breakers=frozenset(_words(root / "name_breakers.txt")),
        appointment_words=_words(root / "appointment_words.txt"),
        title_breakers=_words(root / "title_breakers.txt"),
        object_markers=tuple((a, b) for a, b in _rows(root / "object_markers.tsv")),
        object_stops=_words(root / "object_stops.txt"),
        venue_words=_words(root / "venue_words.txt"),
        common_words=frozenset(_words(root / "common_words.txt")),
        accompany_frames=tuple((a, b) for a, b in _rows(root / "accompany_frames.tsv")),
        additive_roles=_words(root / "additive_roles.txt"),
        deictic_places=_words(root / "deictic_places.txt"),
        object_marker_exceptions=_words(root / "object_marker_exceptions.txt"),
    )
