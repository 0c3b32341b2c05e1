"""The `isotrail` console script, run as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from isotrail.domain.tenancy import Tenant
from isotrail.services.tenants import TenantRegistry
from tests.builders import new_tenant_slug

ISOTRAIL = str(Path(sys.executable).parent / "isotrail")


def _run(database_url: str, *args: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "COLUMNS": "200"}
    command = [ISOTRAIL, *map(str, args)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_demo_loads_the_seed_and_prints_the_article_figures(
    database_url: str, registry: TenantRegistry
) -> None:
    slug = new_tenant_slug()
    try:
        first = _run(database_url, "demo", "--tenant", slug, "--no-merger")
        assert first.returncode == 0, first.stderr
        assert "register_unit" in first.stdout
        assert "Đã kiểm tra: 78/78 đơn vị" in first.stdout
        assert "Có điểm không phù hợp: 27/78 đơn vị" in first.stdout
        assert "Đã gửi báo cáo khắc phục: 27/27 đơn vị" in first.stdout
        second = _run(database_url, "demo", "--tenant", slug, "--no-merger")
        assert second.returncode == 0, second.stderr
        assert "already holds the 2020 programme" in second.stdout
        listing = _run(database_url, "tenant", "list")
        assert slug in listing.stdout
    finally:
        registry.purge(Tenant(slug))


def test_tenant_create_refuses_an_unsafe_slug(database_url: str) -> None:
    result = _run(database_url, "tenant", "create", "Bad; DROP", "Tỉnh")
    assert result.returncode == 2
    assert "invalid_tenant_slug" in result.stdout
    assert "Mã tỉnh «Bad; DROP» không hợp lệ" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_tenant_move_prints_what_it_copied_and_refuses_an_unusable_target(
    database_url: str, registry: TenantRegistry, own_database: str, admin
) -> None:
    from tests.builders import fresh_tenant, register_unit

    with fresh_tenant(registry, "Tỉnh chuyển bằng lệnh") as slug:
        with registry.application(slug) as app:
            for _ in range(3):
                register_unit(app, admin)
        unreachable = _run(database_url, "tenant", "move", slug, "--to", "postgresql://postgres@127.0.0.1:1/x")
        assert unreachable.returncode == 2 and "server_unreachable" in unreachable.stdout
        assert "Traceback" not in unreachable.stdout + unreachable.stderr
        moved = _run(database_url, "tenant", "move", slug, "--to", own_database)
        assert moved.returncode == 0, moved.stdout + moved.stderr
        assert "events copied" in moved.stdout and " 3 " in moved.stdout.split("events copied")[1].split("\n")[0]
        assert f"tenant_{slug}_m" in moved.stdout
        again = _run(database_url, "tenant", "move", slug, "--to", own_database)
        assert again.returncode == 2 and "tenant_already_there" in again.stdout
        listing = _run(database_url, "tenant", "list")
        assert own_database.rsplit("/", 1)[1] in listing.stdout


def test_the_token_command_grants_no_system_role_and_no_unit_representative_without_its_unit(
    database_url: str, tenant: str
) -> None:
    from uuid import uuid4

    offered = _run(database_url, "token", "--help")
    assert "unit_representative" in offered.stdout and "system" not in offered.stdout
    system = _run(database_url, "token", "--tenant", tenant, "--role", "system")
    assert system.returncode == 2 and "eyJ" not in system.stdout
    without_unit = _run(database_url, "token", "--tenant", tenant, "--role", "unit_representative")
    assert without_unit.returncode == 2 and "eyJ" not in without_unit.stdout
    assert "invalid_token" in without_unit.stdout and "unit_id" in without_unit.stdout
    unknown = _run(database_url, "token", "--tenant", "ghost")
    assert unknown.returncode == 2 and "tenant_not_found" in unknown.stdout
    minted = _run(database_url, "token", "--tenant", tenant, "--role", "unit_representative", "--unit", str(uuid4()))
    assert minted.returncode == 0 and minted.stdout.startswith("eyJ"), minted.stdout + minted.stderr
    assert "Traceback" not in "".join(r.stdout + r.stderr for r in (system, without_unit, unknown, minted))


def test_a_database_that_does_not_answer_is_a_typed_refusal_not_a_traceback() -> None:
    result = _run("postgresql://postgres@127.0.0.1:1/isotrail?connect_timeout=2", "tenant", "list")
    assert result.returncode == 2
    assert "database_unavailable" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_demo_goes_on_to_the_merger_and_the_2026_programme_once(
    database_url: str, registry: TenantRegistry
) -> None:
    slug = new_tenant_slug()
    try:
        first = _run(database_url, "demo", "--tenant", slug)
        assert first.returncode == 0, first.stderr
        assert "Đã gửi báo cáo khắc phục: 27/27 đơn vị" in first.stdout
        assert "Hợp nhất từ 01/07/2025 (Nghị quyết 202/2025/QH15)" in first.stdout
        assert "recheck_carried_over_nonconformity" in first.stdout
        assert "7 điểm không phù hợp chuyển kỳ" in first.stdout and "1 điểm chưa khắc phục" in first.stdout
        second = _run(database_url, "demo", "--tenant", slug)
        assert second.returncode == 0, second.stderr
        assert "already holds the 2020 programme" in second.stdout
        assert "recheck_carried_over_nonconformity" not in second.stdout
        assert "đã kiểm tra lại 7, 1 điểm chưa khắc phục" in " ".join(second.stdout.split())
    finally:
        for tenant in (f"{slug}_ct", f"{slug}_hg", slug):
            registry.purge(Tenant(tenant))
