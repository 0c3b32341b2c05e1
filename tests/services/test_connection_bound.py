"""60 tenants, each saving events, on one PostgreSQL with max_connections = 100."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import RegisterUnit
from isotrail.services.commands.handle import handle
from isotrail.services.database import Database
from isotrail.services.database_settings import TenantSettings
from isotrail.services.permissions import Caller
from isotrail.services.registry import Registry
from isotrail.services.tenants import TenantRegistry
from tests.builders import new_tenant_slug

TENANTS = 60
UNITS_PER_TENANT = 5
WRITER_THREADS = 16


class ConnectionSampler(threading.Thread):
    """Polls pg_stat_activity and keeps the peak count of client connections."""

    def __init__(self, database: Database) -> None:
        super().__init__(daemon=True)
        self._database = database
        self._stopping = threading.Event()
        self.peak = 0

    def count(self, conn) -> int:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
        ).fetchone()[0]

    def run(self) -> None:
        with self._database.connect() as conn:
            while not self._stopping.is_set():
                self.peak = max(self.peak, self.count(conn))
                time.sleep(0.01)

    def stop(self) -> None:
        self._stopping.set()
        self.join()


def test_sixty_tenants_writing_stay_within_the_connection_bound(
    database: Database, admin: Caller, report: Callable[[str], None]
) -> None:
    settings = TenantSettings()
    registry = TenantRegistry(Registry(database), settings)
    slugs = [Tenant(new_tenant_slug()) for _ in range(TENANTS)]
    with database.connect() as conn:
        max_connections = int(conn.execute("SHOW max_connections").fetchone()[0])
        baseline = ConnectionSampler(database).count(conn)
    sampler = ConnectionSampler(database)
    sampler.start()
    try:
        for slug in slugs:
            registry.create(slug, f"Tỉnh {slug}")

        def write(job: tuple[str, int]) -> int:
            slug, n = job
            with registry.application(slug) as app:
                return handle(app, admin, RegisterUnit(code=f"U{n}", name=f"Đơn vị {n}",
                                                       kind=UnitKind.COMMUNE_COMMITTEE,
                                                       occurred_on=date(2020, 1, 2))).version

        jobs = [(slug, n) for n in range(UNITS_PER_TENANT) for slug in slugs]
        with ThreadPoolExecutor(WRITER_THREADS) as pool:
            assert list(pool.map(write, jobs)) == [1] * len(jobs)
        for slug in slugs:
            with registry.application(slug) as app:
                assert app.recorder.max_notification_id() == UNITS_PER_TENANT
        open_applications = registry.open_applications
    finally:
        sampler.stop()
        for slug in slugs:
            registry.purge(slug)
        registry.close()
    bound = settings.max_open * (settings.pool_size + settings.pool_max_overflow)
    report(f"{TENANTS} tenants × {UNITS_PER_TENANT} commands from {WRITER_THREADS} threads: "
          f"peak {sampler.peak} client connections (baseline {baseline}, bound {bound} + registry, "
          f"max_connections {max_connections}); {open_applications} Applications left open")
    assert open_applications <= settings.max_open
    assert sampler.peak < max_connections
    assert sampler.peak - baseline <= bound + 2  # + one registry connection and the sampler's own
