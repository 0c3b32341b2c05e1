"""Where each projection of a tenant has got to, stored in the same transaction as its rows."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError


class PositionMovedError(IsotrailError):
    """Another projector wrote this projection's rows since we read its position: our batch is void."""

    code = "projection_position_moved"
    template_vi = "Vị trí của phép chiếu {projection} đã thay đổi ({expected} → {actual}); bỏ lô này."
    template_en = "Projection {projection} moved from {expected} to {actual}; this batch is discarded."


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


def advance_positions_sql(schema: str) -> str:
    """Moves forward only: a position that would move backwards is left where it is."""
    return (f'UPDATE "{schema}".rm_positions SET position = $2 '
            "WHERE projection = ANY($1::text[]) AND position < $2")


def read_position_sql(schema: str) -> str:
    return f'SELECT position FROM "{schema}".rm_positions WHERE projection = $1'


def read_positions_sql(schema: str) -> str:
    return f'SELECT projection, position FROM "{schema}".rm_positions WHERE projection = ANY($1::text[])'
