"""``isotrail units reorganise FILE``, run as a user would: a list with faulty rows prints every one with its line
in the file and stores nothing; the good list prints what was recorded; a file that is no list is a typed error."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import RegisterUnit
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant
from tests.services.test_stream_continuation import stored_rows

ISOTRAIL = str(Path(sys.executable).parent / "isotrail")
DECISION = ["--decision-number", "1234/QĐ-UBND", "--decision-date", "2025-06-30", "--effective-on", "2025-07-01"]


def _run(database_url: str, *args: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "COLUMNS": "250"}
    return subprocess.run([ISOTRAIL, *map(str, args)], env=env, capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.fixture
def lineage(registry: TenantRegistry, admin: Caller) -> Iterator[tuple[Tenant, Tenant]]:
    """(Sóc Trăng, Cần Thơ), each with its department of justice, the first merged into the second."""
    with fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as soc_trang, fresh_tenant(registry, "Cần Thơ") as can_tho:
        for tenant in (soc_trang, can_tho):
            registry.handle(tenant, admin, RegisterUnit(code="STP", name=f"Sở Tư pháp {tenant.slug}",
                                                        kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                                        occurred_on=date(2010, 1, 1)))
        merge_tenants(registry, can_tho, [soc_trang], date(2025, 7, 1))
        yield soc_trang, can_tho


def test_a_list_with_faulty_rows_prints_each_and_stores_nothing_then_the_good_list_is_recorded(
    database_url: str, registry: TenantRegistry, lineage: tuple[Tenant, Tenant], tmp_path: Path
) -> None:
    soc_trang, can_tho = lineage
    before = [stored_rows(registry, tenant) for tenant in lineage]
    bad = tmp_path / "sai.csv"
    bad.write_text(f"old_tenant,old_code,new_code\n{soc_trang.slug},STP,STP\n{soc_trang.slug},KHONG,STP\n\n"
                   f",STP,STP\n,,STP\n,ST\x07P,STP\n", encoding="utf-8")
    refused = _run(database_url, "units", "reorganise", bad, "--tenant", can_tho.slug, *DECISION)
    assert refused.returncode == 2, refused.stderr
    assert "Traceback" not in refused.stdout + refused.stderr
    assert "reorganisation_rejected" not in refused.stdout  # the table's title says it in words
    assert "3 lỗi ở 3 dòng" in refused.stdout  # a cell's fault and the rules' faults, in one run
    lines = [line for line in refused.stdout.splitlines() if "unit_not_found" in line or "invalid_value" in line]
    assert [line.split()[1] for line in lines] == ["3", "6", "7"]  # the file's lines, a blank one counted
    assert [stored_rows(registry, tenant) for tenant in lineage] == before
    good = tmp_path / "dung.csv"
    good.write_bytes(b"\xef\xbb\xbfold_tenant,old_code,new_code\n" + f"{soc_trang.slug},STP,STP\n,STP,STP\n".encode())
    done = _run(database_url, "units", "reorganise", good, "--tenant", can_tho.slug, *DECISION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PredecessorsJoined" in done.stdout and "Dissolved" in done.stdout
    assert stored_rows(registry, soc_trang) == before[0]
    with registry.application(can_tho, read_only=True) as app:
        old = app.get_unit(Unit.create_id(soc_trang.slug, "STP"))
        assert old.successor_ids == [Unit.create_id(can_tho.slug, "STP")]


def test_a_file_that_is_no_list_is_a_typed_error_not_a_traceback(
    database_url: str, lineage: tuple[Tenant, Tenant], tmp_path: Path
) -> None:
    hostile = tmp_path / "x.csv"
    hostile.write_text("[bold]old_code[/nope],new_code\nA,B\n", encoding="utf-8")
    result = _run(database_url, "units", "reorganise", hostile, "--tenant", lineage[1].slug, *DECISION)
    assert result.returncode == 2 and "mapping_file_invalid" in result.stdout
    assert "[bold]old_code[/nope]" in result.stdout  # shown as it is, never read as markup
    assert "Traceback" not in result.stdout + result.stderr


def test_a_reorganisation_taking_effect_in_9999_is_refused_at_its_option_and_stores_nothing(
    database_url: str, registry: TenantRegistry, lineage: tuple[Tenant, Tenant], tmp_path: Path
) -> None:
    soc_trang, can_tho = lineage
    before = [stored_rows(registry, tenant) for tenant in lineage]
    good = tmp_path / "dung.csv"
    good.write_text(f"old_tenant,old_code,new_code\n{soc_trang.slug},STP,STP\n,STP,STP\n", encoding="utf-8")
    ahead = [*DECISION[:-1], "9999-12-31"]
    refused = _run(database_url, "units", "reorganise", good, "--tenant", can_tho.slug, *ahead)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "invalid_value" in refused.stdout and "effective_on" in refused.stdout and "after today" in refused.stdout
    assert "Traceback" not in refused.stdout + refused.stderr
    assert [stored_rows(registry, tenant) for tenant in lineage] == before
