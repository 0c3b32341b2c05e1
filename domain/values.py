"""Value types of the inspection domain.

Enums are ``StrEnum`` so that stored events hold readable strings; aggregates turn the strings back
into enum members when they apply an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID


class Role(StrEnum):
    """What an actor may do within a tenant (or, for the ministry, across tenants)."""

    TENANT_ADMIN = "tenant_admin"
    INSPECTOR = "inspector"
    UNIT_REPRESENTATIVE = "unit_representative"
    AUDITOR = "auditor"
    VIEWER = "viewer"
    MINISTRY = "ministry"
    SYSTEM = "system"


class UnitKind(StrEnum):
    """The kind of state agency inspected (đơn vị, cơ quan hành chính nhà nước)."""

    PROVINCIAL_DEPARTMENT = "provincial_department"  # sở, ban, ngành tỉnh
    PROVINCIAL_SUB_DEPARTMENT = "provincial_sub_department"  # chi cục, ban thuộc sở
    DISTRICT_COMMITTEE = "district_committee"  # UBND cấp huyện (until 1 Jul 2025)
    COMMUNE_COMMITTEE = "commune_committee"  # UBND cấp xã
    OTHER = "other"


class InspectionForm(StrEnum):
    """Circular 26/2014, Art. 33–34: by dossier and report, or on site."""

    DOSSIER = "dossier"  # qua hồ sơ, báo cáo
    ON_SITE = "on_site"  # tại trụ sở


INSPECTION_FORM_VI = {InspectionForm.DOSSIER: "qua hồ sơ, báo cáo", InspectionForm.ON_SITE: "tại trụ sở"}


class ProgrammeStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    REPORTED = "reported"


class InspectionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CONDUCTED = "conducted"
    FINDINGS_COMMUNICATED = "findings_communicated"


class AssessmentResult(StrEnum):
    CONFORMS = "conforms"  # phù hợp
    NONCONFORMS = "nonconforms"  # chưa phù hợp
    NOT_APPLICABLE = "not_applicable"  # không áp dụng


class NonconformityStatus(StrEnum):
    """Open until a report is received; closed when verified, withdrawn or carried over."""

    OPEN = "open"
    REPORTED = "reported"  # corrective-action report received, awaiting verification
    NOT_ACCEPTED = "not_accepted"  # the fix was inadequate: a new report is due
    VERIFIED = "verified"  # effective: closed
    WITHDRAWN = "withdrawn"  # recorded by mistake: closed
    CARRIED_OVER = "carried_over"  # to be verified in a later programme: closed here

    @property
    def is_closed(self) -> bool:
        return self in (self.VERIFIED, self.WITHDRAWN, self.CARRIED_OVER)

    @property
    def awaits_report(self) -> bool:
        return self in (self.OPEN, self.NOT_ACCEPTED)


class RecommendationSource(StrEnum):
    """Who made a recommendation (kiến nghị): the inspected unit or the team."""

    UNIT = "unit"
    TEAM = "team"


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
    """A member of the inspection team (đoàn kiểm tra)."""

    name: str
    organisation: str
    position: str  # trưởng đoàn, thành viên, thư ký

