"""Mutations are generated from the command definitions: every command is a mutation taking one input
object and answering its payload, without a hand-written resolver; nested domain values get input objects
of their own; a user error's code is an enum holding every code a command can give, its field a path."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest
import strawberry
from graphql.utilities.print_schema import print_input_value
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from isotrail.domain.errors import IsotrailError
from isotrail.domain.programme_values import TeamMember
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import QmsFacts
from isotrail.graphql.command_inputs import UnsupportedFieldError, command_input, input_type
from isotrail.graphql.command_payloads import ChangedObject, CommandPayload, payload, payload_type
from isotrail.graphql.mutations import MUTATIONS
from isotrail.graphql.schema import schema
from isotrail.graphql.user_errors import FAMILIES, UserErrorCode, error_classes
from isotrail.services.commands import AssignTeamMember, Command, Recorded, RecordQmsFacts, RenameUnit, command_name
from isotrail.services.commands.handle import HANDLERS
from isotrail.services.commands.tenancy import RegistryCommand

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS = Command.__subclasses__()  # every definition in services/commands
SDL = schema.as_str()


def _mutation_name(command: type[Command]) -> str:
    return to_camel_case(command_name(command))


def test_every_command_is_a_mutation_and_every_mutation_a_command() -> None:
    """A command without its mutation (or a mutation without its command) fails here, by name: a tenant's
    commands and the registry's (``mergeTenants``)."""
    mutations = set(schema._schema.mutation_type.fields)  # graphql-core's schema
    commands_ = {_mutation_name(command): command for command in [*DEFINITIONS, *RegistryCommand.__subclasses__()]}
    assert sorted(set(commands_) - mutations) == [], "commands without a mutation"
    assert sorted(mutations - set(commands_)) == [], "mutations without a command"
    assert set(MUTATIONS) == set(HANDLERS) == set(DEFINITIONS)


@pytest.mark.parametrize("command", DEFINITIONS, ids=lambda c: c.__name__)
def test_a_mutation_takes_its_input_object_and_answers_its_payload(command: type[Command]) -> None:
    name = command.__name__
    assert f"  {_mutation_name(command)}(\n" in SDL
    assert f"    input: {name}Input!\n  ): {name}Payload!" in SDL
    assert f"type {name}Payload implements CommandPayload {{" in SDL
    types = schema._schema.type_map
    assert types[f"{name}Input"].description == types["Mutation"].fields[_mutation_name(command)].description \
        == command.__doc__


def _input_fields(name: str) -> dict[str, str]:
    """An input object's fields as the SDL declares them, descriptions left out: ``{"reason": "String!"}``,
    ``{"expectedVersion": "Int = null"}``."""
    fields_ = schema._schema.type_map[name].fields  # type: ignore[union-attr]
    return {field_name: print_input_value(field_name, field).partition(": ")[2]
            for field_name, field in fields_.items()}


def test_an_input_keeps_the_commands_defaults_and_enums() -> None:
    withdraw = _input_fields("WithdrawNonconformityInput")
    assert list(withdraw)[:3] == ["inspectionId", "nonconformityId", "reason"]
    assert withdraw["inspectionId"] == withdraw["nonconformityId"] == "UUID!" and withdraw["reason"] == "String!"
    assert withdraw["expectedVersion"] == "Int = null"
    assert _input_fields("RecordRecommendationInput")["source"] == "RecommendationSource!"
    assert _input_fields("RegisterUnitInput")["predecessorIds"] == "[UUID!] = null"


