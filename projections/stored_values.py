"""Values as a stored event's state holds them, and as the read side unwraps them.

The state is eventsourcing's compact JSON; values of our own types are ``{"_type_": name, "_data_": …}``
(see ``services/transcodings.py`` for the names). Dates and UUIDs, the commonest, decode into the small
structs here; the domain's other value types stay dicts until :func:`plain` unwraps them.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from asyncpg.pgproto import pgproto


class Stamp(msgspec.Struct, gc=False):
    """A stored date or datetime, ``{"_type_": "date_iso", "_data_": "2020-06-02"}``: its ISO text."""

    iso: str = msgspec.field(name="_data_")

    def plain(self) -> str:
        return self.iso


class Hex(msgspec.Struct, gc=False):
    """A stored UUID, ``{"_type_": "uuid_hex", "_data_": "…"}``: its 32 hex digits."""

    hex: str = msgspec.field(name="_data_")

    def plain(self) -> UUID:
        return pgproto.UUID(self.hex)


_WRAPPERS = (Hex, Stamp)


def plain(value: Any) -> Any:
    """Unwrap one stored value: dates and datetimes stay ISO strings, UUIDs become UUIDs (asyncpg's
    own subclass, equal to and hashed like ``uuid.UUID``, made and sent to PostgreSQL eight times cheaper)."""
    if type(value) in _WRAPPERS:
        return value.plain()
    if isinstance(value, dict) and "_type_" in value:
        kind, data = value["_type_"], value["_data_"]
        if kind == "uuid_hex":
            return pgproto.UUID(data)
        if kind in ("date_iso", "datetime_iso"):
            return data
        return {key: plain(item) for key, item in data.items()} if isinstance(data, dict) else data
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
