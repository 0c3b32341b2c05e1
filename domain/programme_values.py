"""Value types of a programme: its stage, and what its plan (Mẫu 19) holds — the units in scope with the
form each is inspected in, and the team.

Enums are ``StrEnum`` so that stored events hold readable strings; the aggregates turn the strings back
into members when they apply an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from isotrail.domain.described import describe_members, described


class ProgrammeStatus(StrEnum):
    """Where a yearly plan (kế hoạch kiểm tra) stands: drafted, approved, or closed by the year's report."""

    DRAFT = "draft"
    APPROVED = "approved"
    REPORTED = "reported"


describe_members(ProgrammeStatus, {
    ProgrammeStatus.DRAFT: "Dự thảo (draft): its scope, team and schedule may still change.",
    ProgrammeStatus.APPROVED: "Đã phê duyệt (approved) by the People's Committee: its scope is fixed and its "
                              "inspections are scheduled and carried out.",
    ProgrammeStatus.REPORTED: "Đã báo cáo (reported): the year's report of its results was made "
                              "(reportProgrammeResults: Decision 19/2014 Art. 12's December report, Phụ lục II); "
                              "it is closed.",
})


class InspectionForm(StrEnum):
    """Hình thức kiểm tra (form of inspection), Circular 26/2014, Art. 33–34: by dossier and report, or on site."""

    DOSSIER = "dossier"  # qua hồ sơ, báo cáo
    ON_SITE = "on_site"  # tại trụ sở


describe_members(InspectionForm, {
    InspectionForm.DOSSIER: "Qua hồ sơ, báo cáo (by dossier and report): the unit's documents are checked; the "
                            "findings go out by letter (sendFindingsLetter) and are re-checked at the next "
                            "inspection.",
    InspectionForm.ON_SITE: "Tại trụ sở (on site): the team visits the unit; the findings are recorded in minutes "
                            "signed by both sides (Mẫu 21, signMinutes), and corrective-action reports fall due two "
                            "months later. At least one third of the units bound to apply a QMS (Art. 33); it "
                            "covers the dossier check too.",
})

INSPECTION_FORM_VI = {InspectionForm.DOSSIER: "qua hồ sơ, báo cáo", InspectionForm.ON_SITE: "tại trụ sở"}


@dataclass(frozen=True)
class ScopeEntry:
    """One unit in a programme's plan (Mẫu 19): how it is inspected, and with whom."""

    unit_id: UUID
    form: InspectionForm
    joint_team: str | None = None  # e.g. the administrative-reform team of the Department of Home Affairs

    @property
    def is_joint(self) -> bool:
        return self.joint_team is not None


@dataclass(frozen=True)
class TeamMember:
    """A member of the inspection team (thành viên đoàn kiểm tra), with what Circular 26/2014 Art. 40 asks of
    them as they presented it when assigned (a later certificate does not rewrite an earlier plan), and the unit
    they work for, so that they do not inspect their own agency.

    The qualification fields and ``unit_id`` have defaults: members assigned before they were recorded are
    read back without them (stored events are a contract)."""

    name: str = described("Họ và tên (full name); 1–200 characters.")
    organisation: str = described("Cơ quan công tác (the member's organisation: the DOST, or the Department of Home "
                                  "Affairs for a joint team); 1–300 characters.")
    position: str = described("Chức danh trong đoàn (role in the team), such as trưởng đoàn (leader), thành viên "
                              "(member) or thư ký (secretary); 1–100 characters.")
    degree: str | None = described(
        "Trình độ (degree, Art. 40: đại học trở lên), as on the diploma (\"Cử nhân Quản lý công\"); 1–300 "
        "characters. Null or blank: not presented (TEAM_MEMBER_NOT_QUALIFIED).", default=None)
    state_management_certificate: str | None = described(
        "Chứng chỉ bồi dưỡng quản lý nhà nước (state-management certificate, Art. 40): its number or title; 1–300 "
        "characters. Null or blank: not presented (TEAM_MEMBER_NOT_QUALIFIED).", default=None)
    qms_auditor_certificate: str | None = described(
        "Chứng chỉ chuyên gia đánh giá HTQLCL (QMS auditor certificate, Art. 40): its number or title; 1–300 "
        "characters. Null or blank: not presented (TEAM_MEMBER_NOT_QUALIFIED).", default=None)
    years_of_service: int | None = described(
        "Thâm niên công tác (years of service, Art. 40), 0–60 (INVALID_VALUE). Null: not presented "
        "(TEAM_MEMBER_NOT_QUALIFIED).", default=None)
    unit_id: UUID | None = described(
        "Đơn vị công tác (the unit the member works for) when it is one of the province's units (UNIT_NOT_FOUND): "
        "the member may not inspect it (INSPECTOR_NOT_INDEPENDENT). Null: an agency the province does not "
        "inspect.", default=None)
