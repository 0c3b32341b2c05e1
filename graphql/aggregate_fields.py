"""What a unit, a programme and an inspection show alike now (the read models: ``unit``, ``programme``,
``inspection``) and as they stood then (time travel: ``unitAsOf``, ``programmeAsOf``, ``inspectionAsOf``): one
interface per aggregate, implemented by both its types, so that a client's fragment on the interface is
spread in either answer. A field added to both belongs here, with the same name and type on both."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import strawberry

from isotrail.domain.qms_obligation import qms_obligation
from isotrail.graphql.enums import (
    InspectionForm,
    InspectionStatus,
    NonconformityStatus,
    ProgrammeStatus,
    QmsObligation,
    UnitKind,
)
from isotrail.graphql.team_members import TeamMember
from isotrail.graphql.uncovered_units import DESCRIPTION, MANDATORY_COUNT, UncoveredUnit

UUID_ARGUMENT = "Its uuid: what commands, time travel and filters (unitId, programmeId, …) take."
VERSION = "Its version (as of the state shown): what a command's expectedVersion takes."


@strawberry.interface(description="Đơn vị (unit): the fields Unit (now) and UnitState (as it stood) share.")
class UnitFields:
    uuid: UUID = strawberry.field(description=UUID_ARGUMENT)
    version: int = strawberry.field(description=VERSION)
    code: str = strawberry.field(description="Mã đơn vị (its code), unique in the tenant.")
    name: str = strawberry.field(description="Tên (its name): the latest it took.")
    kind: UnitKind = strawberry.field(description="Loại hình cơ quan (kind of agency).")
    registered_on: date = strawberry.field(description="Ngày đăng ký (the business date it was registered).")
    dissolved_on: date | None = strawberry.field(description="Ngày giải thể (when dissolved), if it was.")

    @strawberry.field(description=(
        "Đối tượng áp dụng HTQLCL (its obligation to apply a quality management system, Decision 19/2014 Art. 2) "
        "on the business date `on` (null: the API server's today), by the kind shown: MANDATORY (bắt buộc) or "
        "ENCOURAGED (khuyến khích); null when the law names no agency of that kind on that date (a district "
        "People's Committee from 1 Jul 2025)."))
    def qms_obligation(self, on: Annotated[date | None, strawberry.argument(
            description="The business date the obligation is asked for; null: today.")] = None) -> QmsObligation | None:
        return qms_obligation(UnitKind(self.kind), on or date.today())


@strawberry.interface(description="Phạm vi (scope entry): the fields of a unit in a programme's plan (Mẫu 19) "
                                  "that ScopeEntry (now) and ScopeEntryState (as it stood) share.")
class ScopeEntryFields:
    unit_id: UUID = strawberry.field(description="The unit's uuid.")
    form: InspectionForm = strawberry.field(description="Hình thức kiểm tra (on site or by dossier).")
    joint_team: str | None = strawberry.field(description="Đoàn kiểm tra lồng ghép (the joint team), if any.")


@strawberry.interface(description="Kế hoạch kiểm tra (programme): the fields Programme (now) and ProgrammeState "
                                  "(as it stood) share.")
class ProgrammeFields:
    uuid: UUID = strawberry.field(description=UUID_ARGUMENT)
    version: int = strawberry.field(description=VERSION)
    code: str = strawberry.field(description="Its code, unique in the tenant (the year, say).")
    year: int = strawberry.field(description="Năm (the year it plans).")
    title: str = strawberry.field(description="Tên kế hoạch (its title).")
    plan_number: str = strawberry.field(description="Số kế hoạch (the plan's number, e.g. 35/KH-UBND).")
    plan_date: date = strawberry.field(description="Ngày ban hành (the plan's date).")
    standard: str = strawberry.field(description="The edition of TCVN ISO 9001 it inspects against.")
    catalogue_version: str = strawberry.field(description="Danh mục kiểm tra (the check-item catalogue's version).")
    status: ProgrammeStatus = strawberry.field(description="Trạng thái (its stage): its scope may change while DRAFT; "
                                                           "REPORTED closes it.")
    starts_on: date | None = strawberry.field(description="When its inspections start, once scheduled.")
    ends_on: date | None = strawberry.field(description="When its inspections end, once scheduled.")
    approved_on: date | None = strawberry.field(description="Ngày phê duyệt (when approved), if it was.")
    reported_on: date | None = strawberry.field(description="Ngày báo cáo kết quả (when its results were "
                                                            "reported), if they were.")
    scope: list[ScopeEntryFields] = strawberry.field(description="Phạm vi (scope): the units in its plan; a unit "
                                                                 "representative sees its own.")
    team: list[TeamMember] = strawberry.field(description=(
        "Đoàn kiểm tra (the inspection team), in the order assigned, each member with Art. 40's qualifications."))
    budget_vnd: int | None = strawberry.field(description="Kinh phí (the plan's budget, Mẫu 19), in đồng; null: "
                                                           "the plan states none.")
    budget_source: str | None = strawberry.field(description="Nguồn kinh phí (where its budget comes from); null: "
                                                             "not stated.")
    partner_unit: str | None = strawberry.field(description="Đơn vị phối hợp (the unit the plan is carried out "
                                                            "with); null: none.")
    mandatory_count: int | None = strawberry.field(description=MANDATORY_COUNT)
    uncovered_units: list[UncoveredUnit] | None = strawberry.field(description=DESCRIPTION)


@strawberry.interface(description="Điểm không phù hợp (nonconformity): the fields Finding (now) and "
                                  "NonconformityState (as it stood) share.")
class NonconformityFields:
    uuid: UUID = strawberry.field(description="Its uuid: what commands take (nonconformityId).")
    item_code: str = strawberry.field(description="The check item it was raised against (\"6.2\").")
    description: str = strawberry.field(description="Mô tả (what the inspection found).")
    status: NonconformityStatus = strawberry.field(description=(
        "Trạng thái (its stage): OPEN or NOT_ACCEPTED await a corrective-action report, REPORTED awaits "
        "verification; VERIFIED, WITHDRAWN and CARRIED_OVER are closed."))
    raised_on: date = strawberry.field(description="The business date it was raised.")
    report_due_on: date | None = strawberry.field(description=(
        "When the corrective-action report is due; null after a notice of non-acceptance (no new deadline)."))
    reports_received: int = strawberry.field(description="How many corrective-action reports (báo cáo khắc phục) "
                                                         "covering it were received.")
    closed_on: date | None = strawberry.field(description="When it closed (verified, withdrawn or carried over).")


@strawberry.interface(description="Cuộc kiểm tra (inspection): the fields Inspection (now) and InspectionState "
                                  "(as it stood) share.")
class InspectionFields:
    uuid: UUID = strawberry.field(description=UUID_ARGUMENT)
    version: int = strawberry.field(description=VERSION)
    unit_id: UUID = strawberry.field(description="The uuid of the unit inspected.")
    programme_id: UUID = strawberry.field(description="The uuid of the programme it is part of.")
    form: InspectionForm = strawberry.field(description="Hình thức kiểm tra (on site or by dossier).")
    joint_team: str | None = strawberry.field(description="Đoàn kiểm tra lồng ghép (the joint team), if any.")
    catalogue_version: str = strawberry.field(description="The check-item catalogue the inspection assesses.")
    ad_hoc_reason: str | None = strawberry.field(description=(
        "Lý do kiểm tra đột xuất (an ad-hoc inspection's reason, Art. 34.1.c); null: a planned inspection."))
    ad_hoc_decision: str | None = strawberry.field(description=(
        "Số/ký hiệu of the decision ordering an ad-hoc inspection (kiểm tra đột xuất); null: a planned one."))
    status: InspectionStatus = strawberry.field(description=(
        "Trạng thái (its stage): FINDINGS_COMMUNICATED once the minutes are signed or the letter sent."))
    scheduled_on: date = strawberry.field(description="The day it is scheduled for.")
    conducted_on: date | None = strawberry.field(description="The day the team inspected, once it did.")
    inspectors: list[str] = strawberry.field(description="Thành viên đoàn (the inspectors who conducted it).")
    findings_communicated_on: date | None = strawberry.field(description="When its findings were communicated "
                                                                         "(minutes signed or letter sent).")
    nonconformities: list[NonconformityFields] = strawberry.field(
        description="Điểm không phù hợp (nonconformities) raised, in the order raised.")
