"""A projection's tables change shape with a release (a table more, a column that means something new): the
rows folded by the release before are not what the new code reads. Each projection says its shape
(``AUDIT_SHAPE``, ``TIMELINE_SHAPE``, next to its tables), each position row the shape of the tables its
rows are in; when a projector prepares a projection whose stored shape is another, it drops the tables,
makes them anew and moves the position back to 0, all in its preparing transaction, and then folds every
event again as it would for a new tenant (the API reads empty or partial tables meanwhile, as for a tenant
just created; ``projections rebuild`` refolds beside the live tables instead). Deployments of a release
before shapes existed have no shape column: it is added, holding 1 for every projection.
"""

from __future__ import annotations

import logging

from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import Connection
from isotrail.projections.projection import Projection
from isotrail.projections.tracking import tracking

log = logging.getLogger(__name__)


async def add_shape_column(conn: Connection, storage: Tenant) -> None:
    """The positions table holds each projection's shape (added once to a table made before shapes, so that
    no prepare takes the table's exclusive lock after that)."""
    statements = tracking(storage)
    if not await conn.fetchval(statements.has_shape, statements.positions):
        await conn.execute(statements.add_shape)


async def reshape(conn: Connection, storage: Tenant, projection: Projection,
                  positions: list[str] | None = None) -> bool:
    """Make ``projection``'s tables anew and fold from 0 if a stored shape is not its own; True if it did.
    ``positions`` are its position rows, one per log it folds (its own, and a successor's predecessors'): all
    of them go back to 0 together. Run in the transaction holding the tenant's DDL lock (projector.py's
    prepare)."""
    statements = tracking(storage)
    names = positions or [projection.tracking_name]
    stored = {name: await conn.fetchval(statements.read_shape, name) for name in names}
    if set(stored.values()) == {projection.shape}:
        return False
    log.warning("projection %s/%s: tables of shape %s, this release's is %s; every event is folded again",
                storage.slug, projection.tracking_name, stored, projection.shape)
    for table in projection.tables:
        await conn.execute(f"DROP TABLE IF EXISTS {table.qualified(storage.schema, projection.suffix)} CASCADE")
    for statement in projection.create_statements():
        await conn.execute(statement)
    for name in names:
        await conn.execute(statements.reshape, name, projection.shape)
        await conn.execute(statements.forget_failure, name)
    return True
