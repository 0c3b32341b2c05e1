"""How the domain's value types are stored in an event's JSON state.

A value is stored as ``{"_type_": name, "_data_": ...}``. The names are part of the stored contract:
projections read them with asyncpg, without an Application, so never rename one.

Events keep their enum fields as plain strings (``StrEnum`` members encode as their value; the
aggregates turn them back into members when they apply an event). Snapshots, which hold aggregate state
itself, need more (services/snapshot_transcoder.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from isotrail.domain.inspection_decision import DecisionTeamMember, TeamRole
from isotrail.domain.metadata import EventMeta
from isotrail.domain.plan_coverage import UncoveredUnit
from isotrail.domain.programme_values import InspectionForm, ScopeEntry, TeamMember
from isotrail.domain.result_figures import ResultFigures
from isotrail.domain.roles import Role
from isotrail.domain.unit_values import Decision, QmsFacts


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """A dataclass as a dict of its fields (nested values are transcoded in turn)."""

    def __init__(self, cls: type, name: str, build: Callable[[dict[str, Any]], Any]) -> None:
        self.type = cls
        self.name = name
        self._build = build

    def encode(self, obj: Any) -> dict[str, Any]:
        return {field.name: getattr(obj, field.name) for field in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self._build(data)


def register_transcodings(transcoder: JSONTranscoder) -> None:
    """The value types found in events."""
    transcoder.register(DateAsISO())
    transcoder.register(DataclassAsDict(
        EventMeta, "event_meta", lambda d: EventMeta(**{**d, "role": Role(d["role"])})))
    transcoder.register(DataclassAsDict(
        ScopeEntry, "scope_entry", lambda d: ScopeEntry(**{**d, "form": InspectionForm(d["form"])})))
    transcoder.register(DataclassAsDict(TeamMember, "team_member", lambda d: TeamMember(**d)))
    transcoder.register(DataclassAsDict(QmsFacts, "qms_facts", lambda d: QmsFacts(**d)))
    transcoder.register(DataclassAsDict(Decision, "decision", lambda d: Decision(**d)))
    transcoder.register(DataclassAsDict(UncoveredUnit, "uncovered_unit", lambda d: UncoveredUnit(**d)))
    transcoder.register(DataclassAsDict(
        DecisionTeamMember, "decision_team_member", lambda d: DecisionTeamMember(d["name"], TeamRole(d["role"]))))
    transcoder.register(DataclassAsDict(ResultFigures, "result_figures", lambda d: ResultFigures(**d)))
