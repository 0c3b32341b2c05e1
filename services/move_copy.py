"""Step 3 of a move (services/tenant_move.py): everything copied under the source's lock, verified, and the
source retired, so that no event is written to the old server after the copy.

One REPEATABLE READ transaction on the source locks the event and snapshot tables IN EXCLUSIVE MODE, the lock
eventsourcing inserts under: it waits for inserts in flight and holds back new ones. Under it the events,
the snapshots and the read models with their positions (one snapshot of all of them) go into one target
transaction, whose counts and checksums must match the source's. Still holding the lock, the source schema
is renamed to the backup's name, so that a writer waiting on the lock fails (its table is gone). The target
commits, then the source.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant
from isotrail.services.binary_copy import Progress, copy_events, copy_rows
from isotrail.services.database import Database, connected
from isotrail.services.move_checksums import SNAPSHOT_COLUMNS, event_checksum, snapshot_checksum
from isotrail.services.placement_errors import MoveFailedError
from isotrail.services.read_model_copy import ReadModels, copy_read_models, read_models_to_copy


@dataclass(frozen=True)
class Copied:
    events: int
    checksum: str
    snapshots: int
    read_model_rows: int


def copy_and_retire_source(source: Database, target: Database, storage: Tenant, layout: ReadModels, backup: str,
                           progress: Progress) -> Copied:
    """Copy the tenant's schema from ``source`` to ``target`` (where it was made empty), verify it, and rename
    the source's to ``backup``; raises :class:`MoveFailedError` when the two sides disagree."""
    schema = storage.schema
    events = quoted(schema, storage.events_table)
    snapshots = quoted(schema, f"{storage.application_name}_snapshots")
    try:
        with connected(source) as src, connected(target) as dst:
            src.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with src.transaction():
                src.execute(f"LOCK TABLE {events}, {snapshots} IN EXCLUSIVE MODE")
                expected = event_checksum(src, events), snapshot_checksum(src, snapshots)
                read_models = read_models_to_copy(src, storage, layout)
                with dst.transaction():
                    copied = copy_events(src, dst, events, expected[0][0], progress)
                    copy_rows(src, dst, snapshots, SNAPSHOT_COLUMNS, "snapshots", expected[1][0], progress)
                    rows = copy_read_models(src, dst, storage, layout, read_models, progress)
                    got = event_checksum(dst, events), snapshot_checksum(dst, snapshots)
                    if got != expected or copied != expected[0][0]:
                        raise MoveFailedError(slug=storage.slug, reason=f"source {expected} ≠ target {got}")
                src.execute(f"ALTER SCHEMA {quoted(schema)} RENAME TO {quoted(backup)}")
    except psycopg.OperationalError:
        if not schema_exists(source, backup):  # the source's commit may have been lost on the way back
            raise
    return Copied(expected[0][0], expected[0][1], expected[1][0], rows)


def schema_exists(database: Database, schema: str) -> bool:
    with connected(database) as conn:
        return conn.execute("SELECT to_regnamespace(%s) IS NOT NULL", (schema,)).fetchone()[0]
