"""`isotrail projections rebuild | status`, run as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from isotrail.domain.tenancy import Tenant
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import write_units_and_renames
from tests.projections.conftest import rows

ISOTRAIL = str(Path(sys.executable).parent / "isotrail")


def _run(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "COLUMNS": "200"}
    return subprocess.run([ISOTRAIL, *args], env=env, capture_output=True, text=True, timeout=300, check=False)


async def test_rebuild_then_status_shows_every_projection_caught_up(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, database_url: str
) -> None:
    written = write_units_and_renames(app, admin, units=50, renames=3)
    rebuilt = _run(database_url, "projections", "rebuild", "--tenant", storage.slug)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert f"{storage.slug}/audit+timeline" in rebuilt.stdout  # both rebuilt from one reader
    assert len(await rows(pool, storage, "rm_timeline", "notification_id")) == written
    status = _run(database_url, "projections", "status")
    assert status.returncode == 0, status.stderr
    line = next(line for line in status.stdout.splitlines() if storage.slug in line and "audit" in line)
    assert f"{written}" in line and " 0 " in line  # position = last event, lag 0
    unknown = _run(database_url, "projections", "rebuild", "--projection", "nonsense")
    assert unknown.returncode != 0
