"""Moving a tenant's schema to another PostgreSQL server without losing or duplicating an event.

1. The tenant's status becomes ``moving`` (committed): this process refuses its commands at once with
   :class:`TenantMovingError`, other processes within ``STATUS_CACHE_SECONDS``.
2. The target schema is made the way the registry makes a tenant's (event and snapshot tables, indexes).
3. On the source, one REPEATABLE READ transaction locks the event and snapshot tables IN EXCLUSIVE MODE,
   the lock eventsourcing inserts under: it waits for inserts in flight and holds back new ones (from
   processes that have not seen the status yet). It copies the events with their notification ids, the
   snapshots, and the read models with their positions (one snapshot of all of them) by binary COPY into
   one target transaction, sets the target's id sequence, and compares counts and checksums on both
   sides. Still holding the lock it renames the source schema to ``tenant_<slug>_m<time>``: a writer
   waiting on the lock then fails (its table is gone) rather than writing to the old server after the
   copy. The target commits, then the source.
4. The registry places the tenant on the target and gives it back its status.

Anything failing before the source commits rolls back: the target schema is dropped and the status
restored; the source was never changed. The renamed source schema stays as a backup until the tenant
is purged.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import psycopg

from isotrail.domain.errors import IsotrailError
from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant
from isotrail.services.database import Database, connected
from isotrail.services.placement import check_placement_url, same_database, server_label
from isotrail.services.placement_errors import MoveFailedError, TargetSchemaExistsError, TenantAlreadyThereError
from isotrail.services.tenants import TenantRegistry

Progress = Callable[[str, int, int], None]  # (step, rows done, rows in all)
EVENT_IDS_PER_COPY = 50_000
_PART = 100_000  # events are hashed in parts of this many ids, so no string grows past a few megabytes

_CHECKSUM = """SELECT coalesce(sum(n), 0)::bigint, coalesce(md5(string_agg(digest, '' ORDER BY part)), '')
FROM (SELECT {part} AS part, count(*) AS n,
             md5(string_agg(concat_ws('|', {columns}, md5(state)), E'\\n' ORDER BY {order})) AS digest
      FROM {table} GROUP BY 1) AS parts"""
_EVENT_COLUMNS = ("originator_id", "originator_version", "topic", "state", "notification_id")
_SNAPSHOT_COLUMNS = ("originator_id", "originator_version", "topic", "state")


class ReadModels(Protocol):
    """What the move needs of a tenant's read models, told by their owner (the read side's
    ``read_model_layout``): the statements that make every table and view, each projection's tables with
    their columns, and the table of the projections' positions, keyed by projection."""

    ddl: Sequence[str]  # no parameters, so any driver runs them
    tables: Mapping[str, Mapping[str, Sequence[str]]]  # {projection: {table: columns}}
    positions: str  # the positions table (a name within the tenant's schema)
    position_columns: tuple[str, str]  # its key (the projection's name) and the position


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


@dataclass(frozen=True)
class _Copied:
    events: int
    checksum: str
    snapshots: int
    read_model_rows: int


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
    """
    slug = storage.slug
    target = Database(check_placement_url(to), registry.database.connect_timeout_seconds)
    tenant = registry.get(storage)
    source = registry.database_of(tenant)
    if same_database(target.url, source.url):
        raise TenantAlreadyThereError(slug=slug, server=server_label(target.url))
    if _schema_exists(target, storage.schema):
        raise TargetSchemaExistsError(server=server_label(target.url), schema=storage.schema)
    before = registry.begin_move(storage)
    refused_from = time.monotonic()
    moved_at = datetime.now(UTC)
    backup = storage.backup_schema(moved_at)
    created = False
    try:
        registry.create_schema(target, storage)
        created = True
        copied = _copy_and_retire_source(source, target, storage, read_models(storage), backup, progress or _quiet)
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


def _schema_exists(database: Database, schema: str) -> bool:
    with connected(database) as conn:
        return conn.execute("SELECT to_regnamespace(%s) IS NOT NULL", (schema,)).fetchone()[0]


def _copy_and_retire_source(source: Database, target: Database, storage: Tenant, layout: ReadModels, backup: str,
                            progress: Progress) -> _Copied:
    schema = storage.schema
    events = quoted(schema, storage.events_table)
    snapshots = quoted(schema, f"{storage.application_name}_snapshots")
    try:
        with connected(source) as src, connected(target) as dst:
            src.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with src.transaction():
                src.execute(f"LOCK TABLE {events}, {snapshots} IN EXCLUSIVE MODE")
                expected = _event_checksum(src, events), _snapshot_checksum(src, snapshots)
                read_models = _read_models_to_copy(src, storage, layout)
                with dst.transaction():
                    copied = _copy_events(src, dst, events, expected[0][0], progress)
                    _copy_rows(src, dst, snapshots, _SNAPSHOT_COLUMNS, "snapshots", expected[1][0], progress)
                    rows = _copy_read_models(src, dst, storage, layout, read_models, progress)
                    got = _event_checksum(dst, events), _snapshot_checksum(dst, snapshots)
                    if got != expected or copied != expected[0][0]:
                        raise MoveFailedError(slug=storage.slug, reason=f"source {expected} ≠ target {got}")
                src.execute(f"ALTER SCHEMA {quoted(schema)} RENAME TO {quoted(backup)}")
    except psycopg.OperationalError:
        if not _schema_exists(source, backup):  # the source's commit may have been lost on the way back
            raise
    return _Copied(expected[0][0], expected[0][1], expected[1][0], rows)


def _event_checksum(conn: psycopg.Connection, table: str) -> tuple[int, str]:
    return _checksum(conn, table, f"notification_id / {_PART}", "notification_id, originator_id, "
                     "originator_version, topic", "notification_id")


def _snapshot_checksum(conn: psycopg.Connection, table: str) -> tuple[int, str]:
    return _checksum(conn, table, "0", "originator_id, originator_version, topic", "originator_id, originator_version")


def _checksum(conn: psycopg.Connection, table: str, part: str, columns: str, order: str) -> tuple[int, str]:
    count, digest = conn.execute(_CHECKSUM.format(part=part, columns=columns, order=order, table=table)).fetchone()
    return count, digest


def _copy_events(src: psycopg.Connection, dst: psycopg.Connection, table: str, total: int,
                 progress: Progress) -> int:
    """The events in id order, a range of ids per COPY; then the target's sequence past the last id."""
    last = src.execute(f"SELECT max(notification_id) FROM {table}").fetchone()[0] or 0
    columns = _columns(_EVENT_COLUMNS)
    copied = 0
    progress("events", 0, total)
    for low in range(0, last, EVENT_IDS_PER_COPY):
        select = (f"SELECT {columns} FROM {table} WHERE notification_id > {low:d} "
                  f"AND notification_id <= {low + EVENT_IDS_PER_COPY:d} ORDER BY notification_id")
        copied += _copy(src, dst, select, table, columns)
        progress("events", copied, total)
    if last:
        dst.execute("SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)", (table, last))
    return copied


