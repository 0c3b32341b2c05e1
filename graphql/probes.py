"""``/healthz`` (the process answers) and ``/readyz`` (PostgreSQL answers, and how far the projections lag),
for the orchestrator's probes."""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.datastructures import State

from isotrail.graphql.metrics import export_projection_statuses
from isotrail.projections.status import projection_statuses


@get("/healthz", sync_to_thread=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz")
async def readyz(state: State) -> dict[str, Any]:
    """Ready when PostgreSQL answers, with the events all projections have yet to fold and how many
    projections a failed fold stops; each projection's lag and failure go to the metrics, which name tenants
    (this answer is public and names none). A stopped projection does not make the API unready: it serves
    every tenant, that one's reads included."""
    statuses = await projection_statuses(state.read_pools)
    export_projection_statuses(statuses)
    return {"status": "ready", "lag_events": sum(status.lag for status in statuses),
            "failed_projections": sum(1 for status in statuses if status.failure)}
