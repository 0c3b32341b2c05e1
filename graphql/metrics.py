"""Prometheus metrics of the API: HTTP requests and latency (Litestar's middleware), SQL statements the
read side runs, commands by outcome, and how far each projection lags behind its log."""

from __future__ import annotations

from typing import Any

from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from prometheus_client import Counter, Gauge

READ_QUERIES = Counter("isotrail_read_queries_total", "SQL statements run by the API's read pool")
COMMANDS = Counter("isotrail_commands_total", "Commands run through GraphQL mutations", ["outcome"])
PROJECTION_LAG = Gauge("isotrail_projection_lag_events", "Events not yet folded", ["tenant", "projection"])

prometheus = PrometheusConfig(app_name="isotrail", prefix="isotrail_http", group_path=True,
                              exclude=["/metrics"])


class MetricsController(PrometheusController):
    path = "/metrics"


def count_query(record: Any) -> None:
    """Count what the API asks; not asyncpg's reset of a connection going back to the pool."""
    if "RESET ALL" not in record.query:
        READ_QUERIES.inc()
