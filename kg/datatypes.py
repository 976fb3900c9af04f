"""Literal datatypes a store does not keep as written."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def declared_type(predicate: ox.NamedNode, obj: object, datatypes: Mapping[str, str] | None) -> object:
    """``obj`` typed again as ``datatypes`` (property → datatype) declares, when the store has
    normalised it to xsd:integer (Oxigraph does so with xsd:nonNegativeInteger, oxigraph#526)."""
    if (datatypes and isinstance(obj, ox.Literal) and obj.datatype.value == _XSD_INTEGER
            and predicate.value in datatypes):
        return ox.Literal(obj.value, datatype=ox.NamedNode(datatypes[predicate.value]))
    return obj
