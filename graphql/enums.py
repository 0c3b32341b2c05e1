"""The domain's enums as GraphQL enums, one definition each, for inputs and outputs alike: a command's field
(command_inputs.py), a filter (filters.py) and the field an object shows take the same enum, whose values
are the domain's members' names (``COMMUNE_COMMITTEE``) and whose descriptions give the Vietnamese term.

The modules naming one import it from here, so that it is made GraphQL's before any type names it. An
output field typed with one of these may hold the member or its stored string (a read model's column):
both are shown as the member's name.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from isotrail.domain.inspection_values import (
    AssessmentResult,
    InspectionStatus,
    NonconformityStatus,
    RecommendationSource,
)
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.roles import Role
from isotrail.domain.unit_values import UnitKind

__all__ = ["AssessmentResult", "InspectionForm", "InspectionStatus", "NonconformityStatus", "ProgrammeStatus",
           "RecommendationSource", "Role", "UnitKind", "described", "graphql_enum", "named_enum"]

Described = tuple[str | None, str, dict[Any, str]]  # GraphQL name (None: the class's), description, per member

DESCRIBED: dict[type[Enum], Described] = {
    UnitKind: (None, "Loại đơn vị (kind of agency) inspected.", {
        UnitKind.PROVINCIAL_DEPARTMENT: "Sở, ban, ngành cấp tỉnh (a provincial department or agency).",
        UnitKind.PROVINCIAL_SUB_DEPARTMENT: "Chi cục, ban thuộc sở (a sub-department of a provincial department).",
        UnitKind.DISTRICT_COMMITTEE: "UBND cấp huyện (a district people's committee; the level ended on 1 July 2025).",
        UnitKind.COMMUNE_COMMITTEE: "UBND cấp xã (a commune or ward people's committee).",
        UnitKind.OTHER: "Đơn vị khác (another kind of agency).",
    }),
    ProgrammeStatus: (None, "Trạng thái kế hoạch kiểm tra (a programme's stage).", {
        ProgrammeStatus.DRAFT: "Dự thảo (draft): being prepared, not yet approved.",
        ProgrammeStatus.APPROVED: "Đã phê duyệt (approved): its inspections go ahead.",
        ProgrammeStatus.REPORTED: "Đã báo cáo kết quả (reported): the year's results were reported.",
    }),
    InspectionForm: (None, "Hình thức kiểm tra (the form an inspection takes).", {
        InspectionForm.DOSSIER: "Qua hồ sơ, báo cáo (by dossier and report).",
        InspectionForm.ON_SITE: "Tại trụ sở (on site, at the unit's premises).",
    }),
    InspectionStatus: (None, "Trạng thái cuộc kiểm tra (an inspection's stage).", {
        InspectionStatus.SCHEDULED: "Đã lên lịch (scheduled).",
        InspectionStatus.CONDUCTED: "Đã tiến hành kiểm tra (conducted).",
        InspectionStatus.FINDINGS_COMMUNICATED: "Đã thông báo kết quả (findings communicated to the unit).",
    }),
    NonconformityStatus: ("FindingStatus", "Trạng thái điểm chưa phù hợp (a nonconformity's stage).", {
        NonconformityStatus.OPEN: "Chưa khắc phục (open): a corrective-action report is awaited.",
        NonconformityStatus.REPORTED: "Đã báo cáo khắc phục (reported): the report was received, awaiting "
                                      "verification.",
        NonconformityStatus.NOT_ACCEPTED: "Không chấp nhận kết quả khắc phục (not accepted): a new report is due.",
        NonconformityStatus.VERIFIED: "Đã xác nhận khắc phục (verified): effective, closed.",
        NonconformityStatus.WITHDRAWN: "Đã rút lại (withdrawn): recorded by mistake, closed.",
        NonconformityStatus.CARRIED_OVER: "Chuyển sang kế hoạch sau (carried over): to be verified in a later "
                                          "programme, closed here.",
    }),
    AssessmentResult: (None, "Kết quả đánh giá (the result of assessing a check item).", {
        AssessmentResult.CONFORMS: "Phù hợp (conforms).",
        AssessmentResult.NONCONFORMS: "Chưa phù hợp (nonconforms).",
        AssessmentResult.NOT_APPLICABLE: "Không áp dụng (not applicable).",
    }),
    RecommendationSource: (None, "Nguồn kiến nghị (who made a recommendation).", {
        RecommendationSource.UNIT: "Đơn vị (the inspected unit).",
        RecommendationSource.TEAM: "Đoàn kiểm tra (the inspection team).",
    }),
    Role: (None, "Vai trò (the role an actor acts in).", {
        Role.TENANT_ADMIN: "Quản trị viên (tenant administrator): keeps the province's register and programmes.",
        Role.INSPECTOR: "Thành viên đoàn kiểm tra (inspector).",
        Role.UNIT_REPRESENTATIVE: "Đại diện đơn vị (unit representative): its own unit's records only.",
        Role.AUDITOR: "Người kiểm tra hồ sơ (auditor): reads every record and its history.",
        Role.VIEWER: "Người xem (viewer): reads only.",
        Role.MINISTRY: "Bộ Khoa học và Công nghệ (the ministry): every province's figures, read-only.",
        Role.SYSTEM: "Hệ thống (the system itself: a replay, a migration).",
    }),
}


class UndescribedEnumError(TypeError):
    """A domain enum a GraphQL type uses that :data:`DESCRIBED` does not describe (member by member)."""


def graphql_enum(domain_enum: type[Enum]) -> type[Enum]:
    """``domain_enum`` made a GraphQL enum (once: a GraphQL type has one definition per name), described."""
    if hasattr(domain_enum, "__strawberry_definition__"):
        return domain_enum
    if domain_enum not in DESCRIBED or set(DESCRIBED[domain_enum][2]) != set(domain_enum):
        raise UndescribedEnumError(f"{domain_enum.__name__}: describe it and each of its members in DESCRIBED")
    name, description, members = DESCRIBED[domain_enum]
    return described(strawberry.enum(domain_enum, name=name, description=description),
                     {member.value: text for member, text in members.items()})


def described(enum: type[Enum], by_value: dict[Any, str]) -> type[Enum]:
    """``enum`` (a strawberry enum) with each value described by ``by_value`` (its Python value → text)."""
    for value in enum.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = by_value[value.value]
    return enum


def named_enum(name: str, description: str, values: dict[str, str]) -> type[Enum]:
    """A GraphQL enum generated from ``values`` (its Python value → description), each named by its value
    upper-cased (``next_report_due_on`` → ``NEXT_REPORT_DUE_ON``)."""
    enum = Enum(name, {value.upper(): value for value in values}, module=__name__)  # type: ignore[misc]
    return described(strawberry.enum(enum, description=description), values)


for _enum in DESCRIBED:  # every described enum is one the schema shows: made here, before any type names it
    graphql_enum(_enum)
