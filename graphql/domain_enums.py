"""A domain enum as a GraphQL enum (``UnitKind``, ``InspectionForm``): its description the enum's docstring,
each value's the words the domain gives its member (domain/described.py). Whichever module makes it a GraphQL
enum first (a command's input, an object's field), :func:`graphql_enum` gives it its words, so it reads the
same everywhere.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from isotrail.domain.described import member_description

E = TypeVar("E", bound=type[Enum])


def graphql_enum(enum: E) -> E:
    """``enum`` as a GraphQL enum, with the descriptions it has none of yet."""
    if not hasattr(enum, "__strawberry_definition__"):
        strawberry.enum(enum)
    definition = enum.__strawberry_definition__  # type: ignore[attr-defined]
    definition.description = definition.description or " ".join((enum.__doc__ or "").split()) or None
    for value in definition.values:
        value.description = value.description or member_description(enum[value.name])
    return enum
