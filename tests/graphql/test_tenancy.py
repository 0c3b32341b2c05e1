"""Tokens and tenants over real HTTP: a token is honoured only for a tenant the registry holds, a suspended
tenant is read on every path and written on none, and refusals name our reasons, never a library's class
or another unit's id.

This module's server keeps what it caches of the registry for an hour, so a change made in another process
can only reach it through the registry's NOTIFY.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import jwt
import pytest

from isotrail.domain import tenancy
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.services import registry_cache
from isotrail.services.commands import ConductInspection, RaiseNonconformity, ScheduleInspection, SignMinutes
from isotrail.services.commands.handle import handle
from isotrail.services.not_found_errors import TenantNotFoundError
from tests.builders import PLAN_DATE, approved_programme, decide, fresh_tenant, new_tenant_slug, project_all
from tests.graphql.conftest import SECRET
from tests.processes import ISOTRAIL, wait_until

READS = "{ me { tenant } units { nodes { id } } findings { nodes { id } } programmes { nodes { id } } }"
REGISTER = """mutation($code: String!) { registerUnit(input: {code: $code, name: "Đơn vị mới", kind: OTHER,
  occurredOn: "2021-01-01"}) { ok userErrors { code messageVi messageEn } } }"""
REPORT = """mutation($id: UUID!) { receiveCorrectiveActionReport(input: {inspectionId: $id, reference: "BC",
  summary: "Đã khắc phục", occurredOn: "2021-07-01"}) { ok userErrors { code messageVi messageEn } } }"""
LIBRARY_NAMES = {name for name in dir(jwt.exceptions) if name.endswith("Error")} | {"KeyError", "ValueError"}


@pytest.fixture(scope="module", autouse=True)
def caches_only_a_notify_clears() -> Iterator[None]:
    """Before the module's server starts: the registry's cache keeps every entry for an hour."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry_cache, "CACHE_SECONDS", 3600.0)
        yield


def _claims(tenant: Tenant | str, **overrides: object) -> dict:
    now = int(time.time())
    return {"iss": "isotrail", "sub": "t", "iat": now, "exp": now + 600, "tenant": str(tenant), "role": "viewer",
            **overrides}


def _codes(body: dict) -> set[str]:
    return {error["extensions"]["code"] for error in body.get("errors") or []}


def test_a_unit_representative_token_without_its_unit_reads_nothing(graphql, soc_trang: str) -> None:
    bearer = jwt.encode(_claims(soc_trang, role="unit_representative"), SECRET, algorithm="HS256")
    body = graphql(READS, bearer)
    assert body["data"] is None
    assert _codes(body) == {"invalid_token"}
    extensions = body["errors"][0]["extensions"]
    assert "unit_id" in extensions["message_en"] and "đơn vị" in extensions["message_vi"]


@pytest.mark.parametrize("slug", ["ghost", "public", "isotrail", "pg_catalog"])
def test_a_token_for_a_tenant_that_does_not_exist_is_refused_on_queries_and_mutations(
    graphql, token, registry, slug: str
) -> None:
    admin = token(slug, Role.TENANT_ADMIN)
    reads = graphql(READS, admin)
    assert reads["data"] is None
    assert _codes(reads) == {"tenant_not_found"}
    write = graphql(REGISTER, admin, {"code": "G-1"})
    assert write["data"] is None and _codes(write) == {"tenant_not_found"}
    extensions = write["errors"][0]["extensions"]
    assert slug not in extensions["message_en"] + extensions["message_vi"]  # says no more than needed
    assert "không tồn tại" in extensions["message_vi"]
    with pytest.raises(TenantNotFoundError):
        registry.get(Tenant(slug))  # nothing was made for it


