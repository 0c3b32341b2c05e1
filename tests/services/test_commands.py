"""Commands through a tenant's Application on real PostgreSQL: typed errors, nothing half-written."""

from __future__ import annotations

import json
from datetime import date
from uuid import uuid4

import pytest

from isotrail.domain.input_errors import UnknownCatalogueItemError
from isotrail.domain.inspection_values import AssessmentResult
from isotrail.domain.nonconformity_errors import NonconformityNotOpenError
from isotrail.domain.programme_errors import DuplicateUnitInScopeError, OnSiteShareTooLowError
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.roles import Role
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    AssessItem,
    ConductInspection,
    DraftProgramme,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RegisterUnit,
    RenameUnit,
    ScheduleInspection,
    SignMinutes,
    VerifyCorrectiveAction,
)
from isotrail.services.commands.handle import handle
from isotrail.services.conflict_errors import AlreadyExistsError, StaleVersionError
from isotrail.services.not_found_errors import (
    CatalogueNotFoundError,
    InspectionNotFoundError,
    ProgrammeNotFoundError,
    UnitNotFoundError,
)
from isotrail.services.permission_errors import PermissionDeniedError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import (
    PLAN_DATE,
    approved_programme,
    conducted_inspection,
    decide,
    draft_programme,
    register_unit,
)


def _notification_count(app: TenantApplication) -> int:
    return app.recorder.max_notification_id() or 0


def test_every_event_carries_actor_role_tenant_correlation_and_business_date(
    app: TenantApplication, admin: Caller
) -> None:
    unit_id = register_unit(app, admin)
    handle(app, admin, RenameUnit(unit_id=unit_id, name="Sở Tư pháp tỉnh Sóc Trăng", occurred_on=date(2021, 7, 1)))
    notifications = app.recorder.select_notifications(start=1, limit=10)
    assert [n.topic.rsplit(".", 1)[1] for n in notifications] == ["Registered", "Renamed"]
    state = json.loads(notifications[1].state)
    assert state["occurred_on"] == {"_type_": "date_iso", "_data_": "2021-07-01"}
    assert state["meta"]["_data_"] == {"actor_id": "admin-1", "role": "tenant_admin",
                                       "tenant": app.tenant, "correlation_id": "test-correlation"}
    assert "timestamp" in state  # recorded time beside the business date
    unit = app.get_unit(unit_id)
    assert unit.name_on(date(2021, 6, 30)) == "Sở Tư pháp"
    assert unit.name_on(date(2021, 7, 1)) == "Sở Tư pháp tỉnh Sóc Trăng"


def test_vietnamese_text_is_stored_in_nfc(app: TenantApplication, admin: Caller) -> None:
    decomposed = "So\u031b\u0309 Y te\u0302\u0301"  # "Sở Y tế" in NFD
    unit_id = handle(app, admin, RegisterUnit(code="SYT", name=decomposed, kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                              occurred_on=date(2020, 1, 2))).aggregate_id
    assert app.get_unit(unit_id).name == "Sở Y tế"
    stored = app.recorder.select_notifications(start=1, limit=1)[0].state.decode("utf-8")
    assert "Sở Y tế" in stored


def test_an_unknown_unit_is_a_typed_not_found_error(app: TenantApplication, admin: Caller) -> None:
    programme_id = draft_programme(app, admin)
    missing = uuid4()
    with pytest.raises(UnitNotFoundError) as raised:
        handle(app, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=missing, form=InspectionForm.ON_SITE,
                                              occurred_on=date(2020, 2, 21)))
    assert raised.value.code == "unit_not_found"
    assert str(missing) not in raised.value.message_vi and raised.value.unit_id == missing
    with pytest.raises(UnitNotFoundError):
        handle(app, admin, RenameUnit(unit_id=missing, name="X", occurred_on=date(2020, 2, 1)))
    with pytest.raises(ProgrammeNotFoundError):
        handle(app, admin, ApproveProgramme(programme_id=uuid4(), approved_by="UBND", occurred_on=PLAN_DATE))
    with pytest.raises(InspectionNotFoundError):
        handle(app, admin, ConductInspection(inspection_id=uuid4(), inspectors=["A"], occurred_on=PLAN_DATE))


def test_an_id_of_another_aggregate_type_is_not_found(app: TenantApplication, admin: Caller) -> None:
    unit_id = register_unit(app, admin)
    with pytest.raises(ProgrammeNotFoundError):
        app.get_programme(unit_id)


