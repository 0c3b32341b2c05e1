"""Mutations, generated from the command definitions (``services/commands``): one per type in
``MUTATIONS``, its arguments the command's fields, its description the command's docstring.

Authorisation by role happens in ``handle``, the tenant comes from the token, and ``expectedVersion``
guards against editing stale data. No resolver is written by hand.
"""

from __future__ import annotations

import types
from dataclasses import MISSING, fields
from datetime import date
from enum import Enum
from inspect import Parameter, Signature
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints
from uuid import UUID

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from isotrail.graphql.commands import CommandResult, run_command
from isotrail.graphql.permissions import allowed
from isotrail.services.commands import (
    AddUnitToProgramme,
    AssessItem,
    Command,
    ConductInspection,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RecordRecommendation,
    RegisterUnit,
    RejectCorrectiveAction,
    RenameUnit,
    ScheduleInspection,
    SignMinutes,
    VerifyCorrectiveAction,
    command_name,
)
from isotrail.services.permissions import Action

MUTATIONS: list[type[Command]] = [
    RegisterUnit, RenameUnit, AddUnitToProgramme, ScheduleInspection, ConductInspection, AssessItem,
    RaiseNonconformity, SignMinutes, ReceiveCorrectiveActionReport, VerifyCorrectiveAction,
    RejectCorrectiveAction, RecordRecommendation,
]

SCALARS = (str, int, bool, date, UUID)
# Python names strawberry or its permission extension keep for themselves: such a field gets another
# Python name in the resolver and keeps its own in the schema (``source`` of ``recordRecommendation``).
RESERVED = frozenset({"self", "root", "info", "source", "parent"})


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


def mutation(command: type[Command]) -> Any:
    """The mutation issuing ``command``, open to any valid token of the tenant."""
    hints = get_type_hints(command)
    parameters = [Parameter("self", Parameter.POSITIONAL_OR_KEYWORD),
                  Parameter("info", Parameter.POSITIONAL_OR_KEYWORD, annotation=Info)]
    field_of: dict[str, str] = {}
    for field in fields(command):
        annotation, name = input_type(command, field.name, hints[field.name]), field.name
        if name in RESERVED:
            annotation = Annotated[annotation, strawberry.argument(name=to_camel_case(name))]
            name = f"{name}_argument"
        if field.default_factory is not MISSING:
            raise UnsupportedFieldError(f"{command.__name__}.{field.name}: a default_factory has no GraphQL default")
        field_of[name] = field.name
        default = Parameter.empty if field.default is MISSING else field.default
        parameters.append(Parameter(name, Parameter.KEYWORD_ONLY, default=default, annotation=annotation))

    async def resolve(self: Any, info: Info, **arguments: Any) -> CommandResult:
        return await run_command(info, command(**{field_of[name]: value for name, value in arguments.items()}))

    resolve.__name__ = command_name(command)
    resolve.__signature__ = Signature(parameters, return_annotation=CommandResult)  # type: ignore[attr-defined]
    resolve.__annotations__ = {p.name: p.annotation for p in parameters if p.annotation is not Parameter.empty}
    resolve.__annotations__["return"] = CommandResult
    return strawberry.mutation(resolve, extensions=allowed(Action.READ_TENANT), description=command.__doc__)


def mutation_type(commands: list[type[Command]]) -> type:
    """The ``Mutation`` type with one mutation per command."""
    return strawberry.type(type("Mutation", (), {command_name(c): mutation(c) for c in commands}))


Mutation = mutation_type(MUTATIONS)
