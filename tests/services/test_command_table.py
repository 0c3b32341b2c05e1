"""Every command definition is complete: a handler, a permission entry, a docstring and the shape a
command on a stored aggregate needs. Adding a definition without the rest fails here."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import get_type_hints
from uuid import uuid4

import pytest

from isotrail.domain.inspection_values import RecommendationSource
from isotrail.domain.roles import Role
from isotrail.services.command_actions import COMMAND_ACTIONS, action_for
from isotrail.services.commands import Command, RecordRecommendation
from isotrail.services.commands.base import Change, Create, Several
from isotrail.services.commands.handle import HANDLERS, OWNING_UNIT
from isotrail.services.permissions import ALLOWED_ACTIONS, Action

# every definition, wherever in services/commands it is written (importing the package imports them all)
DEFINITIONS = sorted(Command.__subclasses__(), key=lambda command: command.__name__)


@pytest.mark.parametrize("command", DEFINITIONS, ids=lambda c: c.__name__)
def test_every_command_has_a_handler_and_a_permission_entry(command: type[Command]) -> None:
    assert command in HANDLERS, f"{command.__name__} has no handler line in services/commands"
    assert command in COMMAND_ACTIONS, f"{command.__name__} has no entry in command_actions.COMMAND_ACTIONS"


def test_the_tables_name_only_commands() -> None:
    assert set(HANDLERS) == set(DEFINITIONS)
    assert set(COMMAND_ACTIONS) == set(DEFINITIONS)


@pytest.mark.parametrize("command", DEFINITIONS, ids=lambda c: c.__name__)
def test_every_command_is_a_frozen_keyword_only_definition_with_a_one_line_docstring(
    command: type[Command],
) -> None:
    params = command.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen
    assert all(field.kw_only for field in dataclasses.fields(command))
    doc = command.__doc__ or ""
    assert doc and not doc.startswith(command.__name__ + "(")  # not the generated signature
    assert "\n" not in doc.strip()
    get_type_hints(command)  # every annotation resolves


@pytest.mark.parametrize("command", DEFINITIONS, ids=lambda c: c.__name__)
def test_a_command_on_a_stored_aggregate_names_it_and_may_expect_a_version(command: type[Command]) -> None:
    """Every command of an existing aggregate has ``expected_version`` (optimistic concurrency); every handler
    names the aggregate it creates or changes (a mutation's payload shows that object)."""
    handler = HANDLERS[command]
    assert handler.aggregate in OWNING_UNIT
    names = {field.name: field for field in dataclasses.fields(command)}
    if isinstance(handler, Change):
        assert names["expected_version"].default is None
        target = {"Unit": "unit_id", "Programme": "programme_id", "Inspection": "inspection_id",
                  "DocumentTemplate": "document_kind"}  # a province's template: by its document and format
        assert target[handler.aggregate.__name__] in names
    else:  # a new aggregate, or several decided at once (a reorganisation: its rows are checked as a whole)
        assert isinstance(handler, Create | Several)
        assert "expected_version" not in names


def test_a_team_recommendation_is_its_own_action_which_a_unit_representative_does_not_hold() -> None:
    def recommendation(source: RecommendationSource) -> RecordRecommendation:
        return RecordRecommendation(inspection_id=uuid4(), source=source, text="x", occurred_on=date(2020, 1, 1))

    assert action_for(recommendation(RecommendationSource.UNIT)) is Action.RECORD_RECOMMENDATION
    assert action_for(recommendation(RecommendationSource.TEAM)) is Action.RECORD_TEAM_RECOMMENDATION
    assert Action.RECORD_TEAM_RECOMMENDATION not in ALLOWED_ACTIONS[Role.UNIT_REPRESENTATIVE]
    assert Action.RECORD_TEAM_RECOMMENDATION in ALLOWED_ACTIONS[Role.INSPECTOR]