def test_a_unit_code_is_registered_once(app: TenantApplication, admin: Caller) -> None:
    handle(app, admin, RegisterUnit(code="SNV", name="Sở Nội vụ", kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                    occurred_on=date(2020, 1, 2)))
    before = _notification_count(app)
    with pytest.raises(AlreadyExistsError):
        handle(app, admin, RegisterUnit(code="SNV", name="Sở Nội vụ (lần 2)", kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                        occurred_on=date(2020, 1, 2)))
    assert _notification_count(app) == before


def test_a_duplicate_unit_in_the_plan_is_refused_and_nothing_is_stored(
    app: TenantApplication, admin: Caller
) -> None:
    programme_id = draft_programme(app, admin)
    unit_id = register_unit(app, admin)
    handle(app, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=unit_id, form=InspectionForm.ON_SITE,
                                          occurred_on=date(2020, 2, 21)))
    before = _notification_count(app)
    with pytest.raises(DuplicateUnitInScopeError):
        handle(app, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=unit_id, form=InspectionForm.DOSSIER,
                                              occurred_on=date(2020, 2, 21)))
    assert _notification_count(app) == before
    assert len(app.get_programme(programme_id).scope) == 1


def test_approval_checks_the_on_site_share(app: TenantApplication, admin: Caller) -> None:
    programme_id = draft_programme(app, admin)
    for form in (InspectionForm.DOSSIER, InspectionForm.DOSSIER, InspectionForm.DOSSIER, InspectionForm.ON_SITE):
        handle(app, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=register_unit(app, admin), form=form,
                                              occurred_on=date(2020, 2, 21)))
    with pytest.raises(OnSiteShareTooLowError) as raised:
        handle(app, admin, ApproveProgramme(programme_id=programme_id, approved_by="UBND", occurred_on=PLAN_DATE))
    assert (raised.value.on_site, raised.value.total, raised.value.required) == (1, 4, 2)
    assert "1/3" in raised.value.message_vi


def test_an_unknown_catalogue_version_or_item_is_refused(app: TenantApplication, admin: Caller) -> None:
    with pytest.raises(CatalogueNotFoundError):
        handle(app, admin, DraftProgramme(code="2021", year=2021, title="Kế hoạch", plan_number="1/KH",
                                          plan_date=date(2021, 3, 1), legal_basis=[], catalogue_version="iso9001-2099",
                                          organiser="Chi cục TĐC", occurred_on=date(2021, 2, 1)))
    _, inspection_id = conducted_inspection(app, admin)
    with pytest.raises(UnknownCatalogueItemError) as raised:
        handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code="11.4",
                                              description="Không có điều này", occurred_on=date(2020, 6, 2)))
    assert raised.value.item_code == "11.4"
    with pytest.raises(UnknownCatalogueItemError):
        handle(app, admin, AssessItem(inspection_id=inspection_id, item_code="5.4.1", result=AssessmentResult.CONFORMS,
                                      occurred_on=date(2020, 6, 2)))


@pytest.mark.parametrize(("version", "standard", "own", "foreign"), [
    ("tt26-2014+iso9001-2008", "TCVN ISO 9001:2008", "5.4.1", "10.2"),
    ("tt26-2014+iso9001-2026", "ISO 9001:2026", "6.1.2", "5.4.1"),  # the draft-based version, named as data
])
def test_a_programme_inspects_against_its_own_catalogue_version(
        app: TenantApplication, admin: Caller, version: str, standard: str, own: str, foreign: str) -> None:
    programme_id = handle(app, admin, DraftProgramme(code="2019", year=2019, title="Kế hoạch 2019",
                                                     plan_number="20/KH-UBND", plan_date=date(2019, 3, 1),
                                                     legal_basis=[], catalogue_version=version,
                                                     organiser="Chi cục TĐC",
                                                     occurred_on=date(2019, 2, 1))).aggregate_id
    programme = app.get_programme(programme_id)
    assert programme.standard == standard
    unit_id = register_unit(app, admin)
    handle(app, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=unit_id, form=InspectionForm.ON_SITE,
                                          occurred_on=date(2019, 2, 2)))
    handle(app, admin, ApproveProgramme(programme_id=programme_id, approved_by="UBND", occurred_on=date(2019, 3, 1)))
    inspection_id = handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_id,
                                                          scheduled_on=date(2019, 6, 1),
                                                          occurred_on=date(2019, 3, 1))).aggregate_id
    decide(app, admin, inspection_id, on=date(2019, 3, 1))
    handle(app, admin, ConductInspection(inspection_id=inspection_id, inspectors=["A"], occurred_on=date(2019, 6, 1)))
    handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code=own,
                                          description=f"Chưa đáp ứng điều khoản {own}", occurred_on=date(2019, 6, 1)))
    with pytest.raises(UnknownCatalogueItemError):
        handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code=foreign, description="x",
                                              occurred_on=date(2019, 6, 1)))