def _columns(names: Sequence[str]) -> str:
    return ", ".join(map(quoted, names))


def _copy_rows(src: psycopg.Connection, dst: psycopg.Connection, table: str, column_names: Sequence[str],
               step: str, total: int, progress: Progress, done: int = 0) -> int:
    columns = _columns(column_names)
    copied = _copy(src, dst, f"SELECT {columns} FROM {table}", table, columns)
    progress(step, done + copied, total)
    return copied


def _copy(src: psycopg.Connection, dst: psycopg.Connection, select: str, table: str, columns: str) -> int:
    """Stream one query's rows from the source into the same table on the target (binary COPY)."""
    with src.cursor() as out_cursor, dst.cursor() as in_cursor:
        with out_cursor.copy(f"COPY ({select}) TO STDOUT (FORMAT BINARY)") as out, \
                in_cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as into:
            for data in out:
                into.write(data)
        return in_cursor.rowcount


def _read_models_to_copy(src: psycopg.Connection, storage: Tenant, layout: ReadModels) -> dict[str, dict[str, int]]:
    """``{projection: {table: rows}}`` for each projection whose tables and position all exist on the
    source; any other projection is folded from zero on the target."""

    def exists(table: str) -> bool:
        return src.execute("SELECT to_regclass(%s) IS NOT NULL", (quoted(storage.schema, table),)).fetchone()[0]

    if not exists(layout.positions):
        return {}
    key = quoted(layout.position_columns[0])
    positioned = {row[0] for row in src.execute(
        f"SELECT {key} FROM {quoted(storage.schema, layout.positions)}").fetchall()}
    return {projection: {table: _count(src, storage, table) for table in tables}
            for projection, tables in layout.tables.items()
            if projection in positioned and all(exists(table) for table in tables)}


def _count(conn: psycopg.Connection, storage: Tenant, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {quoted(storage.schema, table)}").fetchone()[0]


def _copy_read_models(src: psycopg.Connection, dst: psycopg.Connection, storage: Tenant, layout: ReadModels,
                      counts: dict[str, dict[str, int]], progress: Progress) -> int:
    """Create every read-model table on the target, fill those counted on the source with their positions,
    and check the counts."""
    for statement in layout.ddl:
        dst.execute(statement)
    total = sum(n for tables in counts.values() for n in tables.values())
    done = 0
    progress("read models", 0, total)
    for projection, tables in counts.items():
        for table in tables:
            done += _copy_rows(src, dst, quoted(storage.schema, table), layout.tables[projection][table],
                               "read models", total, progress, done)
        for table, expected in tables.items():
            if (got := _count(dst, storage, table)) != expected:
                raise MoveFailedError(slug=storage.slug, reason=f"{table}: {expected} rows on the source, {got} copied")
    positions, (key, value) = quoted(storage.schema, layout.positions), map(quoted, layout.position_columns)
    for projection in counts:
        position = src.execute(f"SELECT {value} FROM {positions} WHERE {key} = %s", (projection,)).fetchone()[0]
        dst.execute(f"INSERT INTO {positions} ({key}, {value}) VALUES (%s, %s)", (projection, position))
    return done
