"""Moving a tenant's schema to another PostgreSQL server without losing or duplicating an event.

1. The tenant's status becomes ``moving`` (committed): this process refuses its commands at once with
   :class:`TenantMovingError`, other processes within the registry's ``CACHE_SECONDS``.
2. The target schema is made the way the registry makes a tenant's (event and snapshot tables, indexes).
3. Under the source's lock, its events, snapshots and read models are copied to the target, verified, and
   the source schema is renamed to ``tenant_<slug>_m<time>`` (services/move_copy.py).
4. The registry places the tenant on the target and gives it back its status.

Anything failing before the source commits rolls back: the target schema is dropped and the status
restored; the source was never changed. The renamed source schema stays as a backup until the tenant
is purged.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime

from isotrail.domain.errors import IsotrailError
from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant
from isotrail.services.binary_copy import Progress
from isotrail.services.database import Database, connected
from isotrail.services.merge_errors import SuccessorMoveError
from isotrail.services.move_copy import copy_and_retire_source, schema_exists
from isotrail.services.placement import check_placement_url, same_database, server_label
from isotrail.services.placement_errors import MoveFailedError, TargetSchemaExistsError, TenantAlreadyThereError
from isotrail.services.read_model_copy import ReadModels
from isotrail.services.tenants import TenantRegistry


@dataclass(frozen=True)
class MoveReport:
    slug: str
    source: str  # host:port/dbname
    target: str
    events: int
    checksum: str  # md5 over every event's id, aggregate, version, topic and body, in id order
    snapshots: int
    read_model_rows: int
    backup_schema: str  # the source schema's new name, on the source server
    writes_refused_seconds: float


def move_tenant(registry: TenantRegistry, storage: Tenant, to: str, read_models: Callable[[Tenant], ReadModels], *,
                progress: Progress | None = None) -> MoveReport:
    """Move the tenant's schema to the database ``to`` (a libpq URL without password) and place it there,
    with its read models as ``read_models`` describes them for the tenant.

    Raises:
        PlacementUrlError: ``to`` is not a usable URL.
        ServerUnreachableError: the target (or the source) does not answer.
        TenantAlreadyThereError: the tenant is already in that database.
        TargetSchemaExistsError: the target already has a schema of that name; nothing is touched.
        TenantMovingError: another move of this tenant is under way.
        MoveFailedError: the copy or its verification failed; nothing changed but the target is dropped.
        SuccessorMoveError: tenants were merged into it (their stores stay on this server); a merged tenant
            itself is refused with TenantMergedError.
    """
    slug = storage.slug
    target = Database(check_placement_url(to), registry.database.connect_timeout_seconds)
    tenant = registry.get(storage)
    if tenant.predecessors:
        raise SuccessorMoveError(slug=slug)
    source = registry.database_of(tenant)
    if same_database(target.url, source.url):
        raise TenantAlreadyThereError(slug=slug, server=server_label(target.url))
    if schema_exists(target, storage.schema):
        raise TargetSchemaExistsError(server=server_label(target.url), schema=storage.schema)
    before = registry.begin_move(storage)
    refused_from = time.monotonic()
    moved_at = datetime.now(UTC)
    backup = storage.backup_schema(moved_at)
    created = False
    try:
        registry.create_schema(target, storage)
        created = True
        copied = copy_and_retire_source(source, target, storage, read_models(storage), backup, progress or _quiet)
    except BaseException as error:
        if created:
            with suppress(Exception), connected(target) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {quoted(storage.schema)} CASCADE")
        registry.end_move(storage, before.status)
        if isinstance(error, IsotrailError) or not isinstance(error, Exception):
            raise
        raise MoveFailedError(slug=slug, reason=str(error).strip() or type(error).__name__) from error
    home = same_database(target.url, registry.database.url)
    registry.end_move(storage, before.status, server=None if home else target.url, moved_at=moved_at)
    return MoveReport(slug, server_label(source.url), server_label(target.url), copied.events, copied.checksum,
                      copied.snapshots, copied.read_model_rows, backup, time.monotonic() - refused_from)


def _quiet(_step: str, _done: int, _total: int) -> None:
    return None
