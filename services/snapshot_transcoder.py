"""The snapshots' transcoder: a snapshot holds the aggregate's state itself, where a string, a list or a
string-keyed dict would lose the enum member, the tuple or the UUID key, so those values are tagged with the
transcodings of services/snapshot_transcodings.py before encoding."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError

from isotrail.services.snapshot_transcodings import DatedNames, KeyedDict


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


def _is_dated_names(value: list[Any]) -> bool:
    return bool(value) and all(type(item) is tuple and len(item) == 2 and type(item[0]) is str  # noqa: PLR2004
                               and type(item[1]) is date for item in value)
