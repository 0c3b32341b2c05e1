"""Errors of the inspection team's rules (Circular 26/2014, Art. 40): a member without the qualifications the
article asks for, and an inspector who works for the unit being inspected."""

from __future__ import annotations

from isotrail.domain.errors import DomainError


class TeamMemberNotQualifiedError(DomainError):
    """Circular 26/2014, Art. 40: a team member lacks a qualification the article asks for."""

    code = "team_member_not_qualified"
    template_vi = ("Thành viên đoàn kiểm tra «{name}» chưa đủ điều kiện theo Điều 40 Thông tư 26/2014/TT-BKHCN: "
                   "thiếu {missing_vi}.")
    template_en = "Team member '{name}' does not meet Circular 26/2014 Art. 40: missing {missing_en}."

    @property
    def field(self) -> str | None:  # type: ignore[override]  # the first qualification missing
        return next(iter(self.details.get("missing") or ()), None)


class InspectorNotIndependentError(DomainError):
    """An agency's own staff do not inspect it: the inspector works for the inspected unit."""

    code = "inspector_not_independent"
    template_vi = ("«{inspector}» là cán bộ của đơn vị được kiểm tra, không được tham gia kiểm tra chính đơn vị "
                   "mình.")
    template_en = "'{inspector}' works for the inspected unit and may not inspect it."

    @property
    def field(self) -> str:  # type: ignore[override]  # the inspectors of a visit, or the team of its decision
        return str(self.details.get("field_name", "inspectors"))
