"""The further types found in aggregate state, as snapshots store them: enum members, tuples, dicts keyed by
something other than strings (UUIDs), and a unit's names over time. Their names are stored like the events'
(services/transcodings.py): never rename one.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from isotrail.domain.inspection_values import (
    AssessmentResult,
    InspectionStatus,
    NonconformityStatus,
    RecommendationSource,
)
from isotrail.domain.nonconformity import Nonconformity
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.roles import Role
from isotrail.domain.unit_values import UnitKind
from isotrail.services.transcodings import DataclassAsDict


class EnumAsValue(Transcoding):
    """An enum member as its value; only snapshots use it (events store the bare value)."""

    def __init__(self, cls: type[Enum], name: str) -> None:
        self.type = cls
        self.name = name

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        return self.type(data)


class TupleAsList(Transcoding):
    type = tuple
    name = "tuple"

    def encode(self, obj: tuple) -> list:
        return list(obj)

    def decode(self, data: list) -> tuple:
        return tuple(data)


class KeyedDict(dict):
    """Marks a dict whose keys are not strings (e.g. UUIDs), which JSON objects cannot hold."""


class KeyedDictAsPairs(Transcoding):
    type = KeyedDict
    name = "keyed_dict"

    def encode(self, obj: dict) -> list[list[Any]]:
        return [[key, value] for key, value in obj.items()]

    def decode(self, data: list[list[Any]]) -> dict:
        return dict(data)


class DatedNames(list):
    """Marks a list of (name, date) pairs: a unit's names over time, which grows with every rename."""


class DatedNamesAsPairs(Transcoding):
    """The pairs as one value: loading a snapshot then costs one decoding hook for the whole history
    instead of two per name (a tuple and a date), which dominated loading a unit renamed 10,000 times."""

    type = DatedNames
    name = "dated_names"

    def encode(self, obj: list[tuple[str, date]]) -> list[list[str]]:
        return [[name, since.isoformat()] for name, since in obj]

    def decode(self, data: list[list[str]]) -> list[tuple[str, date]]:
        return [(name, date.fromisoformat(since)) for name, since in data]


STATE_ENUMS: dict[type[Enum], str] = {
    Role: "role", UnitKind: "unit_kind", InspectionForm: "inspection_form", ProgrammeStatus: "programme_status",
    InspectionStatus: "inspection_status", AssessmentResult: "assessment_result",
    NonconformityStatus: "nonconformity_status", RecommendationSource: "recommendation_source",
}


def register_state_transcodings(transcoder: JSONTranscoder) -> None:
    """The further types found in aggregate state, for snapshots."""
    for cls, name in STATE_ENUMS.items():
        transcoder.register(EnumAsValue(cls, name))
    transcoder.register(TupleAsList())
    transcoder.register(KeyedDictAsPairs())
    transcoder.register(DatedNamesAsPairs())
    transcoder.register(DataclassAsDict(Nonconformity, "nonconformity", lambda d: Nonconformity(**d)))
