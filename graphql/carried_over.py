"""Nonconformities carried over to a later programme (Circular 26/2014, Art. 37), as that programme and the
inspection re-checking them show them: each marked with its origin — the province that raised it (a merged one's
too: Sóc Trăng's in Cần Thơ), the agency's name then, the inspection's minutes and plan, the clause and the day
raised — and with the re-check's outcome once recorded."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import strawberry

from isotrail.graphql.enums import RecheckOutcome


@strawberry.type(description=(
    "Điểm không phù hợp chuyển kỳ: a nonconformity an earlier programme carried over to this one, to be re-checked "
    "(kiểm tra lại) at the unit it was raised at or at its successor, marked with its origin."))
class CarriedOverNonconformity:
    nonconformity_id: UUID = strawberry.field(description=(
        "The carried-over nonconformity's uuid: give it as originNonconformityId to recheckCarriedOverNonconformity."))
    origin_inspection_id: UUID = strawberry.field(description=(
        "The uuid of the inspection that raised it (originInspectionId of recheckCarriedOverNonconformity)."))
    origin_tenant: str | None = strawberry.field(description=(
        'Tỉnh gốc: the slug of the province whose inspection raised it ("soc-trang" in Cần Thơ for a Sóc Trăng '
        "2020 finding); null for a unit registered before provinces were recorded."))
    origin_unit_id: UUID = strawberry.field(description="The uuid of the unit it was raised at.")
    origin_unit_name: str = strawberry.field(description=(
        "Tên đơn vị khi đó: the unit's name on the day it was raised (\"Sở Tư pháp tỉnh Sóc Trăng\")."))
    origin_plan_number: str = strawberry.field(description='Số/ký hiệu of the plan that raised it ("35/KH-UBND").')
    origin_year: int = strawberry.field(description="The year of that plan.")
    origin_record_number: str | None = strawberry.field(description=(
        'The minutes (Mẫu 21, "12/BB-ĐKT") or the findings letter that communicated it; null: neither recorded.'))
    item_code: str = strawberry.field(description='The check item it was raised against ("6.2").')
    clause: str = strawberry.field(description='Its top-level clause ("6" for "6.2").')
    description: str = strawberry.field(description="What did not conform, as the team wrote it then.")
    raised_on: date = strawberry.field(description="The business date it was raised.")
    carried_over_on: date = strawberry.field(description="The business date it was carried over.")
    recheck_unit_id: UUID = strawberry.field(description=(
        "Đơn vị kiểm tra lại: the uuid of the unit that re-checks it — its successor when the agency was merged, "
        "split or dissolved, else the unit itself."))
    recheck_outcome: RecheckOutcome | None = strawberry.field(description=(
        "Kết quả kiểm tra lại: RESOLVED or STILL_NONCONFORMING; null: not re-checked yet."))
    rechecked_on: date | None = strawberry.field(description="The business date of the re-check; null: not yet.")
    rechecked_in_inspection_id: UUID | None = strawberry.field(description=(
        "The uuid of the inspection that re-checked it; null: not yet."))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CarriedOverNonconformity:
        return cls(
            nonconformity_id=row["nonconformity_id"], origin_inspection_id=row["inspection_id"],
            origin_tenant=row["origin_tenant"], origin_unit_id=row["unit_id"],
            origin_unit_name=row["origin_unit_name"], origin_plan_number=row["origin_plan_number"],
            origin_year=row["origin_year"], origin_record_number=row["origin_record_number"],
            item_code=row["item_code"], clause=row["clause"], description=row["description"],
            raised_on=row["raised_on"], carried_over_on=row["closed_on"], recheck_unit_id=row["recheck_unit_id"],
            recheck_outcome=row["recheck_outcome"], rechecked_on=row["rechecked_on"],
            rechecked_in_inspection_id=row["rechecked_in_inspection_id"])
