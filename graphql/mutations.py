"""Mutations, generated from the command definitions (``services/commands``): one per type in
``MUTATIONS``, its arguments the command's fields (graphql/command_arguments.py), its description the
command's docstring, its result a :class:`CommandResult` (graphql/command_results.py).

Authorisation by role happens in ``handle``, the tenant comes from the token, and ``expectedVersion``
guards against editing stale data. No resolver is written by hand.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from inspect import Parameter, Signature
from typing import Annotated, Any, get_type_hints

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from isotrail.graphql.command_arguments import UnsupportedFieldError, input_type
from isotrail.graphql.command_results import CommandResult
from isotrail.graphql.commands import run_command
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

# Python names strawberry or its permission extension keep for themselves: such a field gets another
# Python name in the resolver and keeps its own in the schema (``source`` of ``recordRecommendation``).
RESERVED = frozenset({"self", "root", "info", "source", "parent"})


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
