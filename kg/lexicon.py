"""The vocabularies in ``data/lexicon/``, loaded once on first use (never at import).

Code interprets these tables; it never spells a title word, surname or suffix itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

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


def _src(file: str, kind: str) -> Any:
    """A lexicon field read from ``file`` as ``kind`` (see :data:`_READERS`)."""
    return field(metadata={"file": file, "kind": kind})


@dataclass(frozen=True)
class Lexicon:
    """Every vocabulary, each field naming its file in ``data/lexicon`` and how it is read."""

    surnames: frozenset[str] = _src("surnames.tsv", "single_surnames")
    compound_surnames: frozenset[str] = _src("surnames.tsv", "compound_surnames")
    surname_pinyin: dict[str, str] = _src("surnames.tsv", "header_map")
    role_words: dict[str, RoleWord] = _src("role_words.tsv", "role_words")
    role_ranks: dict[str, str] = _src("role_ranks.tsv", "map")
    title_qualifiers: tuple[str, ...] = _src("title_qualifiers.txt", "words")
    body_suffixes: tuple[str, ...] = _src("body_suffixes.txt", "words")
    place_suffixes: tuple[str, ...] = _src("place_suffixes.txt", "words")
    place_forms: tuple[tuple[str, str], ...] = _src("place_forms.tsv", "pairs")
    gazetteer: Gazetteer = _src("places.tsv", "gazetteer")
    county_parents: dict[str, str] = _src("counties.tsv", "header_map")  # county → the place it belongs to
    ethnic_groups: tuple[str, ...] = _src("ethnic_groups.txt", "words")
    non_names: frozenset[str] = _src("non_names.txt", "set")
    common_words: frozenset[str] = _src("common_words.txt", "set")
    follow_words: tuple[str, ...] = _src("follow_words.txt", "words")
    name_breakers: frozenset[str] = _src("name_breakers.txt", "set")
    locative_markers: tuple[str, ...] = _src("locative_markers.txt", "words")
    event_roles: tuple[tuple[str, str], ...] = _src("event_roles.tsv", "pairs")
    additive_roles: tuple[str, ...] = _src("additive_roles.txt", "words")
    accompany_frames: tuple[tuple[str, str], ...] = _src("accompany_frames.tsv", "pairs")
    inspection_words: tuple[str, ...] = _src("inspection_words.txt", "words")
    report_words: tuple[str, ...] = _src("report_pattern.txt", "words")
    event_types: tuple[tuple[str, str], ...] = _src("event_types.tsv", "pairs")
    board_roles: tuple[str, ...] = _src("board_roles.txt", "words")
    editor_roles: tuple[str, ...] = _src("editor_roles.txt", "words")
    masthead_fields: dict[str, str] = _src("masthead_fields.tsv", "map")
    doc_genres: dict[str, str] = _src("doc_genres.tsv", "map")
    repeal_words: tuple[str, ...] = _src("repeal_words.txt", "words")
    commendation_words: tuple[str, ...] = _src("commendation_words.txt", "words")
    chronicle_words: dict[str, str] = _src("chronicle_words.tsv", "map")
    date_separators: tuple[str, ...] = _src("date_separators.txt", "words")
    body_aliases: dict[str, tuple[str, str]] = _src("body_aliases.tsv", "aliases")
    department_forms: tuple[tuple[str, str], ...] = _src("department_forms.tsv", "pairs")
    text_ends: tuple[str, ...] = _src("text_ends.txt", "words")
    not_place_starts: frozenset[str] = _src("not_place_starts.txt", "set")
    governing_forms: tuple[str, ...] = _src("governing_forms.txt", "words")
    level_governments: dict[str, str] = _src("level_governments.tsv", "map")
    body_prefix_forms: tuple[tuple[str, str], ...] = _src("body_prefix_forms.tsv", "pairs")
    infix_forms: tuple[tuple[str, str], ...] = _src("infix_forms.tsv", "pairs")
    organ_suffixes: tuple[str, ...] = _src("organ_suffixes.txt", "words")
    non_district_suffixes: tuple[str, ...] = _src("non_district_suffixes.txt", "words")
    body_categories: tuple[tuple[str, str], ...] = _src("body_categories.tsv", "pairs")
    below_county_suffixes: tuple[str, ...] = _src("below_county_suffixes.txt", "words")
    attachment_words: tuple[str, ...] = _src("attachment_words.txt", "words")
    subject_stops: tuple[str, ...] = _src("subject_stops.txt", "words")
    group_prefixes: tuple[str, ...] = _src("group_prefixes.txt", "words")
    appointment_words: tuple[str, ...] = _src("appointment_words.txt", "words")
    title_breakers: tuple[str, ...] = _src("title_breakers.txt", "words")
    object_markers: tuple[tuple[str, str], ...] = _src("object_markers.tsv", "pairs")
    object_marker_exceptions: tuple[str, ...] = _src("object_marker_exceptions.txt", "words")
    object_stops: tuple[str, ...] = _src("object_stops.txt", "words")
    venue_words: tuple[str, ...] = _src("venue_words.txt", "words")
    deictic_places: tuple[str, ...] = _src("deictic_places.txt", "words")
    duty_words: tuple[tuple[str, str], ...] = _src("duty_words.tsv", "pairs")
    deadline_labels: tuple[str, ...] = _src("deadline_labels.txt", "words")
    duty_subject_words: tuple[str, ...] = _src("duty_subject_words.txt", "words")
    duty_fillers: tuple[str, ...] = _src("duty_fillers.txt", "words")
    number_breakers: tuple[str, ...] = _src("number_breakers.txt", "words")
    roster_roles: tuple[str, ...] = _src("roster_roles.txt", "words")
    group_suffixes: tuple[str, ...] = _src("group_suffixes.txt", "words")
    body_starts: tuple[str, ...] = _src("body_starts.txt", "words")
    body_leads: tuple[str, ...] = _src("body_leads.txt", "words")
    body_stops: frozenset[str] = _src("body_stops.txt", "set")
    body_followers: tuple[str, ...] = _src("body_followers.txt", "words")
    body_free_suffixes: tuple[str, ...] = _src("body_free_suffixes.txt", "words")
    body_false_ends: tuple[str, ...] = _src("body_false_ends.txt", "words")
    body_breakers: tuple[str, ...] = _src("body_breakers.txt", "words")


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


def _role_words(path: Path) -> dict[str, RoleWord]:
    return {row[0]: RoleWord(*(row + ["", "", ""])[:4]) for row in _rows(path)}


_READERS: dict[str, Callable[[Path], Any]] = {
    "words": _words,
    "set": lambda p: frozenset(_words(p)),
    "pairs": lambda p: tuple((r[0], r[1]) for r in _rows(p)),
    "map": lambda p: {r[0]: r[1] for r in _rows(p)},
    "header_map": lambda p: {r[0]: r[1] for r in _rows(p, header=True)},
    "single_surnames": lambda p: frozenset(r[0] for r in _rows(p, header=True) if len(r[0]) == 1),
    "compound_surnames": lambda p: frozenset(r[0] for r in _rows(p, header=True) if len(r[0]) > 1),
    "role_words": _role_words,
    "gazetteer": _gazetteer,
    "aliases": lambda p: {r[0]: (r[1], (r + [""])[2]) for r in _rows(p)},
}


def load_lexicon(root: str | Path | None = None) -> Lexicon:
    """Load the vocabularies from ``root`` (default: the shipped ``data/lexicon``)."""
    return _load(str(root) if root else str(resource_dir("data") / "lexicon"))


@functools.lru_cache(maxsize=4)
def _load(root_str: str) -> Lexicon:
    root = Path(root_str)
    values = {f.name: _READERS[f.metadata["kind"]](root / f.metadata["file"]) for f in fields(Lexicon)}
    return Lexicon(**values)
