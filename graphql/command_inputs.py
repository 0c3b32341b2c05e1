"""A command's input object, generated from its definition (``services/commands``): one input field per
dataclass field, camel-cased, with its default; its description the definition's docstring, and each
field's the words it is declared with (``services/commands``' ``field_description``).

A field's type becomes: a scalar (``String``, ``Int``, ``Boolean``, ``Date``, ``UUID``), a domain enum as a
GraphQL enum, a list or optional of those, or a nested value dataclass (a programme's ``TeamMember``, a
unit's ``QmsFacts``) as an input object of its own (``TeamMemberInput``), turned back into the domain's
value when the command is built. A type with none stops the schema from being built, naming the
definition and the field (:class:`UnsupportedFieldError`).

A command's error names the field at fault by its Python name (``InvalidValueError.field_name``: ``name``
for a team member's name); :attr:`CommandInput.paths` places it in the input (``["input", "member",
"name"]``).
"""

from __future__ import annotations

import types
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints
from uuid import UUID

import strawberry
from strawberry.utils.str_converters import to_camel_case

from isotrail.graphql.enums import graphql_enum
from isotrail.services.commands import Command
from isotrail.services.commands.base import field_description

SCALARS = (str, int, bool, date, UUID)
ARGUMENT = "input"  # every mutation's one argument, and the first step of every path in it


class UnsupportedFieldError(TypeError):
    """A definition's field whose type has no GraphQL input type."""


@dataclass(frozen=True)
class CommandInput:
    """A command's input object, how to build the command from it, and where each field is in it."""

    command: type[Command]
    type: type
    paths: dict[str, list[str]]  # a field's Python name (nested ones too) → its path, from ``input`` on

    def build(self, given: Any) -> Command:
        """The command the input object holds, nested values made the domain's again."""
        return _value(self.command, given)


def command_input(command: type[Command]) -> CommandInput:
    """``command``'s generated input object (made once per definition)."""
    paths = {name: [ARGUMENT, *path] for name, path in _paths(command).items()}
    return CommandInput(command, input_type(command), paths)


@cache
def input_type(definition: type) -> type:
    """The input object of a dataclass (``RenameUnitInput``, ``TeamMemberInput``): made once, as a
    GraphQL type has one definition per name."""
    hints = _hints(definition)
    annotations: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    for field in fields(definition):
        if field.default_factory is not MISSING:
            raise UnsupportedFieldError(f"{definition.__name__}.{field.name}: a default_factory has no GraphQL default")
        annotations[field.name] = _input_type(definition, field.name, hints[field.name])
        default = {} if field.default is MISSING else {"default": field.default}
        defaults[field.name] = strawberry.field(description=field_description(field), **default)
    namespace = {"__annotations__": annotations, "__module__": __name__, **defaults}
    generated = type(f"{definition.__name__}Input", (), namespace)
    return strawberry.input(generated, description=(definition.__doc__ or "").strip())


def _input_type(definition: type, name: str, annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [_input_type(definition, name, arg) for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0] | None
    elif origin is list:
        return list[_input_type(definition, name, get_args(annotation)[0])]
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        return graphql_enum(annotation)  # the one definition outputs and filters take too
    elif annotation in SCALARS:
        return annotation
    elif isinstance(annotation, type) and is_dataclass(annotation):
        return input_type(annotation)
    raise UnsupportedFieldError(f"{definition.__name__}.{name}: {annotation!r} has no GraphQL input type")


@cache
def _hints(definition: type) -> dict[str, Any]:
    return get_type_hints(definition)


def _nested(annotation: Any) -> type | None:
    """The value dataclass ``annotation`` holds (through optionals and lists), if any."""
    if isinstance(annotation, type) and is_dataclass(annotation):
        return annotation
    for arg in get_args(annotation):
        found = _nested(arg)
        if found is not None:
            return found
    return None


def _paths(definition: type) -> dict[str, list[str]]:
    """Each field's path in camelCase; a nested value's fields after the definition's own, which win a tie."""
    paths = {field.name: [to_camel_case(field.name)] for field in fields(definition)}
    for field in fields(definition):
        inner = _nested(_hints(definition)[field.name])
        if inner is not None:
            for name, path in _paths(inner).items():
                paths.setdefault(name, [to_camel_case(field.name), *path])
    return paths


def _value(annotation: Any, given: Any) -> Any:
    """``given`` (strawberry's input instance, a list, a scalar) as the domain's value of ``annotation``."""
    if given is None:
        return None
    inner = _nested(annotation)
    if inner is None:
        return given
    if isinstance(given, list):
        return [_value(inner, item) for item in given]
    hints = _hints(inner)
    return inner(**{field.name: _value(hints[field.name], getattr(given, field.name))
                    for field in fields(inner)})
