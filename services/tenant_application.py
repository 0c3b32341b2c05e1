"""The tenant Application: one instance per province, holding its units, programmes and inspections.

Commands are data (``services/commands``) run on it by ``handle``; this class stores them (eventsourcing's
``save``, with its optimistic concurrency) and reads aggregates back.

Each aggregate is snapshotted every ``SNAPSHOT_INTERVAL`` versions, when the save that reaches such a
version is recorded, in the tenant's ``isotrail_<slug>_snapshots`` table. Loading a version (the
current one or one in the past, for time travel) then starts from the nearest snapshot at or below it
and folds at most ``SNAPSHOT_INTERVAL - 1`` events. Snapshots hold the aggregate's whole state, so
that state must stay transcodable (``snapshot_transcodings.py``; each aggregate has a snapshot-and-reload
test). Only a change to what an event body does would make old snapshots wrong: such a change
must raise the aggregate's ``class_version`` and give it an upcast (eventsourcing's snapshot
versioning), or empty the snapshot table so that they are taken again.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.document_template import DocumentTemplate
from isotrail.domain.identifiers import quoted
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.unit import Unit
from isotrail.services.application import TenantApplicationBase
from isotrail.services.not_found_errors import (
    DocumentTemplateNotFoundError,
    InspectionNotFoundError,
    ProgrammeNotFoundError,
    UnitNotFoundError,
)

SNAPSHOT_INTERVAL = 100
UNIT_TOPICS = [get_topic(cls) for cls in vars(Unit).values()
               if isinstance(cls, type) and issubclass(cls, IsotrailAggregate.Event)]
_UNIT_EVENTS = "SELECT originator_id, originator_version, topic, state FROM {table} WHERE topic = ANY(%s) " \
               "ORDER BY notification_id"
A = TypeVar("A", bound=IsotrailAggregate)

NOT_FOUND: dict[type[IsotrailAggregate], Callable[[UUID], Exception]] = {
    Unit: lambda unit_id: UnitNotFoundError(unit_id=unit_id),
    Programme: lambda programme_id: ProgrammeNotFoundError(programme_id=programme_id),
    Inspection: lambda inspection_id: InspectionNotFoundError(inspection_id=inspection_id),
    DocumentTemplate: lambda template_id: DocumentTemplateNotFoundError(template_id=template_id),
}


class TenantApplication(TenantApplicationBase):
    """One per tenant, on the tenant's own schema: its aggregates, their ids and snapshots."""

    snapshotting_intervals: ClassVar = {Unit: SNAPSHOT_INTERVAL, Programme: SNAPSHOT_INTERVAL,
                                        Inspection: SNAPSHOT_INTERVAL}

    def load(self, cls: type[A], aggregate_id: UUID, *, fresh: bool = False) -> A:
        """The aggregate of this type and id, or its type's not-found error.

        Commands take it from the process's cache (a stale copy only costs a retry, see
        ``handle``); ``fresh`` reads it from the event store, for callers who show it.
        """
        if fresh:
            self.forget(aggregate_id)
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NOT_FOUND[cls](aggregate_id) from None
        if not isinstance(aggregate, cls):
            raise NOT_FOUND[cls](aggregate_id)
        return aggregate

    def forget(self, aggregate_id: UUID) -> None:
        """Drop a cached aggregate that another writer has moved past."""
        if self.repository.cache is not None:
            with suppress(KeyError):
                self.repository.cache.get(aggregate_id, evict=True)

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    def unit_register(self) -> list[Unit]:
        """Every unit of the tenant as stored now (dissolved ones too), folded from their events read in one
        statement per store: what a rule over all the units reads (a plan's coverage, Art. 33), not the process's
        cache and never the read models. A successor's register holds its predecessors' units too, each folded
        from the predecessor's store and then from its own, where their streams continue
        (services/lineage_store.py). Its cost grows with the units' events (a province's hundreds), not with
        round trips."""
        stores = [*self.predecessors(), self.storage]
        units: dict[UUID, Unit] = {}
        with self.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            for store in stores:
                cursor.execute(_UNIT_EVENTS.format(table=quoted(store.schema, store.events_table)), (UNIT_TOPICS,))
                for row in cursor.fetchall():
                    event = self.mapper.to_domain_event(StoredEvent(
                        row["originator_id"], row["originator_version"], row["topic"], bytes(row["state"])))
                    units[event.originator_id] = event.mutate(units.get(event.originator_id))  # type: ignore[attr-defined]
        return list(units.values())

    def get_unit(self, unit_id: UUID) -> Unit:
        """The unit as stored now."""
        return self.load(Unit, unit_id, fresh=True)

    def get_programme(self, programme_id: UUID) -> Programme:
        """The programme as stored now."""
        return self.load(Programme, programme_id, fresh=True)

    def get_inspection(self, inspection_id: UUID) -> Inspection:
        """The inspection as stored now."""
        return self.load(Inspection, inspection_id, fresh=True)

    def unit_id(self, code: str) -> UUID:
        """The id a unit with this code has (or would have) in this tenant."""
        return Unit.create_id(self.tenant, code)

    def programme_id(self, code: str) -> UUID:
        return Programme.create_id(self.tenant, code)

    def inspection_id(self, programme_id: UUID, unit_id: UUID) -> UUID:
        return Inspection.create_id(self.tenant, programme_id, unit_id)
