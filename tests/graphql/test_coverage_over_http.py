"""approveProgramme's coverage check over real HTTP (Circular 26/2014 Art. 33): a plan leaving out a unit bound to
apply a QMS is refused with a typed error naming it in Vietnamese; approved with the unit acknowledged, the
programme shows it (uncoveredUnits, mandatoryCount) now and as it stood, and a unit representative sees only its
own unit's entry. The Sóc Trăng 2020 plan covers all its 46 mandatory units."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.roles import Role
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import AddUnitToProgramme, RegisterUnit
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import draft_programme, fresh_tenant, register_unit, unit_code

ADMIN = Caller("test-admin", Role.TENANT_ADMIN)
APPROVE = """mutation($programmeId: UUID!, $missing: [MissingUnitInput!]) {
  approveProgramme(input: {programmeId: $programmeId, approvedBy: "Ủy ban nhân dân tỉnh", occurredOn: "2020-03-05",
      acknowledgedMissingUnits: $missing}) {
    ok userErrors { code field message messageEn }
    programme { status mandatoryCount uncoveredUnits { unitId name reason unit { name } } }
  }
}"""
READ = """query($id: UUID!) {
  programme(id: $id) { uncoveredUnits { name reason } }
  programmeAsOf(id: $id, asOfVersion: 3) { mandatoryCount uncoveredUnits { name } }
}"""
SOC_TRANG = """{ programmes(filter: {year: 2020}) { nodes { mandatoryCount uncoveredUnits { name }
  summary { unitsInScope onSite dossier inspected unitsWithNonconformities unitsReported } } } }"""


def test_a_plan_leaving_out_a_unit_bound_to_apply_a_qms_is_refused_and_approved_once_the_unit_is_acknowledged(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry,
) -> None:
    with fresh_tenant(registry, "Tỉnh kiểm tra độ bao phủ") as slug, registry.application(slug) as app:
        programme_id = draft_programme(app, ADMIN)
        planned = register_unit(app, ADMIN, "Sở Y tế")
        handle(app, ADMIN, AddUnitToProgramme(programme_id=programme_id, unit_id=planned, form=InspectionForm.ON_SITE,
                                              occurred_on=date(2020, 2, 21)))
        justice = register_unit(app, ADMIN, "Sở Tư pháp")
        handle(app, ADMIN, RegisterUnit(code=unit_code(), name="Ủy ban nhân dân Phường 1",
                                        kind=UnitKind.COMMUNE_COMMITTEE, occurred_on=date(2020, 1, 2)))
        admin = token(slug, Role.TENANT_ADMIN)

        refused = graphql(APPROVE, admin, {"programmeId": str(programme_id)})["data"]["approveProgramme"]
        [error] = refused["userErrors"]
        assert (refused["ok"], error["code"], error["field"]) == (False, "MANDATORY_UNITS_NOT_COVERED",
                                                                  ["input", "acknowledgedMissingUnits"])
        assert "1/2 cơ quan bắt buộc áp dụng HTQLCL tại ngày 05/03/2020" in error["message"]
        assert ": Sở Tư pháp." in error["message"] and "Sở Tư pháp" in error["messageEn"]
        assert str(justice) not in error["message"] + error["messageEn"]

        reason = "Bộ Tư pháp kiểm tra theo kế hoạch riêng"
        done = graphql(APPROVE, admin, {"programmeId": str(programme_id),
                                        "missing": [{"unitId": str(justice), "reason": reason}]})
        approved = done["data"]["approveProgramme"]
        assert (approved["ok"], approved["userErrors"]) == (True, []), done
        assert approved["programme"] == {"status": "APPROVED", "mandatoryCount": 2, "uncoveredUnits": [
            {"unitId": str(justice), "name": "Sở Tư pháp", "reason": reason, "unit": {"name": "Sở Tư pháp"}}]}

        read = graphql(READ, token(slug), {"id": str(programme_id)})
        assert "errors" not in read, read
        assert read["data"]["programme"] == {"uncoveredUnits": [{"name": "Sở Tư pháp", "reason": reason}]}
        assert read["data"]["programmeAsOf"] == {"mandatoryCount": 2, "uncoveredUnits": [{"name": "Sở Tư pháp"}]}
        for unit_id, seen in ((justice, [{"name": "Sở Tư pháp", "reason": reason}]), (planned, [])):
            representative = token(slug, Role.UNIT_REPRESENTATIVE, unit_id=str(unit_id))
            assert graphql(READ, representative, {"id": str(programme_id)})["data"]["programme"] == {
                "uncoveredUnits": seen}


def test_the_soc_trang_2020_plan_covers_every_unit_bound_to_apply_a_qms_and_still_reads_78_27_27(
    graphql: Callable[..., dict], token: Callable[..., str], soc_trang: str,
) -> None:
    [programme] = graphql(SOC_TRANG, token(soc_trang))["data"]["programmes"]["nodes"]
    assert (programme["mandatoryCount"], programme["uncoveredUnits"]) == (46, [])
    assert programme["summary"] == {"unitsInScope": 78, "onSite": 78, "dossier": 0, "inspected": 78,
                                    "unitsWithNonconformities": 27, "unitsReported": 27}
