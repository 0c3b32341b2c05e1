"""PostgreSQL stopped and started again under read and write load (a private server: never the shared one).

While it is down the API answers every request, with the typed ``database_unavailable`` error; once it is back
the API, the write side and the projector recover by themselves, every acknowledged command is in the event
store, and the read models hold every event exactly once."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from isotrail.domain.tenancy import Tenant
from tests.builders import new_tenant_slug
from tests.faults.conftest import deployed, read_models, stored_events
from tests.faults.traffic import Answer, Traffic
from tests.private_postgres import private_postgres
from tests.processes import wait_until

pytestmark = pytest.mark.faults

# Typed answers a command may give when PostgreSQL went away around it: refused, or stored but not yet shown
# (`projection_timeout`, `database_unavailable` beside ok), or retried by eventsourcing into its own write.
TYPED_IN_AN_OUTAGE = {"database_unavailable", "projection_timeout", "already_exists", "concurrent_write"}


def _answered(answers: list[Answer], unavailable: bool) -> bool:
    """Reads and writes both answered: with the typed ``database_unavailable`` alone, or else successfully."""
    kinds = {a.kind for a in answers
             if ((a.codes == ("database_unavailable",) and not a.ok) if unavailable else a.ok)}
    return kinds == {"read", "write"}


def test_postgresql_restarted_under_load_answers_typed_errors_and_loses_no_acknowledged_write(
    tmp_path: Path, report: Callable[[str], None]
) -> None:
    tenant = new_tenant_slug()
    storage = Tenant(tenant)
    outages = []
    with private_postgres() as server, deployed(server.url, tmp_path, [tenant]) as deployment:
        traffic = Traffic({tenant: deployment.client(tenant)}, threads=4)
        with traffic.running():
            wait_until(lambda: sum(a.ok for a in traffic.answers if a.kind == "write") >= 20, "writes", timeout=60)
            for mode in ("fast", "immediate"):
                server.stop(mode)
                stopped = time.monotonic()
                wait_until(lambda t=stopped: _answered(traffic.since(t), unavailable=True),
                           "typed errors for reads and writes", timeout=90)
                typed_in = time.monotonic() - stopped
                server.start()
                started = time.monotonic()
                wait_until(lambda t=started: _answered(traffic.since(t), unavailable=False),
                           "a read and a write answered after the restart", timeout=90)
                outages.append((mode, typed_in, time.monotonic() - started))
            marked = time.monotonic()
            wait_until(lambda: sum(a.ok for a in traffic.since(marked)) >= 20, "traffic after the restarts")
        assert deployment.api.poll() is None and deployment.projector.poll() is None  # neither restarted

        answers = traffic.answers
        # the API answered every request: 503 only when PostgreSQL was lost before GraphQL ran (the tenant's
        # placement is read first), and then with the same typed error
        assert {a.status for a in answers} <= {200, 503}
        assert all(a.codes == ("database_unavailable",) for a in answers if a.status == 503)
        assert {code for a in answers for code in a.codes} <= TYPED_IN_AN_OUTAGE, [
            a for a in answers if set(a.codes) - TYPED_IN_AN_OUTAGE]
        assert all(a.codes == ("database_unavailable",) for a in answers if a.kind == "read" and not a.ok)
        acknowledged = {a.unit_id for a in answers if a.kind == "write" and a.ok}
        stored, notifications = stored_events(server.url, storage)
        assert acknowledged <= stored

        def caught_up() -> bool:
            return set(read_models(server.url, storage)[0].values()) == {notifications[-1]}

        wait_until(caught_up, "the projector to fold every event", timeout=60)
        _, timeline, units = read_models(server.url, storage)
        assert timeline == notifications  # every event once: none lost, none twice
        assert units == stored
    unavailable = sum(a.codes == ("database_unavailable",) for a in answers)
    before_graphql = sum(a.status == 503 for a in answers)
    report(f"PostgreSQL restart under load: {len(answers)} requests, {len(acknowledged)} writes acknowledged "
           f"(all stored), {unavailable} typed database_unavailable answers ({before_graphql} of them HTTP 503, "
           "lost before GraphQL ran), 0 others; " + "; ".join(
               f"stop -m {mode}: typed errors for reads and writes within {typed:.1f} s, a read and a write "
               f"answered {back:.1f} s after the start" for mode, typed, back in outages))
