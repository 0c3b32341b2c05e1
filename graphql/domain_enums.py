"""A domain enum as a GraphQL enum (``UnitKind``, ``InspectionForm``): its description the enum's docstring,
each value's the words the domain gives its member (domain/described.py). Made once per enum, wherever the
schema first meets it (a command's input, an object's field), so it reads the same everywhere.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from isotrail.domain.described import member_description

E = TypeVar("E", bound=type[Enum])


def graphql_enum(enum: E) -> E:
    """``enum``, made a GraphQL enum with its descriptions if it is not one yet."""
    if hasattr(enum, "__strawberry_definition__"):
        return enum
    strawberry.enum(enum, description=" ".join((enum.__doc__ or "").split()) or None)
    for value in enum.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = member_description(enum[value.name])
    return enum
