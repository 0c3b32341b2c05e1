"""The settings of how isotrail uses PostgreSQL (``ISOTRAIL_DB__*``, ``ISOTRAIL_TENANTS__*``,
``ISOTRAIL_PROJECTIONS__*``): connecting, the tenants' Applications and their pools, and the read side's
projector. Read by services/settings.py."""

from __future__ import annotations

from pydantic import BaseModel, Field


class DatabaseSettings(BaseModel):
    connect_timeout_seconds: int = 10


class TenantSettings(BaseModel):
    """Bounds on the per-tenant eventsourcing Applications and their connection pools.

    At most ``max_open`` Applications are open at once, each with at most
    ``pool_size + pool_max_overflow`` connections: 24 × 2 = 48 connections however many tenants
    there are, well inside PostgreSQL's default ``max_connections = 100``.
    """

    max_open: int = Field(24, ge=1)
    pool_size: int = Field(0, ge=0)
    pool_max_overflow: int = Field(2, ge=1)
    pool_timeout_seconds: int = Field(2, ge=1)
    aggregate_cache_size: int = Field(1000, ge=0)


class ProjectionSettings(BaseModel):
    """The read side's projector: batch size, wake-up intervals, pool size, and whether serve runs one."""

    batch_size: int = Field(20_000, ge=1)
    poll_seconds: float = Field(1.0, gt=0)
    discover_seconds: float = Field(2.0, gt=0)
    pool_size: int = Field(4, ge=2)
    run_in_serve: bool = True