def _in_another_process(database_url: str, home: Path, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "ISOTRAIL_HOME": str(home)}
    result = subprocess.run([ISOTRAIL, *args], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _purge_in_another_process(database_url: str, slug: str) -> None:
    code = ("import sys; from isotrail.services.database import Database; "
            "from isotrail.services.database_settings import TenantSettings; "
            "from isotrail.services.registry import Registry; "
            "from isotrail.services.tenants import TenantRegistry; "
            "from isotrail.domain.tenancy import Tenant; "
            "TenantRegistry(Registry(Database(sys.argv[1])), TenantSettings()).purge(Tenant(sys.argv[2]))")
    subprocess.run([sys.executable, "-c", code, database_url, slug], check=True, timeout=120)


def test_registry_changes_made_in_another_process_are_seen_at_once(
    graphql, token, registry, database_url: str, tmp_path: Path
) -> None:
    slug = new_tenant_slug()
    admin = token(slug, Role.TENANT_ADMIN)
    assert _codes(graphql(READS, admin)) == {"tenant_not_found"}  # and cached as unknown, for an hour
    try:
        _in_another_process(database_url, tmp_path, "tenant", "create", slug, "Tỉnh tạo sau khi máy chủ chạy")
        wait_until(lambda: not graphql(READS, admin).get("errors"), "the new tenant to be served")
        assert graphql(REGISTER, admin, {"code": "N-1"})["data"]["registerUnit"]["ok"]
        _in_another_process(database_url, tmp_path, "tenant", "suspend", slug)
        wait_until(lambda: _write_refusal(graphql(REGISTER, admin, {"code": "N-2"})) == "tenant_inactive",
                   "the suspension to refuse writes")
        assert not graphql(READS, admin).get("errors")
        _in_another_process(database_url, tmp_path, "tenant", "resume", slug)
        wait_until(lambda: _write_refusal(graphql(REGISTER, admin, {"code": "N-3"})) == "ok",
                   "the resumed tenant to accept writes")
        _purge_in_another_process(database_url, slug)
        wait_until(lambda: _codes(graphql(READS, admin)) == {"tenant_not_found"}, "the deleted tenant to be refused")
        assert _codes(graphql(REGISTER, admin, {"code": "N-4"})) == {"tenant_not_found"}
    finally:
        registry.purge(Tenant(slug))


def _write_refusal(body: dict) -> str:
    result = body["data"]["registerUnit"]
    return "ok" if result["ok"] else result["userErrors"][0]["code"].lower()  # as the top-level errors spell it


HISTORY = """query($unit: UUID!, $programme: UUID!, $inspection: UUID!) {
  me { tenant role }
  units { nodes { id } } findings { nodes { id } } programmes { nodes { id } }
  timeline(unitId: $unit) { nodes { eventType } }
  history(aggregateId: $inspection) { eventType }
  unitAsOf(id: $unit, asOfVersion: 1) { name }
  programmeAsOf(id: $programme, asOfOccurredOn: "2030-01-01") { status }
  inspectionAsOf(id: $inspection, asOf: "2100-01-01T00:00:00+00:00") { nonconformities { itemCode } }
}"""


def _signed_inspection(app, admin, programme_id, unit_id):
    """An inspection of the unit, conducted on 1 June 2021, with one nonconformity and its minutes signed."""
    inspection_id = handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_id,
                                                          occurred_on=PLAN_DATE,
                                                          scheduled_on=date(2021, 6, 1))).aggregate_id
    decide(app, admin, inspection_id)
    handle(app, admin, ConductInspection(inspection_id=inspection_id, inspectors=["A"], occurred_on=date(2021, 6, 1)))
    handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code="6.2", description="Mục tiêu",
                                          occurred_on=date(2021, 6, 1)))
    handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="BB-1",
                                   team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                   occurred_on=date(2021, 6, 1)))
    return inspection_id


