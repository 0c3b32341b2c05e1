"""The inspection team (đoàn kiểm tra) as a programme shows it, now (from the read model's ``team``) and as it
stood (from the aggregate, programmeAsOf): each member with the qualifications Circular 26/2014 Art. 40 asks
for, as presented when assigned, and the unit they work for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any
from uuid import UUID

import strawberry

from isotrail.domain.programme_values import TeamMember as TeamMemberValue

NOT_RECORDED = " Null: not recorded (members assigned before Art. 40's qualifications were)."


@strawberry.type(description=(
    "Thành viên đoàn kiểm tra (a member of the inspection team), with what Circular 26/2014 Art. 40 asks of them "
    "as they presented it when assigned (assignTeamMember)."))
class TeamMember:
    name: str = strawberry.field(description="Họ và tên (full name).")
    organisation: str = strawberry.field(description="Cơ quan công tác (the member's organisation).")
    position: str = strawberry.field(description="Chức danh trong đoàn (role in the team): trưởng đoàn, thành "
                                                 "viên, thư ký, …")
    degree: str | None = strawberry.field(description="Trình độ (degree: đại học trở lên)." + NOT_RECORDED)
    state_management_certificate: str | None = strawberry.field(
        description="Chứng chỉ bồi dưỡng quản lý nhà nước (state-management certificate)." + NOT_RECORDED)
    qms_auditor_certificate: str | None = strawberry.field(
        description="Chứng chỉ chuyên gia đánh giá HTQLCL (QMS auditor certificate)." + NOT_RECORDED)
    years_of_service: int | None = strawberry.field(
        description="Thâm niên công tác (years of service)." + NOT_RECORDED)
    unit_id: UUID | None = strawberry.field(description=(
        "Đơn vị công tác: the uuid of the unit the member works for, whose inspection they may not conduct; null: "
        "an agency the province does not inspect, or not recorded."))

    @classmethod
    def of(cls, member: Mapping[str, Any] | TeamMemberValue) -> TeamMember:
        """From a read-model row's member (JSON; older ones lack the qualifications) or the domain's value."""
        given = asdict(member) if isinstance(member, TeamMemberValue) else member
        unit_id = given.get("unit_id")
        return cls(name=given["name"], organisation=given["organisation"], position=given["position"],
                   degree=given.get("degree"), state_management_certificate=given.get("state_management_certificate"),
                   qms_auditor_certificate=given.get("qms_auditor_certificate"),
                   years_of_service=given.get("years_of_service"),
                   unit_id=UUID(str(unit_id)) if unit_id is not None else None)
