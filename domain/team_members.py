"""An inspection team's member, checked as Circular 26/2014 Art. 40 asks when they are assigned: a degree
(trình độ đại học trở lên), a state-management certificate (chứng chỉ quản lý nhà nước), a QMS auditor
certificate (chứng chỉ chuyên gia đánh giá HTQLCL) and years of service (thâm niên công tác), each presented.

The article's items are recorded as the member presented them; a missing one refuses the assignment, naming
every item missing. Members assigned before these were recorded replay unchecked (the check is in the
command, not in the event's body).
"""

from __future__ import annotations

from dataclasses import replace

from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.programme_values import TeamMember
from isotrail.domain.team_errors import TeamMemberNotQualifiedError
from isotrail.domain.text import clean_optional_text, clean_text

MAX_YEARS_OF_SERVICE = 60  # a working life; more is a typing mistake

# Art. 40's items, in the article's order: the field, and its name in Vietnamese and in English
QUALIFICATIONS = (
    ("degree", "bằng đại học trở lên", "a university degree"),
    ("state_management_certificate", "chứng chỉ quản lý nhà nước", "a state-management certificate"),
    ("qms_auditor_certificate", "chứng chỉ chuyên gia đánh giá HTQLCL", "a QMS auditor certificate"),
    ("years_of_service", "thâm niên công tác", "years of service"),
)


def qualified_member(member: TeamMember) -> TeamMember:
    """``member`` with its texts cleaned; raises :class:`TeamMemberNotQualifiedError` naming each item of
    Art. 40 it lacks, or ``InvalidValueError`` for a malformed value."""
    years = member.years_of_service
    if years is not None and not 0 <= years <= MAX_YEARS_OF_SERVICE:
        raise InvalidValueError(field_name="years_of_service",
                                reason_vi=f"phải từ 0 đến {MAX_YEARS_OF_SERVICE} năm",
                                reason_en=f"must be 0 to {MAX_YEARS_OF_SERVICE} years")
    cleaned = replace(
        member,
        name=clean_text(member.name, "name", max_length=200),
        organisation=clean_text(member.organisation, "organisation", max_length=300),
        position=clean_text(member.position, "position", max_length=100),
        degree=clean_optional_text(member.degree, "degree", max_length=300),
        state_management_certificate=clean_optional_text(
            member.state_management_certificate, "state_management_certificate", max_length=300),
        qms_auditor_certificate=clean_optional_text(
            member.qms_auditor_certificate, "qms_auditor_certificate", max_length=300),
    )
    missing = [item for item in QUALIFICATIONS if getattr(cleaned, item[0]) is None]
    if missing:
        raise TeamMemberNotQualifiedError(
            name=cleaned.name, missing=[field for field, _, _ in missing],
            missing_vi=", ".join(vi for _, vi, _ in missing), missing_en=", ".join(en for _, _, en in missing))
    return cleaned
