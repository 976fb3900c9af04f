"""Where the shipped vocabularies, ontology and query library live.

In an installed wheel they sit inside the package (``kg/_resources/``); in a source
checkout (including an editable install) they are the top-level folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder ``data``, ``ontology`` or ``queries``.

    >>> resource_dir("ontology").name
    'ontology'
    """
    for candidate in (_PACKAGE / "_resources" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"gazette-kg resource folder {name!r} is missing from the installation")


def resource_path(name: str, *parts: str) -> Path:
    """Return a file inside a resource folder."""
    return resource_dir(name).joinpath(*parts)
