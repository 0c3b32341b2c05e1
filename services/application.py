"""The base of a tenant's eventsourcing Application: env, transcodings and the command skeleton.

Every command is load → check version → act → save, with the caller's metadata stamped on the events
and eventsourcing's optimistic-concurrency conflict turned into our typed error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.compressor import ZlibCompressor
from eventsourcing.persistence import EventStore, IntegrityError, JSONTranscoder, Mapper
from eventsourcing.utils import Environment

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.errors import DomainError
from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.tenancy import Tenant
from isotrail.services.errors import ConcurrentWriteError, StaleVersionError
from isotrail.services.permissions import Action, Caller, authorize
from isotrail.services.transcodings import StateTranscoder, register_state_transcodings, register_transcodings

A = TypeVar("A", bound=IsotrailAggregate)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    """What a command stored: the aggregate, its new version and the last notification id."""

    aggregate_id: UUID
    version: int
    notification_id: int | None
    entity_id: UUID | None = None


class TenantApplicationBase(Application):
    """One instance per tenant; its env is explicit (never ``os.environ``), with its own schema."""

    def __init__(self, tenant: Tenant, env: Mapping[str, str]) -> None:
        self.storage = tenant
        self.tenant = tenant.slug  # as events record it
        self.name = self.storage.application_name
        super().__init__(env=dict(env))

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        settings = dict(type(self).env)
        if type(self).is_snapshotting_enabled or type(self).snapshotting_intervals:
            settings["IS_SNAPSHOTTING_ENABLED"] = "y"
        settings.update(env or {})
        return Environment(name, settings)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_transcodings(transcoder)

    def construct_snapshot_store(self) -> EventStore:
        """Snapshots hold aggregate state, so they get their own transcoder (events' encoding is untouched),
        and are compressed: a long stream's state is mostly repetition, read whole at every load."""
        transcoder = StateTranscoder()
        self.register_transcodings(transcoder)
        register_state_transcodings(transcoder)
        mapper = Mapper(transcoder=transcoder, compressor=ZlibCompressor(), cipher=self.factory.cipher())
        return self.factory.event_store(mapper=mapper, recorder=self.factory.aggregate_recorder(purpose="snapshots"))

    def take_snapshot(self, aggregate_id: UUID, version: int | None = None, **kwargs: Any) -> None:
        """A snapshot only shortens later loads: once the events are saved, failing to take one must not
        fail the command (the next interval takes another), and one taken already is as good."""
        try:
            super().take_snapshot(aggregate_id, version, **kwargs)
        except IntegrityError:
            pass
        except Exception:
            log.exception("snapshot of %s at version %s not taken", aggregate_id, version)

    @contextmanager
    def _acting(self, caller: Caller, action: Action, *, unit_id: UUID | None = None) -> Iterator[None]:
        """Authorise the caller, then stamp its metadata on the events triggered in the block."""
        authorize(caller, action, unit_id=unit_id)
        meta = EventMeta(caller.actor_id, caller.role, self.tenant, caller.correlation_id)
        with recording_as(meta):
            yield

    def _get(
        self, cls: type[A], aggregate_id: UUID, not_found: Callable[[], Exception], *, fresh: bool = False
    ) -> A:
        """The aggregate of this type and id, or the given not-found error.

        Commands take it from the process's cache (a stale copy only costs a retry, see
        :meth:`_update`); ``fresh`` reads it from the event store, for callers who show it.
        """
        if fresh:
            self._forget(aggregate_id)
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise not_found() from None
        if not isinstance(aggregate, cls):
            raise not_found()
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    def _update(
        self,
        caller: Caller,
        action: Action,
        load: Callable[[], A],
        act: Callable[[A], Any],
        *,
        expected_version: int | None,
        unit_of: Callable[[A], UUID] | None = None,
    ) -> Recorded:
        """Load, authorise, check the expected version, act and save.

        Aggregates come from a per-process cache that is not re-read before each command, so the
        copy may be behind the store when another process wrote. Whatever the first decision runs
        into — a conflict on save, a stale expected version, a broken rule — is therefore decided
        once more on the stored state before the caller hears of it.
        """
        aggregate = load()
        for on_stored_state in (False, True):
            try:
                with self._acting(caller, action, unit_id=unit_of(aggregate) if unit_of else None):
                    if expected_version is not None and expected_version != aggregate.version:
                        raise StaleVersionError(aggregate_id=aggregate.id, expected=expected_version,
                                                actual=aggregate.version)
                    entity_id = act(aggregate)
                return self._save(aggregate, entity_id=entity_id if isinstance(entity_id, UUID) else None)
            except (DomainError, StaleVersionError, ConcurrentWriteError):
                if on_stored_state:
                    raise
                self._forget(aggregate.id)
                aggregate = load()
        raise AssertionError("unreachable")  # pragma: no cover

    def _forget(self, aggregate_id: UUID) -> None:
        """Drop a cached aggregate that another writer has moved past."""
        if self.repository.cache is not None:
            with suppress(KeyError):
                self.repository.cache.get(aggregate_id, evict=True)

    def _save(self, *aggregates: IsotrailAggregate, entity_id: UUID | None = None) -> Recorded:
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            for aggregate in aggregates:
                self._forget(aggregate.id)
            raise ConcurrentWriteError(aggregate_id=aggregates[0].id) from None
        last = recordings[-1].notification.id if recordings else None
        return Recorded(aggregates[0].id, aggregates[0].version, last, entity_id)
