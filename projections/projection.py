"""What the projector (projector.py) asks of a projection: its tables, a fold of a batch in memory, and the
writes of what it folded. The audit (audit.py) and the timeline (timeline.py) are the two."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from isotrail.projections.batch_writes import Write
from isotrail.projections.driver import Connection
from isotrail.projections.event_record import EventRecord
from isotrail.projections.tables import Table

MEMORY_ROWS = 50_000  # rows a projection keeps between batches (tens of MB); past it, it forgets them all


class Projection(Protocol):
    name: str
    tracking_name: str  # the position row: the name, plus the suffix of a rebuild's or benchmark's tables
    suffix: str  # that suffix, which its tables' names end with too
    tables: tuple[Table, ...]
    shape: int  # what its tables hold, raised by a release that changes it: the projection then folds anew

    def create_statements(self) -> list[str]: ...

    def view_statements(self) -> list[str]: ...

    async def load(self, conn: Connection, events: list[EventRecord], first: dict[UUID, EventRecord]) -> None:
        """Read into memory what folding ``events`` needs and memory lacks; writes nothing. ``first`` is each
        aggregate's first event among them (:func:`~isotrail.projections.event_record.first_events`), found
        once for all projections."""

    def fold(self, events: list[EventRecord]) -> None:
        """Fold ``events`` into memory (called once or more per batch, on consecutive slices of it); raises
        :func:`~isotrail.projections.failures.fold_failed` of the event it could not fold."""

    def batch_write(self) -> Write:
        """The writes of everything folded since the last call, encoded now."""

    def forget(self) -> None:
        """Drop what is kept in memory: at the end of a catch-up, when full, or after an error."""

    def memory_full(self) -> bool: ...
