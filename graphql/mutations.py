"""Mutations, generated from the command definitions (``services/commands``): one per command of the handler
tables (``MUTATIONS``), ``draftProgramme(input: DraftProgrammeInput!): DraftProgrammePayload!``, its input
the command's fields (graphql/command_inputs.py), its description the command's docstring, its answer the
command's payload (graphql/command_payloads.py).

Authorisation by role happens in ``handle``, the tenant comes from the token, and ``expectedVersion``
guards against editing stale data. No resolver is written by hand.
"""

from __future__ import annotations

from inspect import Parameter, Signature
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from isotrail.graphql.command_inputs import ARGUMENT, command_input
from isotrail.graphql.command_payloads import payload, payload_type
from isotrail.graphql.commands import run_command
from isotrail.graphql.permissions import allowed
from isotrail.graphql.tenant_mutations import TenantMutations
from isotrail.graphql.user_errors import UserError
from isotrail.services.commands import Command, command_name
from isotrail.services.commands.handle import HANDLERS
from isotrail.services.permissions import Action

MUTATIONS: list[type[Command]] = list(HANDLERS)  # every command: a new one is a mutation with nothing more


def mutation(command: type[Command]) -> Any:
    """The mutation issuing ``command``, open to any valid token of the tenant."""
    given = command_input(command)
    answer = payload_type(command)
    argument = Annotated[given.type, strawberry.argument(description=(
        f"The command's fields (`{given.type.__name__}`); a value refused comes back in the payload's userErrors, "
        "its path in `field`."))]

    async def resolve(self: Any, info: Info, **arguments: Any) -> Any:
        issued = given.build(arguments[ARGUMENT])
        outcome = await run_command(info, issued)
        errors = [UserError.of(error, given.paths, issued) for error in outcome.errors]
        return payload(answer, issued, outcome.recorded, errors)

    parameters = [Parameter("self", Parameter.POSITIONAL_OR_KEYWORD),
                  Parameter("info", Parameter.POSITIONAL_OR_KEYWORD, annotation=Info),
                  Parameter(ARGUMENT, Parameter.KEYWORD_ONLY, annotation=argument)]
    resolve.__name__ = command_name(command)
    resolve.__signature__ = Signature(parameters, return_annotation=answer)  # type: ignore[attr-defined]
    resolve.__annotations__ = {"info": Info, ARGUMENT: argument, "return": answer}
    return strawberry.mutation(resolve, extensions=allowed(Action.READ_TENANT), description=command.__doc__)


def mutation_type(commands: list[type[Command]]) -> type:
    """The ``Mutation`` type with one mutation per command, and the registry's (graphql/tenant_mutations.py)."""
    return strawberry.type(type("Mutation", (TenantMutations,), {command_name(c): mutation(c) for c in commands}),
                           description=(
        "One mutation per command: each takes one input object and answers its payload once the read models show "
        "the write (userErrors: what was refused, or why the write does not show yet); `mergeTenants` acts on the "
        "tenant registry, across tenants."))


Mutation = mutation_type(MUTATIONS)
