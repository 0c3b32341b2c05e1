"""The tenant registry: schemas per tenant, validated slugs, isolation between tenants."""

from __future__ import annotations

from datetime import date

import pytest

from isotrail.domain.input_errors import InvalidTenantSlugError
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import UnitKind
from isotrail.services.application_pool import ApplicationPool
from isotrail.services.commands import RegisterUnit
from isotrail.services.commands.handle import handle
from isotrail.services.conflict_errors import AlreadyExistsError
from isotrail.services.database import Database
from isotrail.services.database_settings import TenantSettings
from isotrail.services.not_found_errors import TenantNotFoundError, UnitNotFoundError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from isotrail.services.tenants import TenantRegistry
from tests.builders import new_tenant_slug


def _tables(registry: TenantRegistry, schema: str) -> set[str]:
    with registry.database.connect() as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchall()
    return {row[0] for row in rows}


def test_creating_a_tenant_creates_its_schema_and_event_tables(registry: TenantRegistry) -> None:
    slug = Tenant(new_tenant_slug())
    tenant = registry.create(slug, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng")
    try:
        assert tenant.schema_name == f"tenant_{slug}"
        assert tenant.status.value == "active"
        assert tenant.display_name == "Sở Khoa học và Công nghệ tỉnh Sóc Trăng"
        assert f"isotrail_{slug}_events" in _tables(registry, tenant.schema_name)
        assert slug.slug in [t.slug for t in registry.list()]
    finally:
        registry.purge(slug)
    with pytest.raises(TenantNotFoundError):
        registry.get(slug)


def test_a_slug_can_be_registered_once(registry: TenantRegistry, tenant: Tenant) -> None:
    with pytest.raises(AlreadyExistsError) as raised:
        registry.create(tenant, "Trùng")
    assert raised.value.code == "already_exists"


@pytest.mark.parametrize("slug", [
    "", "a", "Soc_Trang", "1abc", "soc-trang", "soc trang", 'x"; DROP SCHEMA isotrail CASCADE; --',
    "tenant_x\u0000", "sóc_trăng", "a" * 41,
])
def test_unsafe_slugs_are_refused_before_any_sql_is_built(registry: TenantRegistry, slug: str) -> None:
    with pytest.raises(InvalidTenantSlugError) as raised:
        registry.create(Tenant(slug), "Tỉnh")
    assert raised.value.message_vi and raised.value.message_en
    with pytest.raises(InvalidTenantSlugError):
        registry.get(Tenant(slug))


def test_an_unknown_tenant_has_no_application(registry: TenantRegistry) -> None:
    with pytest.raises(TenantNotFoundError), registry.application(Tenant(new_tenant_slug())):
        pass


def test_a_tenant_cannot_read_another_tenants_events(
    registry: TenantRegistry, tenant: Tenant, admin: Caller
) -> None:
    other = Tenant(new_tenant_slug())
    registry.create(other, "Tỉnh khác")
    try:
        with registry.application(tenant) as app:
            unit_id = handle(app, admin, RegisterUnit(code="SNV", name="Sở Nội vụ", kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                                      occurred_on=date(2020, 1, 2))).aggregate_id
        with registry.application(other) as other_app:
            with pytest.raises(UnitNotFoundError):
                other_app.get_unit(unit_id)
            assert other_app.recorder.select_notifications(start=1, limit=100) == []
            assert other_app.recorder.max_notification_id() in (None, 0)
            # the same natural key is another aggregate in another tenant
            assert other_app.unit_id("SNV") != unit_id
        with registry.application(tenant) as app:
            assert [n.originator_id for n in app.recorder.select_notifications(start=1, limit=10)] == [unit_id]
    finally:
        registry.purge(other)


def test_a_suspended_tenant_refuses_commands_until_resumed(
    registry: TenantRegistry, tenant: Tenant, admin: Caller
) -> None:
    from isotrail.domain.tenancy import TenantStatus
    from isotrail.services.availability_errors import TenantInactiveError

    assert registry.set_status(tenant, TenantStatus.SUSPENDED).status is TenantStatus.SUSPENDED
    with pytest.raises(TenantInactiveError) as raised, registry.application(tenant):
        pass
    assert raised.value.code == "tenant_inactive"
    assert "suspended" in raised.value.message_en
    registry.set_status(tenant, TenantStatus.ACTIVE)
    with registry.application(tenant) as app:
        assert handle(app, admin, RegisterUnit(code="SNV", name="Sở Nội vụ", kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                               occurred_on=date(2020, 1, 2))).version == 1


def test_a_discarded_application_is_replaced_at_once_and_closed_after_its_last_lease(
    database: Database, tenant: Tenant
) -> None:
    """What the registry does after PostgreSQL went away: new commands get a fresh Application (its pool
    connects at once), while commands still holding the old one finish on it."""
    applications = ApplicationPool(
        lambda tenant: TenantApplication(tenant, database.eventsourcing_env(tenant.schema, TenantSettings())),
        capacity=2)
    try:
        with applications.lease(tenant) as first:
            applications.discard(tenant)
            with applications.lease(tenant) as second:
                assert second is not first
            assert not first.closing.is_set()  # still leased
        assert first.closing.is_set()
        with applications.lease(tenant) as third:
            assert third is second and not second.closing.is_set()
    finally:
        applications.close()


def test_a_suspended_tenant_is_still_read_by_time_travel(registry: TenantRegistry, tenant: Tenant, admin) -> None:
    from isotrail.domain.tenancy import TenantStatus
    from isotrail.services.availability_errors import TenantInactiveError
    from tests.builders import register_unit

    with registry.application(tenant) as app:
        unit_id = register_unit(app, admin)
    registry.set_status(tenant, TenantStatus.SUSPENDED)
    with registry.application(tenant, read_only=True) as app:
        assert app.repository.get(unit_id, version=1).version == 1
    with pytest.raises(TenantInactiveError), registry.application(tenant):
        pass
