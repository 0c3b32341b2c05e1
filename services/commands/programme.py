"""Commands on programmes (kế hoạch kiểm tra: the yearly inspection plan) and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.described import described
from isotrail.domain.plan_coverage import MissingUnit
from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import InspectionForm, TeamMember
from isotrail.domain.unit import Unit
from isotrail.services.catalogues import load_catalogue
from isotrail.services.commands.base import Command, Create, changes

PROGRAMME_ID = "The programme's uuid (PROGRAMME_NOT_FOUND: none in your tenant)."
DRAFT_ONLY = " Only while the plan is a draft (PROGRAMME_NOT_DRAFT)."
BUDGET_VND = ("Kinh phí (the plan's budget, Mẫu 19), in đồng: 1 to 2,147,483,647 (INVALID_VALUE). Null: the plan "
              "states none.")
BUDGET_SOURCE = ("Nguồn kinh phí (where the budget comes from: \"Ngân sách tỉnh\", …); 1–300 characters, only with "
                 "budgetVnd (INVALID_VALUE). Null or blank: not stated.")
PARTNER_UNIT = ("Đơn vị phối hợp (the unit the plan is carried out with, as the plan names it: \"Sở Nội vụ\"); "
                "1–300 characters. Null or blank: none.")

@dataclass(frozen=True, kw_only=True)
class DraftProgramme(Command):
    """Draft the yearly plan (kế hoạch kiểm tra, Mẫu 19); the catalogue version fixes the standard it checks."""

    code: str = described("The programme's code, unique in the province and fixed for good (\"2020\"): letters, "
                          "digits and . _ / + -, at most 64 (INVALID_VALUE); one already drafted is ALREADY_EXISTS.")
    year: int = described("Năm kiểm tra (the year the plan covers), 2000–2100 (INVALID_VALUE).")
    title: str = described("Trích yếu (the plan's title, as on the paper); 1–500 characters.")
    plan_number: str = described("Số/ký hiệu of the plan (\"35/KH-UBND\"); 1–100 characters.")
    plan_date: date = described("Ngày ban hành (the plan's date, as on the paper), in `year` or the year before "
                                "(INVALID_VALUE); not before occurredOn (DATES_OUT_OF_ORDER).")
    legal_basis: list[str] = described("Căn cứ (the legal basis the plan cites: \"Quyết định 19/2014/QĐ-TTg\", …), "
                                       "one text each, 1–300 characters.")
    catalogue_version: str = described("The check-item catalogue its inspections assess (`catalogues` lists them: "
                                       "\"tt26-2014+iso9001-2015\"); it fixes the standard (CATALOGUE_NOT_FOUND).")
    organiser: str = described("Cơ quan chủ trì (who runs it: the DOST's Chi cục TĐC or its division); 1–300 "
                               "characters.")
    occurred_on: date = described("The business date the plan was drafted, on or before planDate "
                                  "(DATES_OUT_OF_ORDER), not when it is recorded.")
    budget_vnd: int | None = described(BUDGET_VND, default=None)
    budget_source: str | None = described(BUDGET_SOURCE, default=None)
    partner_unit: str | None = described(PARTNER_UNIT, default=None)


@dataclass(frozen=True, kw_only=True)
class AddUnitToProgramme(Command):
    """Put a unit in the plan's scope, on site or by dossier (hình thức kiểm tra), maybe with a joint team."""

    programme_id: UUID = described(PROGRAMME_ID + DRAFT_ONLY)
    unit_id: UUID = described("The unit's uuid (UNIT_NOT_FOUND); once per plan (DUPLICATE_UNIT_IN_SCOPE).")
    form: InspectionForm = described("Hình thức kiểm tra: on site (which covers the dossier check too) or by "
                                     "dossier; at least a third of the units bound to apply a QMS on site when the "
                                     "plan is approved.")
    occurred_on: date
    joint_team: str | None = described("Đoàn kiểm tra lồng ghép (the team it is inspected jointly with, e.g. the "
                                       "Department of Home Affairs' administrative-reform team); 1–300 characters. "
                                       "Null or blank: none.", default=None)
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RemoveUnitFromProgramme(Command):
    """Take a unit out of a draft plan's scope, saying why."""

    programme_id: UUID = described(PROGRAMME_ID + DRAFT_ONLY)
    unit_id: UUID = described("The uuid of a unit in its scope (UNIT_NOT_IN_SCOPE).")
    reason: str = described("Lý do (why it leaves the plan); 1–2,000 characters, line breaks allowed.")
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class AssignTeamMember(Command):
    """Name a member of the inspection team (thành viên đoàn kiểm tra), qualified as Art. 40 asks."""

    programme_id: UUID = described(PROGRAMME_ID + DRAFT_ONLY)
    member: TeamMember = described("Thành viên đoàn (the member): name, organisation, role in the team, the unit "
                                   "they work for, and Art. 40's qualifications — degree, state-management "
                                   "certificate, QMS auditor certificate and years of service, each required "
                                   "(TEAM_MEMBER_NOT_QUALIFIED names every one missing).")
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class SetProgrammeSchedule(Command):
    """Set the period in which the plan's inspections take place (thời gian kiểm tra)."""

    programme_id: UUID = described(PROGRAMME_ID + DRAFT_ONLY)
    starts_on: date = described("The first day of the inspection period; not before the plan's date "
                                "(DATES_OUT_OF_ORDER).")
    ends_on: date = described("The last day of the inspection period; not before startsOn (DATES_OUT_OF_ORDER).")
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class CorrectProgrammeDetails(Command):
    """Correct a mistake in the plan's header, naming the version that recorded it (đính chính)."""

    programme_id: UUID = described(PROGRAMME_ID + " Draft, approved or reported alike.")
    corrects_version: int = described("The version that recorded the header being corrected: 1 (the draft) or a "
                                      "former correction's (INVALID_VALUE otherwise; `history` lists them).")
    title: str = described("The corrected title (trích yếu); 1–500 characters.")
    plan_number: str = described("The corrected số/ký hiệu; 1–100 characters.")
    plan_date: date = described("The corrected plan date: in the programme's year or the year before "
                                "(INVALID_VALUE), not after its approval (DATES_OUT_OF_ORDER).")
    reason: str = described("Lý do đính chính (what was wrong); 1–2,000 characters, line breaks allowed.")
    occurred_on: date
    budget_vnd: int | None = described("The corrected budget: " + BUDGET_VND + " The correction gives the "
                                       "whole header: leaving it out clears a budget the plan had.", default=None)
    budget_source: str | None = described("The corrected budget source: " + BUDGET_SOURCE, default=None)
    partner_unit: str | None = described("The corrected partner unit: " + PARTNER_UNIT, default=None)
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class ApproveProgramme(Command):
    """Approve the plan (phê duyệt kế hoạch); its scope is fixed from then on."""

    programme_id: UUID = described(
        PROGRAMME_ID + " A draft (PROGRAMME_NOT_DRAFT) with units in scope (EMPTY_SCOPE), among them every unit bound "
        "to apply a QMS on the plan's date, on site or by dossier (MANDATORY_UNITS_NOT_COVERED lists the ones "
        "missing), and at least a third of those units on site (ON_SITE_SHARE_TOO_LOW).")
    approved_by: str = described("Cơ quan phê duyệt (who approved it, as the paper says: \"Ủy ban nhân dân tỉnh "
                                 "Sóc Trăng\"); 1–300 characters.")
    occurred_on: date = described("The business date of the approval; not before the plan's date "
                                  "(DATES_OUT_OF_ORDER).")
    acknowledged_missing_units: list[MissingUnit] | None = described(
        "The units bound to apply a QMS that the plan knowingly leaves out (another programme covers them, they "
        "are being dissolved…), each with its reason, recorded with the approval (the programme's "
        "uncoveredUnits); each must be one MANDATORY_UNITS_NOT_COVERED lists, once (INVALID_VALUE). Null or "
        "empty: none.", default=None)
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class ReportProgrammeResults(Command):
    """Make the year's report of results, closing the plan (Decision 19 Art. 12: December, Phụ lục II)."""

    programme_id: UUID = described(PROGRAMME_ID + " An approved one (PROGRAMME_NOT_APPROVED), reported once "
                                   "(PROGRAMME_ALREADY_REPORTED).")
    report_number: str = described("Số/ký hiệu of the report (báo cáo kết quả kiểm tra); 1–100 characters.")
    summary: str = described("What the report says of the year's results; 1–20,000 characters, line breaks "
                             "allowed.")
    proposals: list[str] = described("Đề xuất, kiến nghị (its proposals to the People's Committee), one text each, "
                                     "1–2,000 characters; may be empty.")
    occurred_on: date = described("The business date of the report; not before the approval or the November "
                                  "compilation (DATES_OUT_OF_ORDER).")
    signer: str | None = described("Người ký (who signed it, with their title); 1–200 characters. Null or blank: not "
                                   "recorded (reports made before it was).", default=None)
    expected_version: int | None = None


