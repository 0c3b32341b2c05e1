"""Mutations are generated from the command definitions: every command whose fields have GraphQL
argument types becomes a mutation without a hand-written resolver, and a field that has none yet is
refused by name."""

from __future__ import annotations

import pytest
import strawberry

from isotrail.graphql.command_arguments import UnsupportedFieldError
from isotrail.graphql.command_results import CommandResult
from isotrail.graphql.mutations import MUTATIONS, mutation, mutation_type
from isotrail.services import commands
from isotrail.services.commands import AssignTeamMember, Command, RecordQmsFacts, command_name

NESTED = {AssignTeamMember, RecordQmsFacts}  # TeamMember and QmsFacts have no input object yet
DEFINITIONS = [value for value in vars(commands).values()
               if isinstance(value, type) and issubclass(value, Command) and value is not Command]


@strawberry.type
class _Query:
    ok: bool = True


def _sdl(command_types: list[type[Command]]) -> str:
    return strawberry.Schema(query=_Query, mutation=mutation_type(command_types), types=[CommandResult]).as_str()


def test_every_command_with_plain_fields_becomes_a_mutation() -> None:
    exposed = [c for c in DEFINITIONS if c not in NESTED]
    sdl = _sdl(exposed)
    for command in exposed:
        name = strawberry.utils.str_converters.to_camel_case(command_name(command))
        assert f"  {name}(" in sdl, name
    assert "withdrawNonconformity(inspectionId: UUID!, nonconformityId: UUID!, reason: String!, occurredOn: Date!, " \
           "expectedVersion: Int = null): CommandResult!" in sdl


def test_the_schema_keeps_its_twelve_mutations() -> None:
    assert len(MUTATIONS) == 12


@pytest.mark.parametrize("command", sorted(NESTED, key=lambda c: c.__name__), ids=lambda c: c.__name__)
def test_a_nested_value_field_is_refused_by_name(command: type[Command]) -> None:
    with pytest.raises(UnsupportedFieldError, match=rf"^{command.__name__}\.(member|facts):"):
        mutation(command)


def test_a_field_named_like_a_reserved_resolver_parameter_keeps_its_name_in_the_schema() -> None:
    sdl = _sdl([commands.RecordRecommendation])
    assert "recordRecommendation(inspectionId: UUID!, source: RecommendationSource!, text: String!" in sdl
