"""ScheduleAdHocInspection (kiểm tra đột xuất, Circular 26/2014 Art. 34.1.c) through the command handler: a
registered unit outside the approved plan's scope is inspected for a reason, by a decision, under the year's
programme, by whoever manages programmes (tests/graphql/test_ad_hoc_over_http.py reads it back)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from isotrail.domain.programme_errors import DuplicateUnitInScopeError
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.roles import Role
from isotrail.services.commands import ScheduleAdHocInspection, ScheduleInspection
from isotrail.services.commands.handle import handle
from isotrail.services.not_found_errors import UnitNotFoundError
from isotrail.services.permission_errors import PermissionDeniedError
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import PLAN_DATE, approved_programme, fresh_tenant, register_unit

ADMIN = Caller("test-admin", Role.TENANT_ADMIN)


def test_an_ad_hoc_inspection_is_scheduled_for_a_registered_unit_outside_the_plan_by_a_programme_manager(
    registry: TenantRegistry,
) -> None:
    with fresh_tenant(registry, "Tỉnh kiểm tra đột xuất") as slug, registry.application(slug) as app:
        programme_id, [planned] = approved_programme(app, ADMIN, units=1)
        outside = register_unit(app, ADMIN, "Sở Xây dựng")

        def ad_hoc(unit_id: object, caller: Caller = ADMIN) -> object:
            return handle(app, caller, ScheduleAdHocInspection(
                programme_id=programme_id, unit_id=unit_id, form=InspectionForm.ON_SITE,
                reason="Phản ánh của người dân về thủ tục cấp phép", decision_number="45/QĐ-SKHCN",
                scheduled_on=date(2020, 9, 1), occurred_on=date(2020, 8, 20)))

        with pytest.raises(DuplicateUnitInScopeError):
            ad_hoc(planned)
        with pytest.raises(UnitNotFoundError):
            ad_hoc(uuid4())
        with pytest.raises(PermissionDeniedError):
            ad_hoc(outside, Caller("inspector", Role.INSPECTOR))
        inspection_id = ad_hoc(outside).aggregate_id
        inspection = app.get_inspection(inspection_id)
        assert (inspection.unit_id, inspection.ad_hoc_decision) == (outside, "45/QĐ-SKHCN")
        assert inspection.ad_hoc_reason == "Phản ánh của người dân về thủ tục cấp phép"
        assert app.get_inspection(handle(app, ADMIN, ScheduleInspection(
            programme_id=programme_id, unit_id=planned, scheduled_on=date(2020, 6, 2),
            occurred_on=PLAN_DATE)).aggregate_id).ad_hoc_decision is None
