"""The records an inspection file keeps (hồ sơ kiểm tra, Circular 26/2014 Art. 39) as a programme and an
inspection list them, from the read model: each by the event that recorded it, so that the documents can be
printed from them and an auditor can find them (``history`` shows the event)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import strawberry

from isotrail.graphql.enums import RecordKind


@strawberry.type(description=(
    "Hồ sơ kiểm tra (a record kept, Circular 26/2014 Art. 39): its kind, number, date and signer, and the event "
    "that recorded it (aggregateId and version, as `history` lists them)."))
class RecordReference:
    kind: RecordKind = strawberry.field(description="Loại hồ sơ (what the record is).")
    number: str | None = strawberry.field(description=(
        "Số/ký hiệu (its number, as recorded: \"15/QĐ-SKHCN\"); null: it has none recorded (a plan's approval, an "
        "ad-hoc decision's date, a verification without a notice)."))
    issued_on: date = strawberry.field(description="Ngày (its date: signed, sent or, for a unit's report, received).")
    signer: str | None = strawberry.field(description=(
        "Người ký (who signed it, with their title; the team leader for the minutes; the approving body for a "
        "plan's approval); null: not recorded (records made before signers were, or a unit's report)."))
    co_signer: str | None = strawberry.field(description=(
        "Người ký cùng (the minutes' other signatory: the unit's head, Mẫu 21); null for other records."))
    aggregate_id: UUID = strawberry.field(description=(
        "The uuid of the programme or inspection whose event recorded it."))
    version: int = strawberry.field(description="The version of that event (the plan's: 1, its draft).")
    corrected_in_version: int | None = strawberry.field(description=(
        "The version of the latest correction of its number or date (đính chính: a plan's header); null: never "
        "corrected."))
    programme_id: UUID = strawberry.field(description="The uuid of the programme it belongs to.")
    inspection_id: UUID | None = strawberry.field(description="The uuid of its inspection; null: the programme's own.")
    unit_id: UUID | None = strawberry.field(description="The uuid of the unit it concerns; null: the programme's own.")
    nonconformity_ids: list[UUID] | None = strawberry.field(description=(
        "The nonconformities (điểm không phù hợp) it answers or judges: a corrective-action report's, a notice's; "
        "null for other records."))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> RecordReference:
        return cls(**{name: row[name] for name in (
            "kind", "number", "issued_on", "signer", "co_signer", "aggregate_id", "version", "corrected_in_version",
            "programme_id", "inspection_id", "unit_id", "nonconformity_ids")})
