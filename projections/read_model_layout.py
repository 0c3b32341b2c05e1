"""What copying a tenant's read models to another server needs (services/tenant_move.py), as the projections
say it."""

from __future__ import annotations

from dataclasses import dataclass

from isotrail.domain.tenancy import Tenant
from isotrail.projections.projector import PROJECTIONS, build_projection
from isotrail.projections.tracking import POSITIONS, tracking


@dataclass(frozen=True)
class ReadModelLayout:
    """What copying a tenant's read models to another server needs (services/tenant_move.py): the DDL of the
    position and failure tables and of every projection's tables and views (no parameters, so any driver
    can run them), each projection's tables with their columns, and the positions table."""

    ddl: list[str]
    tables: dict[str, dict[str, tuple[str, ...]]]  # {projection: {table: columns}}
    positions: str = POSITIONS
    position_columns: tuple[str, ...] = ("projection", "position", "shape")


def read_model_layout(storage: Tenant) -> ReadModelLayout:
    projections = [build_projection(name, storage) for name in PROJECTIONS]
    ddl = [tracking(storage).positions_ddl, tracking(storage).failures_ddl] + [
        s for projection in projections for s in projection.create_statements()]
    return ReadModelLayout(ddl, {p.name: {table.name: table.column_names for table in p.tables} for p in projections})