def test_a_stale_expected_version_is_a_conflict(app: TenantApplication, admin: Caller) -> None:
    unit_id = register_unit(app, admin)
    handle(app, admin, RenameUnit(unit_id=unit_id, name="Tên mới", occurred_on=date(2020, 2, 1), expected_version=1))
    with pytest.raises(StaleVersionError) as raised:
        handle(app, admin, RenameUnit(unit_id=unit_id, name="Tên khác", occurred_on=date(2020, 3, 1),
                                      expected_version=1))
    assert (raised.value.expected, raised.value.actual) == (1, 2)
    assert app.get_unit(unit_id).name == "Tên mới"


def test_closing_what_is_not_open_is_refused(app: TenantApplication, admin: Caller) -> None:
    _, inspection_id = conducted_inspection(app, admin)
    nonconformity_id = handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code="9.2",
                                                             description="Đánh giá nội bộ còn hình thức",
                                                             occurred_on=date(2020, 6, 2))).entity_id
    handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="01/BBKT",
                                   team_leader_signatory="Kiểm tra viên 1", unit_signatory="Giám đốc",
                                   occurred_on=date(2020, 6, 2)))
    handle(app, admin, ReceiveCorrectiveActionReport(inspection_id=inspection_id, reference="05/BC",
                                                     summary="Đã khắc phục", occurred_on=date(2020, 7, 20)))
    handle(app, admin, VerifyCorrectiveAction(inspection_id=inspection_id, nonconformity_id=nonconformity_id,
                                              occurred_on=date(2021, 6, 1)))
    with pytest.raises(NonconformityNotOpenError):
        handle(app, admin, VerifyCorrectiveAction(inspection_id=inspection_id, nonconformity_id=nonconformity_id,
                                                  occurred_on=date(2021, 6, 2)))
    inspection = app.get_inspection(inspection_id)
    assert inspection.nonconformities[nonconformity_id].status.value == "verified"
    assert inspection.nonconformities[nonconformity_id].report_due_on == date(2020, 8, 2)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR, Role.MINISTRY])
def test_read_only_roles_cannot_run_commands(app: TenantApplication, admin: Caller, role: Role) -> None:
    unit_id = register_unit(app, admin)
    with pytest.raises(PermissionDeniedError) as raised:
        handle(app, Caller("reader", role), RenameUnit(unit_id=unit_id, name="X", occurred_on=date(2020, 2, 1)))
    assert raised.value.code == "permission_denied"
    assert app.get_unit(unit_id).version == 1


def test_a_unit_representative_acts_for_its_own_unit_only(app: TenantApplication, admin: Caller) -> None:
    programme_id, unit_ids = approved_programme(app, admin, units=2)
    inspections = []
    for unit_id in unit_ids:
        inspection_id = handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_id,
                                                              scheduled_on=date(2020, 6, 2),
                                                              occurred_on=PLAN_DATE)).aggregate_id
        decide(app, admin, inspection_id)
        handle(app, admin, ConductInspection(inspection_id=inspection_id, inspectors=["A"],
                                             occurred_on=date(2020, 6, 2)))
        handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code="6.2", description="Mục tiêu",
                                              occurred_on=date(2020, 6, 2)))
        handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="BB",
                                       team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                       occurred_on=date(2020, 6, 2)))
        inspections.append(inspection_id)
    representative = Caller("rep-1", Role.UNIT_REPRESENTATIVE, unit_id=unit_ids[0])
    handle(app, representative, ReceiveCorrectiveActionReport(inspection_id=inspections[0], reference="BC-1",
                                                              summary="Đã khắc phục", occurred_on=date(2020, 7, 1)))
    with pytest.raises(InspectionNotFoundError):  # another unit's: as its reads answer, as if it were nowhere
        handle(app, representative, ReceiveCorrectiveActionReport(inspection_id=inspections[1], reference="BC-2",
                                                                  summary="Không phải của tôi",
                                                                  occurred_on=date(2020, 7, 1)))
    with pytest.raises(PermissionDeniedError):
        handle(app, representative, ConductInspection(inspection_id=inspections[0], inspectors=["A"],
                                                      occurred_on=date(2020, 6, 3)))
