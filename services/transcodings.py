"""How the domain's value types are stored in an event's JSON state, and an aggregate's in a snapshot.

A value is stored as ``{"_type_": name, "_data_": ...}``. The names are part of the stored contract:
projections read them with asyncpg, without an Application, so never rename one.

Events keep their enum fields as plain strings (``StrEnum`` members encode as their value; the
aggregates turn them back into members when they apply an event). A snapshot holds the aggregate's
state itself, where a string, a list or a string-keyed dict would lose the member, the tuple or the
UUID key, so snapshots go through :class:`StateTranscoder`, which tags those values first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding, TranscodingNotRegisteredError

from isotrail.domain.inspection_values import (
    AssessmentResult,
    InspectionStatus,
    NonconformityStatus,
    RecommendationSource,
)
from isotrail.domain.metadata import EventMeta
from isotrail.domain.nonconformity import Nonconformity
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus, ScopeEntry, TeamMember
from isotrail.domain.roles import Role
from isotrail.domain.unit_values import QmsFacts, UnitKind


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


def _is_dated_names(value: list[Any]) -> bool:
    return bool(value) and all(type(item) is tuple and len(item) == 2 and type(item[0]) is str  # noqa: PLR2004
                               and type(item[1]) is date for item in value)


def register_transcodings(transcoder: JSONTranscoder) -> None:
    """The value types found in events."""
    transcoder.register(DateAsISO())
    transcoder.register(DataclassAsDict(
        EventMeta, "event_meta", lambda d: EventMeta(**{**d, "role": Role(d["role"])})))
    transcoder.register(DataclassAsDict(
        ScopeEntry, "scope_entry", lambda d: ScopeEntry(**{**d, "form": InspectionForm(d["form"])})))
    transcoder.register(DataclassAsDict(TeamMember, "team_member", lambda d: TeamMember(**d)))
    transcoder.register(DataclassAsDict(QmsFacts, "qms_facts", lambda d: QmsFacts(**d)))


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


class StateTranscoder(JSONTranscoder):
    """Snapshots' transcoder: values that JSON would silently flatten are tagged before encoding.

    ``json`` writes a ``StrEnum`` member as a string, a tuple as a list and refuses non-string keys,
    without asking the transcoder, so this one rewrites them into registered transcodings first: a
    snapshot then decodes into exactly the state that was taken. An enum with no transcoding raises.
    """

    def encode(self, obj: Any) -> bytes:
        return super().encode(self._tagged(obj))

    def _encode_obj(self, o: Any) -> dict[str, Any]:
        tagged = super()._encode_obj(o)
        return {"_type_": tagged["_type_"], "_data_": self._tagged(tagged["_data_"])}

    def _tagged(self, value: Any) -> Any:
        if isinstance(value, Enum):
            if type(value) not in self.types:
                msg = f"Enum {type(value)} in aggregate state has no registered transcoding."
                raise TranscodingNotRegisteredError(msg)
            return self._encode_obj(value)
        if isinstance(value, tuple):
            return self._encode_obj(tuple(value))
        if isinstance(value, list):
            return self._tagged_list(value)
        if isinstance(value, dict):
            if all(type(key) is str for key in value):
                return {key: self._tagged(item) for key, item in value.items()}
            return self._encode_obj(KeyedDict(value))
        return value

    def _tagged_list(self, value: list[Any]) -> Any:
        if _is_dated_names(value):
            return self._encode_obj(DatedNames(value))
        return [self._tagged(item) for item in value]
