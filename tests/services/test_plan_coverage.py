"""ApproveProgramme's coverage check (Circular 26/2014 Art. 33) through the command handler: the register of units
is the event store's, as stored when the plan is approved, read in one statement; a unit left out knowingly is
recorded with the approval."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from isotrail.domain.plan_coverage import MissingUnit, UncoveredUnit
from isotrail.domain.programme_errors import MandatoryUnitsNotCoveredError, OnSiteShareTooLowError
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    DissolveUnit,
    RegisterUnit,
    RenameUnit,
    ShareQms,
)
from isotrail.services.commands.handle import handle
from isotrail.services.not_found_errors import UnitNotFoundError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import PLAN_DATE, draft_programme, register_unit, unit_code

DRAFTED_ON = date(2020, 2, 21)


def _unit(app: TenantApplication, caller: Caller, name: str, kind: UnitKind) -> UUID:
    return handle(app, caller, RegisterUnit(code=unit_code(), name=name, kind=kind,
                                            occurred_on=date(2020, 1, 2))).aggregate_id


def _scoped(app: TenantApplication, caller: Caller, *forms: InspectionForm) -> tuple[UUID, list[UUID]]:
    """A draft with one provincial department in scope per form."""
    programme_id = draft_programme(app, caller)
    unit_ids = [register_unit(app, caller, f"Sở số {n}") for n in range(len(forms))]
    for unit_id, form in zip(unit_ids, forms, strict=True):
        handle(app, caller, AddUnitToProgramme(programme_id=programme_id, unit_id=unit_id, form=form,
                                               occurred_on=DRAFTED_ON))
    return programme_id, unit_ids


def _approve(app: TenantApplication, caller: Caller, programme_id: UUID, *missing: MissingUnit) -> None:
    handle(app, caller, ApproveProgramme(programme_id=programme_id, approved_by="UBND tỉnh", occurred_on=PLAN_DATE,
                                         acknowledged_missing_units=list(missing) or None))


def test_approving_a_plan_that_leaves_out_registered_units_bound_to_apply_a_qms_is_refused_and_records_nothing(
    app: TenantApplication, admin: Caller,
) -> None:
    programme_id, _ = _scoped(app, admin, InspectionForm.ON_SITE)
    justice = _unit(app, admin, "Sở Tư pháp", UnitKind.PROVINCIAL_DEPARTMENT)
    handle(app, admin, RenameUnit(unit_id=justice, name="Sở Tư pháp tỉnh Sóc Trăng", occurred_on=date(2020, 2, 1)))
    _unit(app, admin, "Ủy ban nhân dân Phường 1", UnitKind.COMMUNE_COMMITTEE)  # encouraged: need not be covered
    tourism = _unit(app, admin, "Sở Du lịch", UnitKind.PROVINCIAL_DEPARTMENT)
    handle(app, admin, DissolveUnit(unit_id=tourism, reason="Hợp nhất", occurred_on=date(2020, 3, 1)))
    before = app.recorder.max_notification_id()
    with pytest.raises(MandatoryUnitsNotCoveredError) as refused:
        _approve(app, admin, programme_id)
    assert refused.value.units == "Sở Tư pháp tỉnh Sóc Trăng"  # its name on the plan's date
    assert (refused.value.unit_ids, refused.value.count, refused.value.mandatory) == ([justice], 1, 2)
    assert str(justice) not in refused.value.message_vi
    assert app.recorder.max_notification_id() == before
    assert app.get_programme(programme_id).status is ProgrammeStatus.DRAFT


def test_a_unit_registered_by_another_process_is_in_the_register_the_approval_reads(
    two_processes: tuple[TenantApplication, TenantApplication], admin: Caller,
) -> None:
    mine, theirs = two_processes
    programme_id, _ = _scoped(mine, admin, InspectionForm.ON_SITE)
    assert len(mine.unit_register()) == 1
    _unit(theirs, admin, "Sở Y tế", UnitKind.PROVINCIAL_DEPARTMENT)
    with pytest.raises(MandatoryUnitsNotCoveredError) as refused:
        _approve(mine, admin, programme_id)
    assert refused.value.units == "Sở Y tế"


def test_a_unit_left_out_with_a_reason_is_recorded_with_the_approval_and_read_back_from_the_store(
    app: TenantApplication, admin: Caller,
) -> None:
    programme_id, _ = _scoped(app, admin, InspectionForm.ON_SITE, InspectionForm.DOSSIER)
    justice = _unit(app, admin, "Sở Tư pháp", UnitKind.PROVINCIAL_DEPARTMENT)
    with pytest.raises(UnitNotFoundError):
        _approve(app, admin, programme_id, MissingUnit(uuid4(), "Không rõ"))
    _approve(app, admin, programme_id, MissingUnit(justice, "Bộ Tư pháp kiểm tra theo kế hoạch riêng"))
    app.forget(programme_id)
    programme = app.get_programme(programme_id)
    assert (programme.status, programme.mandatory_count) == (ProgrammeStatus.APPROVED, 3)
    assert programme.uncovered_units == [
        UncoveredUnit(justice, "Sở Tư pháp", "Bộ Tư pháp kiểm tra theo kế hoạch riêng")]


def test_the_on_site_third_is_counted_against_the_register_s_units_bound_to_apply_a_qms(
    app: TenantApplication, admin: Caller,
) -> None:
    programme_id, _ = _scoped(app, admin, InspectionForm.ON_SITE, InspectionForm.DOSSIER, InspectionForm.DOSSIER,
                              InspectionForm.DOSSIER)
    for n in range(4):  # encouraged units on site do not make up the share
        commune = _unit(app, admin, f"Ủy ban nhân dân xã {n}", UnitKind.COMMUNE_COMMITTEE)
        handle(app, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=commune,
                                              form=InspectionForm.ON_SITE, occurred_on=DRAFTED_ON))
    with pytest.raises(OnSiteShareTooLowError) as refused:
        _approve(app, admin, programme_id)
    assert (refused.value.on_site, refused.value.total, refused.value.required) == (1, 4, 2)


def test_a_unit_applying_its_host_s_shared_qms_is_covered_by_the_host_s_entry_as_the_store_records_the_share(
    app: TenantApplication, admin: Caller,
) -> None:
    programme_id, _ = _scoped(app, admin, InspectionForm.ON_SITE)
    committee = _unit(app, admin, "Ủy ban nhân dân tỉnh", UnitKind.PROVINCIAL_COMMITTEE)
    office = _unit(app, admin, "Văn phòng Ủy ban nhân dân tỉnh", UnitKind.PROVINCIAL_COMMITTEE_OFFICE)
    handle(app, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=committee, form=InspectionForm.ON_SITE,
                                          occurred_on=DRAFTED_ON))
    with pytest.raises(MandatoryUnitsNotCoveredError) as refused:  # the office applies a system of its own
        _approve(app, admin, programme_id)
    assert refused.value.unit_ids == [office]
    handle(app, admin, ShareQms(unit_id=office, host_unit_id=committee, occurred_on=date(2020, 1, 3)))
    _approve(app, admin, programme_id)  # 3 bound to apply a QMS, all 3 on site: the office with its committee
    app.forget(programme_id)
    programme = app.get_programme(programme_id)
    assert (programme.status, programme.mandatory_count, programme.uncovered_units) == (
        ProgrammeStatus.APPROVED, 3, [])
