"""The base of a tenant's eventsourcing Application: env, transcodings and the command skeleton.

Every command is load → check version → act → save, with the caller's metadata stamped on the events
and eventsourcing's optimistic-concurrency conflict turned into our typed error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.utils import Environment

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.services.errors import ConcurrentWriteError, InvalidTenantSlugError, StaleVersionError
from isotrail.services.permissions import Action, Caller, authorize
from isotrail.services.transcodings import register_transcodings

TENANT_SLUG = re.compile(r"[a-z][a-z0-9_]{1,39}")

A = TypeVar("A", bound=IsotrailAggregate)


def validate_tenant_slug(slug: str) -> str:
    """The slug, if it is safe to build SQL identifiers from; raises otherwise."""
    if not isinstance(slug, str) or not TENANT_SLUG.fullmatch(slug):
        raise InvalidTenantSlugError(slug=slug)
    return slug


def tenant_schema(slug: str) -> str:
    return f"tenant_{validate_tenant_slug(slug)}"


def application_name(slug: str) -> str:
    """Names the tenant's tables and its NOTIFY channel (``<name>_events``), unique per tenant."""
    return f"isotrail_{validate_tenant_slug(slug)}"


@dataclass(frozen=True)
class Recorded:
    """What a command stored: the aggregate, its new version and the last notification id."""

    aggregate_id: UUID
    version: int
    notification_id: int | None
    entity_id: UUID | None = None


class TenantApplicationBase(Application):
    """One instance per tenant; its env is explicit (never ``os.environ``), with its own schema."""

    is_snapshotting_enabled = True

    def __init__(self, tenant: str, env: Mapping[str, str]) -> None:
        self.tenant = validate_tenant_slug(tenant)
        self.name = application_name(tenant)
        super().__init__(env=dict(env))

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        settings = dict(type(self).env)
        settings["IS_SNAPSHOTTING_ENABLED"] = "y"
        settings.update(env or {})
        return Environment(name, settings)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_transcodings(transcoder)

    @contextmanager
    def _acting(self, caller: Caller, action: Action, *, unit_id: UUID | None = None) -> Iterator[None]:
        authorize(caller, action, unit_id=unit_id)
        meta = EventMeta(caller.actor_id, caller.role, self.tenant, caller.correlation_id)
        with recording_as(meta):
            yield

    def _get(self, cls: type[A], aggregate_id: UUID, not_found: Callable[[], Exception]) -> A:
        """The aggregate of this type and id, or the given not-found error."""
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
        aggregate: A,
        act: Callable[[A], Any],
        *,
        expected_version: int | None,
        unit_id: UUID | None = None,
    ) -> Recorded:
        """Authorise, check the expected version, act on the aggregate and save it."""
        if expected_version is not None and expected_version != aggregate.version:
            raise StaleVersionError(aggregate_id=aggregate.id, expected=expected_version,
                                    actual=aggregate.version)
        with self._acting(caller, action, unit_id=unit_id):
            entity_id = act(aggregate)
        return self._save(aggregate, entity_id=entity_id if isinstance(entity_id, UUID) else None)

    def _save(self, *aggregates: IsotrailAggregate, entity_id: UUID | None = None) -> Recorded:
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentWriteError(aggregate_id=aggregates[0].id) from None
        last = recordings[-1].notification.id if recordings else None
        return Recorded(aggregates[0].id, aggregates[0].version, last, entity_id)
