"""Commands on units (đơn vị được kiểm tra: the inspected agencies) and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.described import described
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import Decision, QmsFacts, UnitKind
from isotrail.services.commands.base import Command, Create, changes

DECISION = ("The decision that ordered it (quyết định: số/ký hiệu and the date signed); occurredOn is the date it "
            "takes effect. Null: none recorded.")
UNIT_ID = "The unit's uuid (UNIT_NOT_FOUND: none in your reach; UNIT_DISSOLVED: it was dissolved)."


@dataclass(frozen=True, kw_only=True)
class RegisterUnit(Command):
    """Register an inspected agency (đơn vị), optionally formed from predecessors (sáp nhập, chia tách)."""

    code: str = described("Mã đơn vị (the unit's code), unique in the province and fixed for good: letters, digits "
                          "and . _ / + -, at most 64 (INVALID_VALUE); a code already registered is ALREADY_EXISTS.")
    name: str = described("Tên đơn vị (the unit's name) from occurredOn on; 1–300 characters.")
    kind: UnitKind = described("Loại hình cơ quan (the kind of agency).")
    occurred_on: date = described("The business date from which the unit exists (the date of its founding, merger "
                                  "or split decision), not when it is recorded.")
    predecessor_ids: list[UUID] | None = described(
        "The uuids of the units it was formed from by a merger or split (sáp nhập, chia tách); each must be "
        "registered (UNIT_NOT_FOUND). Null or empty: none.", default=None)
    decision: Decision | None = described(DECISION, default=None)


@dataclass(frozen=True, kw_only=True)
class RenameUnit(Command):
    """Rename a unit from a date on (đổi tên); earlier inspections keep the name it had then."""

    unit_id: UUID = described(UNIT_ID)
    name: str = described("Tên mới (the new name); 1–300 characters, not the current name (INVALID_VALUE).")
    occurred_on: date = described("The business date from which the new name holds (the renaming decision's); not "
                                  "before the unit's last change (DATES_OUT_OF_ORDER).")
    decision: Decision | None = described(DECISION, default=None)
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class ReclassifyUnit(Command):
    """Change the kind of agency a unit is (loại hình cơ quan)."""

    unit_id: UUID = described(UNIT_ID)
    kind: UnitKind = described("The kind of agency it is from occurredOn on.")
    occurred_on: date = described("The business date from which it is of that kind; not before the unit's last "
                                  "change (DATES_OUT_OF_ORDER).")
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RecordQmsFacts(Command):
    """Record what a unit declares about its quality management system (hệ thống quản lý chất lượng)."""

    unit_id: UUID = described(UNIT_ID)
    facts: QmsFacts = described("What the unit declares: the standard and the dates of its announcement, internal "
                                "audit and management review; replaces what it declared before.")
    occurred_on: date = described("The business date of the declaration; none of its dates may be after it, nor may "
                                  "it be before the unit's last change (DATES_OUT_OF_ORDER).")
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class DissolveUnit(Command):
    """Dissolve a unit (giải thể), naming the units that take over its duties."""

    unit_id: UUID = described(UNIT_ID)
    reason: str = described("Lý do (why it ends: the merger, split or abolition and its decision); 1–2,000 characters, "
                            "line breaks allowed.")
    occurred_on: date = described("The business date on which the unit ceases to exist; not before its last change "
                                  "(DATES_OUT_OF_ORDER).")
    successor_ids: list[UUID] | None = described(
        "The uuids of the units that take over its duties; each must be registered (UNIT_NOT_FOUND). Null or "
        "empty: none.", default=None)
    decision: Decision | None = described(DECISION, default=None)
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class ShareQms(Command):
    """Declare that a unit applies another's quality system (áp dụng chung HTQLCL, Circular 26/2014 Art. 6)."""

    unit_id: UUID = described(UNIT_ID)
    host_unit_id: UUID = described(
        "The uuid of the unit whose system it applies from occurredOn on: not the unit itself "
        "(QMS_SHARED_WITH_ITSELF), registered (UNIT_NOT_FOUND) by then (DATES_OUT_OF_ORDER), not dissolved by then "
        "(UNIT_DISSOLVED), applying its own system (QMS_SHARE_CHAIN). The unit itself must apply its own system "
        "(QMS_ALREADY_SHARED), one no other unit applies (QMS_SHARED_BY_OTHERS).")
    occurred_on: date = described("The business date from which it applies that system; not before the unit's last "
                                  "change (DATES_OUT_OF_ORDER).")
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class StopSharingQms(Command):
    """End a unit's sharing of another's quality management system (thôi áp dụng chung HTQLCL): it applies its own."""

    unit_id: UUID = described(UNIT_ID + " It must share another's system (QMS_NOT_SHARED).")
    occurred_on: date = described("The business date from which it applies a system of its own; not before the "
                                  "unit's last change (DATES_OUT_OF_ORDER).")
    expected_version: int | None = None


change = changes(Unit, "unit_id")

HANDLERS = {
    RegisterUnit: Create(
        Unit,
        lambda app, c: Unit.register(tenant=app.tenant, code=c.code, name=c.name, kind=c.kind,
                                     occurred_on=c.occurred_on, predecessor_ids=c.predecessor_ids,
                                     decision=c.decision),
        what_vi="Đơn vị", what_en="Unit", key=lambda unit: unit.code,
        references=lambda c: [(Unit, unit_id) for unit_id in c.predecessor_ids or ()]),
    RenameUnit: change(lambda unit, c: unit.rename(c.name, occurred_on=c.occurred_on, decision=c.decision)),
    ReclassifyUnit: change(lambda unit, c: unit.reclassify(c.kind, occurred_on=c.occurred_on)),
    RecordQmsFacts: change(lambda unit, c: unit.record_qms_facts(c.facts, occurred_on=c.occurred_on)),
    DissolveUnit: change(
        lambda unit, c: unit.dissolve(occurred_on=c.occurred_on, reason=c.reason, successor_ids=c.successor_ids,
                                      decision=c.decision),
        references=lambda c: [(Unit, unit_id) for unit_id in c.successor_ids or ()]),
    ShareQms: change(lambda unit, c, host: unit.share_qms_of(host, occurred_on=c.occurred_on),
                     references=lambda c: [(Unit, c.host_unit_id)], consults=lambda c, _unit: [(Unit, c.host_unit_id)]),
    StopSharingQms: change(lambda unit, c, host=None: unit.stop_sharing_qms(host, occurred_on=c.occurred_on),
                           consults=lambda _c, unit: [(Unit, unit.qms_host_id)] if unit.qms_host_id else []),
}
