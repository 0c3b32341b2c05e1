"""Who recorded an event, for which tenant, within which request.

The application sets the metadata around a command with :func:`recording_as`; the aggregate base
class stamps it on every event it triggers, so command signatures stay about the business.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from isotrail.domain.input_errors import MissingEventMetadataError
from isotrail.domain.roles import Role


@dataclass(frozen=True)
class EventMeta:
    """The recording context of an event: actor, role, tenant and correlation id."""

    actor_id: str
    role: Role
    tenant: str
    correlation_id: str


_current_meta: ContextVar[EventMeta | None] = ContextVar("isotrail_event_meta", default=None)


@contextmanager
def recording_as(meta: EventMeta) -> Iterator[EventMeta]:
    """Stamp ``meta`` on every event triggered inside the block."""
    token = _current_meta.set(meta)
    try:
        yield meta
    finally:
        _current_meta.reset(token)


def current_meta() -> EventMeta:
    """The metadata in force; raises when a command runs outside :func:`recording_as`."""
    meta = _current_meta.get()
    if meta is None:
        raise MissingEventMetadataError
    return meta
