"""A team member who presents every qualification Circular 26/2014 Art. 40 asks for, for the tests that assign
one without testing the article."""

from __future__ import annotations

from typing import Any

from isotrail.domain.programme_values import TeamMember

QUALIFICATIONS: dict[str, Any] = {
    "degree": "Cử nhân Quản lý công",
    "state_management_certificate": "Chứng chỉ bồi dưỡng QLNN ngạch chuyên viên số 123/CC",
    "qms_auditor_certificate": "Chứng chỉ chuyên gia đánh giá HTQLCL TCVN ISO 9001:2015 số 45/ĐG",
    "years_of_service": 6,
}
QUALIFICATIONS_INPUT = (  # the same, as a GraphQL TeamMemberInput's fields
    'degree: "Cử nhân Quản lý công", stateManagementCertificate: "Chứng chỉ bồi dưỡng QLNN ngạch chuyên viên số '
    '123/CC", qmsAuditorCertificate: "Chứng chỉ chuyên gia đánh giá HTQLCL TCVN ISO 9001:2015 số 45/ĐG", '
    "yearsOfService: 6")


def qualified(name: str, organisation: str, position: str, **overrides: Any) -> TeamMember:
    """A member with Art. 40's qualifications, some of them overridden."""
    return TeamMember(name, organisation, position, **{**QUALIFICATIONS, **overrides})
