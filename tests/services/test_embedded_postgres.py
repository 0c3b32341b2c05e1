"""The embedded PostgreSQL path that `serve` takes when no DATABASE_URL is set, always exercised."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import RegisterUnit
from isotrail.services.commands.handle import handle
from isotrail.services.embedded_postgres import stop_embedded_postgres
from isotrail.services.entrypoints.bootstrap import bootstrap
from isotrail.services.permissions import Caller
from isotrail.services.settings import Settings

pytestmark = pytest.mark.embedded


def test_without_a_database_url_the_server_starts_an_embedded_postgresql() -> None:
    home = Path(tempfile.mkdtemp(prefix="isotrail-embedded-"))
    try:
        services = bootstrap(Settings(_env_file=None, DATABASE_URL=None, home=home))
        try:
            assert (home / "pg" / "PG_VERSION").exists()
            assert "host=" in services.database.url  # a unix socket, no TCP port taken
            services.tenants.create(Tenant("embedded"), "Tỉnh nhúng")
            with services.tenants.application(Tenant("embedded")) as app:
                unit_id = handle(app, Caller("a", Role.TENANT_ADMIN), RegisterUnit(
                    code="SNV", name="Sở Nội vụ", kind=UnitKind.PROVINCIAL_DEPARTMENT,
                    occurred_on=date(2020, 1, 2))).aggregate_id
                assert app.get_unit(unit_id).name == "Sở Nội vụ"
            with services.database.connect() as conn:
                assert conn.execute("SELECT count(*) FROM tenant_embedded.isotrail_embedded_events").fetchone()[0] == 1
        finally:
            services.close()
        # a second start on the same folder reuses the same data
        again = bootstrap(Settings(_env_file=None, DATABASE_URL=None, home=home))
        try:
            assert [t.slug for t in again.tenants.list()] == ["embedded"]
        finally:
            again.close()
    finally:
        stop_embedded_postgres(home)
        shutil.rmtree(home, ignore_errors=True)