@pytest.fixture
def suspended(registry, admin, database_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """A suspended tenant with a programme, an inspection and its nonconformity, all projected."""
    with fresh_tenant(registry, "Tỉnh tạm ngừng") as slug:
        with registry.application(slug) as app:
            programme_id, unit_ids = approved_programme(app, admin, units=1)
            inspection_id = _signed_inspection(app, admin, programme_id, unit_ids[0])
        project_all(database_url, slug)
        registry.set_status(slug, TenantStatus.SUSPENDED)
        yield slug, {"unit": str(unit_ids[0]), "programme": str(programme_id), "inspection": str(inspection_id)}


@pytest.mark.parametrize("role", [Role.TENANT_ADMIN, Role.VIEWER, Role.UNIT_REPRESENTATIVE])
def test_a_suspended_tenant_answers_every_read_and_refuses_every_write(
    graphql, token, suspended: tuple[str, dict[str, str]], role: Role
) -> None:
    slug, ids = suspended
    bearer = token(slug, role, unit_id=ids["unit"] if role is Role.UNIT_REPRESENTATIVE else None)
    body = graphql(HISTORY, bearer, ids)
    assert not body.get("errors"), body
    data = body["data"]
    assert data["me"] == {"tenant": str(slug), "role": role.name}
    assert [len(data[field]["nodes"]) for field in ("units", "findings", "programmes")] == [1, 1, 1]
    assert data["timeline"]["nodes"] and data["history"]
    assert data["unitAsOf"]["name"] and data["programmeAsOf"]["status"] == "APPROVED"
    assert data["inspectionAsOf"]["nonconformities"] == [{"itemCode": "6.2"}]
    write, variables = ((REPORT, {"id": ids["inspection"]}) if role is Role.UNIT_REPRESENTATIVE
                        else (REGISTER, {"code": "S-1"}))
    refused = graphql(write, bearer, variables)
    result = next(iter(refused["data"].values()))
    assert not result["ok"]
    [error] = result["userErrors"]
    assert error["code"] == "TENANT_INACTIVE"
    assert "không nhận thao tác ghi" in error["messageVi"] and "accepts no writes" in error["messageEn"]


def test_a_token_living_longer_than_the_maximum_is_refused(graphql, soc_trang: str) -> None:
    now = int(time.time())
    for lifetime, codes in ((24 * 3600, set()), (24 * 3600 + 1, {"invalid_token"})):
        body = graphql("{ me { tenant } }", jwt.encode(_claims(soc_trang, iat=now, exp=now + lifetime), SECRET,
                                                       algorithm="HS256"))
        assert _codes(body) == codes
    assert "86400" in body["errors"][0]["extensions"]["message_vi"]


def test_token_refusals_carry_our_words_and_no_library_class_names(graphql, token, soc_trang: str) -> None:
    good = token(soc_trang)
    header, payload, _ = good.split(".")
    bad = {
        "signature": f"{header}.{payload}.{jwt.encode(_claims(soc_trang), 'x' * 40).split('.')[2]}",
        "well-formed": "abc.def.ghi",
        "algorithm": jwt.encode(_claims(soc_trang), None, algorithm="none"),
        "expired": jwt.encode(_claims(soc_trang, iat=int(time.time()) - 120, exp=int(time.time()) - 60), SECRET),
        "role": jwt.encode(_claims(soc_trang, role="system"), SECRET),
    }
    for reason, bearer in bad.items():
        body = graphql("{ me { tenant } }", bearer)
        assert _codes(body) == {"invalid_token"}
        extensions = body["errors"][0]["extensions"]
        assert reason in extensions["message_en"], extensions
        assert extensions["message_vi"].startswith("Mã xác thực không hợp lệ")
        text = str(body)
        assert not any(name in text for name in LIBRARY_NAMES), text


def test_a_unit_representative_is_not_told_that_another_units_inspection_exists_nor_whose_it_is(
    graphql, token, registry, admin
) -> None:
    with fresh_tenant(registry, "Tỉnh hai đơn vị") as slug, registry.application(slug) as app:
        programme_id, (own, other) = approved_programme(app, admin, units=2)
        inspection_id = _signed_inspection(app, admin, programme_id, other)
        representative = token(slug, Role.UNIT_REPRESENTATIVE, unit_id=own)
        body = graphql(REPORT, representative, {"id": str(inspection_id)})
        [error] = body["data"]["receiveCorrectiveActionReport"]["userErrors"]
        assert error["code"] == "INSPECTION_NOT_FOUND"  # as for an id that exists nowhere
        assert str(other) not in str(body) and str(own) not in str(body)


def test_the_tokens_tenant_is_validated_once_between_the_token_and_sql(graphql, token, registry) -> None:
    """One query and one mutation over HTTP, with the registry's cache cold: the slug is checked once each, when
    the token is verified; every later layer (context, registry, Application, read pools) takes that Tenant."""
    with fresh_tenant(registry, "Tỉnh đếm lần kiểm tra") as tenant:
        admin = token(tenant, Role.TENANT_ADMIN)
        assert _write_refusal(graphql(REGISTER, admin, {"code": "V-0"})) == "ok"  # the projector follows it now
        # tokens not sent before (other lifetimes than admin's): a token kept since it verified is not checked again
        reader, writer = (token(tenant, Role.TENANT_ADMIN, ttl_seconds=ttl) for ttl in (600, 601))
        checked: list[str] = []
        validate = tenancy.validate_tenant_slug

        def counted(slug: str) -> str:
            checked.append(slug)
            return validate(slug)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tenancy, "validate_tenant_slug", counted)
            registry.registry.forget_all()
            assert not graphql(READS, reader).get("errors")
            assert checked.count(tenant.slug) == 1
            registry.registry.forget_all()
            assert _write_refusal(graphql(REGISTER, writer, {"code": "V-1"})) == "ok"
            assert checked.count(tenant.slug) == 2
