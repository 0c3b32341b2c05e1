"""Prometheus metrics of the API: HTTP requests and latency (Litestar's middleware), SQL statements the
read side runs, commands by outcome, how long mutations wait to read their write, how far each projection
lags behind its log, and which are stopped by a failed fold (and where).

They name tenants, so they are not for everyone: ``/metrics`` is served on a listener of its own
(``ISOTRAIL_METRICS__PORT``, not exposed beside the API) or to requests bearing ``ISOTRAIL_METRICS__TOKEN``,
as Prometheus scrapes them (``authorization: {credentials: …}`` in a scrape config).
"""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Controller
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from prometheus_client import Counter, Gauge, Histogram

from isotrail.projections.tracking import VERSION_STATEMENT

READ_QUERIES = Counter("isotrail_read_queries_total", "SQL statements run by the API's read pool")
VERSION_READS = Counter("isotrail_read_models_version_reads_total",
                        "Of those, reads of a tenant's read-models version (the response cache's check)")
PLANNED_READS = Counter("isotrail_graphql_planned_reads_total",
                        "Read-only queries answered by their plan (graphql/read_plans.py), without graphql-core")
JSON_PAGES = Counter("isotrail_graphql_json_pages_total",
                     "Pages of planned reads whose rows PostgreSQL wrote as JSON (projections/json_pages.py)")
DOCUMENTS_RENDERED = Counter("isotrail_documents_rendered_total",
                             "Documents rendered by the API (a link's download served from the kept file renders none)",
                             ["format"])
COMMANDS = Counter("isotrail_commands_total", "Commands run through GraphQL mutations", ["outcome"])
READ_YOUR_WRITE = Histogram("isotrail_read_your_write_wait_seconds",
                            "How long a stored command waited for the audit read model to show it",
                            buckets=(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0))
PROJECTION_LAG = Gauge("isotrail_projection_lag_events", "Events not yet folded", ["tenant", "projection"])
PROJECTION_FAILED = Gauge("isotrail_projection_failed", "1 while a failed fold stops the projection, else 0",
                          ["tenant", "projection"])
PROJECTION_FAILED_AT = Gauge("isotrail_projection_failed_notification_id",
                             "The notification a failed fold stopped the projection at (0: none)",
                             ["tenant", "projection"])


def export_projection_statuses(statuses: list[Any]) -> None:
    """Each projection's lag and failure as gauges (``projections/status.py``'s statuses)."""
    for status in statuses:
        labels = {"tenant": status.tenant, "projection": status.projection}
        PROJECTION_LAG.labels(**labels).set(status.lag)
        PROJECTION_FAILED.labels(**labels).set(1 if status.failure else 0)
        PROJECTION_FAILED_AT.labels(**labels).set(status.failure.notification_id if status.failure else 0)


prometheus = PrometheusConfig(app_name="isotrail", prefix="isotrail_http", group_path=True,
                              exclude=["/metrics"])


def metrics_controller(token: str | None) -> type[Controller]:
    """``/metrics``, refused (401, typed) to a request without ``Authorization: Bearer <token>`` when a token
    is set."""

    def bearer(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        scheme, _, given = connection.headers.get("authorization", "").partition(" ")
        if token is not None and not (scheme.lower() == "bearer"
                                      and hmac.compare_digest(given.strip().encode(), token.encode())):
            raise NotAuthorizedException

    class MetricsController(PrometheusController):
        path = "/metrics"
        guards = [bearer]  # noqa: RUF012 - as Litestar declares it

    return MetricsController


def count_query(record: Any) -> None:
    """Count what the API asks; not asyncpg's reset of a connection going back to the pool."""
    if "RESET ALL" not in record.query:
        READ_QUERIES.inc()
        if record.query.startswith(VERSION_STATEMENT):
            VERSION_READS.inc()
