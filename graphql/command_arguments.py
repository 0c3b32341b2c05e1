"""A command's fields as GraphQL arguments: each field's Python type as the argument's type (scalars, enums,
lists of them and optionals). A type with no GraphQL argument yet stops the schema from being built, naming
the command and the field (:class:`UnsupportedFieldError`)."""

from __future__ import annotations

import types
from datetime import date
from enum import Enum
from typing import Any, Union, get_args, get_origin
from uuid import UUID

import strawberry

from isotrail.services.commands import Command

SCALARS = (str, int, bool, date, UUID)


class UnsupportedFieldError(TypeError):
    """A command field whose type has no GraphQL argument yet (nested values such as ``TeamMember``)."""


def input_type(command: type[Command], name: str, annotation: Any) -> Any:
    """``annotation`` as a GraphQL argument type: scalars, enums, lists of them and optionals."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [input_type(command, name, arg) for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0] | None
    elif origin is list:
        return list[input_type(command, name, get_args(annotation)[0])]
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        if not hasattr(annotation, "__strawberry_definition__") and not hasattr(annotation, "_enum_definition"):
            strawberry.enum(annotation)
        return annotation
    elif annotation in SCALARS:
        return annotation
    raise UnsupportedFieldError(f"{command.__name__}.{name}: {annotation!r} has no GraphQL argument type yet")
