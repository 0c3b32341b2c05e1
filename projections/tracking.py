"""Where each projection of a tenant has got to, stored in the same transaction as its rows.

Each position row is read with its ``xmin`` (the transaction that last wrote it), its *stamp*: a projector
that finds a row's stamp unchanged since its own last write knows nobody else has written the projection's
tables since, even one who moved it to the same position (a rebuild's swap), so what it keeps in memory
still holds."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant

# NOTIFY'd as ``<slug> <projection> <position>`` in the transaction that advances a position, so delivered
# when the rows it covers are committed: an API process wakes the mutations waiting to read their write
# and the subscriptions of that tenant (projections/waiting.py, graphql/subscriptions.py).
POSITION_CHANNEL = "isotrail_position"


class PositionMovedError(IsotrailError):
    """Someone else wrote this projection's position (and rows) since we read it: our batch is void."""

    code = "projection_position_moved"
    template_vi = "Vị trí của phép chiếu {projection} đã bị nơi khác ghi ({expected} → {actual}); bỏ lô này."
    template_en = "Projection {projection} was written elsewhere ({expected} → {actual}); this batch is discarded."


def positions_ddl(schema: str) -> str:
    return (f'CREATE TABLE IF NOT EXISTS "{schema}".rm_positions ('
            "projection text PRIMARY KEY, position bigint NOT NULL DEFAULT 0 CHECK (position >= 0))")


def ensure_position_sql(schema: str) -> str:
    return (f'INSERT INTO "{schema}".rm_positions (projection, position) VALUES ($1, 0) '
            "ON CONFLICT (projection) DO NOTHING")


def lock_positions_sql(schema: str) -> str:
    """Read and lock several position rows, always in the same order (no deadlock between projectors)."""
    return (f'SELECT projection, position FROM "{schema}".rm_positions WHERE projection = ANY($1::text[]) '
            "ORDER BY projection FOR UPDATE")


def lock_position_sql(schema: str) -> str:
    """Read and lock one position row with its stamp."""
    return f'SELECT position, xmin AS stamp FROM "{schema}".rm_positions WHERE projection = $1 FOR UPDATE'


def advance_position_sql(storage: Tenant) -> str:
    """Moves one position forward (only forward) and says so on ``POSITION_CHANNEL``; returns the row's new
    stamp. The projection's failure record (failures.py), if any, goes once the position is past the
    notification that failed: in the same statement, so a batch costs no round trip more."""
    schema = storage.schema
    return (f'WITH cleared AS (DELETE FROM "{schema}".rm_failures WHERE projection = $1 AND notification_id <= $2) '
            f'UPDATE "{schema}".rm_positions SET position = $2 '
            "WHERE projection = $1 AND position < $2 RETURNING xmin AS stamp, "
            f"pg_notify('{POSITION_CHANNEL}', '{storage.slug} ' || projection || ' ' || position)")


def parse_position_notice(payload: str) -> tuple[str, str, int] | None:
    """(slug, projection, position) of a ``POSITION_CHANNEL`` payload; None for anything else."""
    slug, _, rest = payload.partition(" ")
    projection, _, position = rest.partition(" ")
    try:
        return slug, projection, int(position)
    except ValueError:
        return None


def read_position_sql(schema: str) -> str:
    return f'SELECT position FROM "{schema}".rm_positions WHERE projection = $1'


def read_positions_sql(schema: str) -> str:
    return (f'SELECT projection, position, xmin AS stamp FROM "{schema}".rm_positions '
            "WHERE projection = ANY($1::text[])")
