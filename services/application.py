"""The base of a tenant's eventsourcing Application: its env, transcodings and snapshot store.

Commands are run on it by ``services/commands/handle.py``; what it holds and reads is in
``tenant_application.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.compressor import ZlibCompressor
from eventsourcing.persistence import EventStore, IntegrityError, JSONTranscoder, Mapper
from eventsourcing.utils import Environment

from isotrail.domain.tenancy import Tenant
from isotrail.services.lineage_store import LineageEventStore
from isotrail.services.snapshot_transcoder import StateTranscoder
from isotrail.services.snapshot_transcodings import register_state_transcodings
from isotrail.services.transcodings import register_transcodings

log = logging.getLogger(__name__)


class TenantApplicationBase(Application):
    """One instance per tenant; its env is explicit (never ``os.environ``), with its own schema."""

    def __init__(self, tenant: Tenant, env: Mapping[str, str],
                 predecessors: Callable[[], Sequence[Tenant]] = tuple,
                 merged_on: Callable[[Tenant], date | None] = lambda _tenant: None) -> None:
        self.storage = tenant
        self._predecessors = predecessors  # the tenants merged into it, whose streams may continue in its store
        self._merged_on = merged_on  # the day a tenant's records came to this one (through every merge between)
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

    def predecessors(self) -> Sequence[Tenant]:
        """The tenants merged into this one (through every merge), whose streams may continue in its store."""
        return self._predecessors()

    def merged_on(self, slug: str) -> date | None:
        """The day the tenant ``slug``'s records came to this one: the day it was merged into it, or the latest of
        the merges between (into one merged into it later); None: this tenant."""
        if slug == self.tenant:
            return None
        return self._merged_on(Tenant(slug))

    def construct_event_store(self) -> LineageEventStore:
        """Its own store, whose streams may begin in a predecessor's (services/lineage_store.py)."""
        return LineageEventStore(self.mapper, self.recorder, self._predecessors)

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
