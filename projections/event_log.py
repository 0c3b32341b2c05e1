"""What the read side asks of a tenant's notification log (the event store's table): its statements,
built once per tenant."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant


class LogStatements(NamedTuple):
    select: str  # the events after $1, at most $2, in notification order; columns as decode_rows takes them
    last: str  # the last notification id (0 for an empty log)


@lru_cache(maxsize=4096)
def event_log(storage: Tenant) -> LogStatements:
    """The tenant's log statements, built on first use and kept."""
    table = quoted(storage.schema, storage.events_table)
    return LogStatements(
        select=("SELECT notification_id, originator_id, originator_version, topic, state "
                f"FROM {table} WHERE notification_id > $1 ORDER BY notification_id LIMIT $2"),
        last=f"SELECT coalesce(max(notification_id), 0) FROM {table}")