def _draft(tenant: str, c: DraftProgramme) -> Programme:
    catalogue = load_catalogue(c.catalogue_version)
    return Programme.draft(
        tenant=tenant, code=c.code, year=c.year, title=c.title, plan_number=c.plan_number,
        plan_date=c.plan_date, legal_basis=c.legal_basis, standard=catalogue.standard,
        catalogue_version=catalogue.version, organiser=c.organiser, occurred_on=c.occurred_on,
        budget_vnd=c.budget_vnd, budget_source=c.budget_source, partner_unit=c.partner_unit,
    )


change = changes(Programme, "programme_id")

HANDLERS = {
    DraftProgramme: Create(Programme, lambda app, c: _draft(app.tenant, c), what_vi="Kế hoạch",
                           what_en="Programme", key=lambda programme: programme.code),
    AddUnitToProgramme: change(
        lambda p, c: p.add_unit(c.unit_id, c.form, occurred_on=c.occurred_on, joint_team=c.joint_team),
        references=lambda c: [(Unit, c.unit_id)]),
    RemoveUnitFromProgramme: change(
        lambda p, c: p.remove_unit(c.unit_id, reason=c.reason, occurred_on=c.occurred_on)),
    AssignTeamMember: change(lambda p, c: p.assign_team_member(c.member, occurred_on=c.occurred_on),
                             references=lambda c: [(Unit, c.member.unit_id)] if c.member.unit_id else []),
    SetProgrammeSchedule: change(lambda p, c: p.set_schedule(c.starts_on, c.ends_on, occurred_on=c.occurred_on)),
    CorrectProgrammeDetails: change(lambda p, c: p.correct_plan_details(
        corrects_version=c.corrects_version, title=c.title, plan_number=c.plan_number,
        plan_date=c.plan_date, reason=c.reason, occurred_on=c.occurred_on, budget_vnd=c.budget_vnd,
        budget_source=c.budget_source, partner_unit=c.partner_unit)),
    ApproveProgramme: change(
        lambda p, c, register: p.approve(approved_by=c.approved_by, occurred_on=c.occurred_on, register=register,
                                         acknowledged_missing_units=c.acknowledged_missing_units or ()),
        references=lambda c: [(Unit, missing.unit_id) for missing in c.acknowledged_missing_units or ()],
        reads=lambda app, _c, _p: [app.unit_register()]),
    ReportProgrammeResults: change(lambda p, c: p.report_results(
        report_number=c.report_number, summary=c.summary, proposals=c.proposals, occurred_on=c.occurred_on,
        signer=c.signer)),
}