def test_nested_domain_values_are_input_objects_of_their_own_and_come_back_as_the_domains() -> None:
    assert _input_fields("AssignTeamMemberInput")["member"] == "TeamMemberInput!"
    assert _input_fields("RecordQmsFactsInput")["facts"] == "QmsFactsInput!"
    assert _input_fields("TeamMemberInput") == {
        "name": "String!", "organisation": "String!", "position": "String!", "degree": "String = null",
        "stateManagementCertificate": "String = null", "qmsAuditorCertificate": "String = null",
        "yearsOfService": "Int = null", "unitId": "UUID = null"}
    assert _input_fields("QmsFactsInput")["announcedOn"] == "Date"
    programme_id = uuid4()
    given = input_type(AssignTeamMember)(
        programme_id=programme_id, occurred_on=date(2020, 3, 2),
        member=input_type(TeamMember)(name="Trần Văn A", organisation="Sở KH&CN", position="trưởng đoàn"))
    command = command_input(AssignTeamMember).build(given)
    assert command == AssignTeamMember(programme_id=programme_id, occurred_on=date(2020, 3, 2),
                                       member=TeamMember("Trần Văn A", "Sở KH&CN", "trưởng đoàn"))
    facts = command_input(RecordQmsFacts).build(input_type(RecordQmsFacts)(
        unit_id=programme_id, occurred_on=date(2020, 3, 2), expected_version=3,
        facts=input_type(QmsFacts)(standard="TCVN ISO 9001:2015", announced_on=None, last_internal_audit_on=None,
                                   last_management_review_on=date(2019, 12, 1))))
    assert facts.facts == QmsFacts("TCVN ISO 9001:2015", None, None, date(2019, 12, 1))
    assert facts.expected_version == 3


def test_an_errors_field_is_placed_by_its_path_in_the_input() -> None:
    paths = command_input(AssignTeamMember).paths
    assert paths["name"] == ["input", "member", "name"]
    assert paths["qms_auditor_certificate"] == ["input", "member", "qmsAuditorCertificate"]
    assert paths["programme_id"] == ["input", "programmeId"]
    assert command_input(RecordQmsFacts).paths["standard"] == ["input", "facts", "standard"]


def test_a_field_type_with_no_input_type_is_refused_by_name() -> None:
    @dataclass(frozen=True, kw_only=True)
    class Odd:
        table: dict[str, str]

    with pytest.raises(UnsupportedFieldError, match=r"^Odd\.table:"):
        input_type(Odd)


def test_every_code_a_command_or_the_wait_can_give_is_a_user_error_code() -> None:
    """Every error family (domain/*_errors.py, services/*_errors.py) and the read-your-writes wait's errors:
    a family left out of ``user_errors.FAMILIES``, or a new code, fails here."""
    files = sorted((REPO_ROOT / "domain").glob("*_errors.py")) + sorted((REPO_ROOT / "services").glob("*_errors.py"))
    families = [importlib.import_module(f"isotrail.{path.parent.name}.{path.stem}") for path in files]
    assert set(families) <= set(FAMILIES)
    from isotrail.projections.recorded_failures import ProjectionFailedError
    from isotrail.projections.waiting import ProjectionTimeoutError

    raisable: list[type[IsotrailError]] = [error for family in families for error in error_classes(family)]
    raisable += [ProjectionTimeoutError, ProjectionFailedError]
    enum_values = {member.value for member in UserErrorCode}
    assert sorted({error.code for error in raisable} - enum_values) == []
    assert UserErrorCode("invalid_value").name == "INVALID_VALUE"
    assert '  """A value is empty, malformed or out of its allowed range."""\n  INVALID_VALUE\n' in SDL


def test_the_changed_objects_hook_gives_the_payload_a_field_read_after_the_write() -> None:
    """``CHANGED_OBJECTS`` is where the graph's object types join the payloads: a field per aggregate,
    resolved with the payload (its ids and the command) as its root."""
    def unit(root: strawberry.Parent[CommandPayload], info: Info) -> str:
        return f"{root.command.name} v{root.version}"

    renamed = payload_type(RenameUnit, {Unit: (ChangedObject("unit", unit, "The unit as it is now."),)})
    unit_id = uuid4()
    command = RenameUnit(unit_id=unit_id, name="Sở Tư pháp", occurred_on=date(2021, 1, 1))

    def stored() -> CommandPayload:
        return payload(renamed, command, Recorded(unit_id, 4, 17), [])

    stored.__annotations__["return"] = renamed
    query = strawberry.type(type("Query", (), {"renamed": strawberry.field(resolver=stored)}))
    answer = strawberry.Schema(query=query).execute_sync("{ renamed { ok version unit userErrors { code } } }")
    assert answer.errors is None
    assert answer.data == {"renamed": {"ok": True, "version": 4, "unit": "Sở Tư pháp v4", "userErrors": []}}
