"""Value types of a programme: its stage, and what its plan (Mẫu 19) holds — the units in scope with the
form each is inspected in, and the team.

Enums are ``StrEnum`` so that stored events hold readable strings; the aggregates turn the strings back
into members when they apply an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID


class ProgrammeStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    REPORTED = "reported"


class InspectionForm(StrEnum):
    """Circular 26/2014, Art. 33–34: by dossier and report, or on site."""

    DOSSIER = "dossier"  # qua hồ sơ, báo cáo
    ON_SITE = "on_site"  # tại trụ sở


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
    """A member of the inspection team (đoàn kiểm tra)."""

    name: str
    organisation: str
    position: str  # trưởng đoàn, thành viên, thư ký
