"""A reorganisation decision's list of agencies, old → new (sáp nhập, chia tách, đổi tên, giải thể: 1 Jul 2025,
Decree 45/2025/NĐ-CP and the provinces' decisions), applied as a whole (issue 17).

Each row names an old unit (its uuid, or its code in the province it was registered in: the tenant's own or one
merged into it) and the unit that carries on its duties, by its code in the tenant. Read together, the rows say:

- several old units → one new code: a merger. The new unit is registered (its name and kind given) with them as
  predecessors, or, when a unit with that code exists, takes over their duties (``Unit.absorb``); the others are
  dissolved into it. An old unit may be the new one itself (Cần Thơ's Sở Tư pháp continuing as the merged one).
- one old unit → several new codes: a split; it is dissolved with all of them as successors.
- an old unit → its own code with another name, when the tenant has no other unit of that code: a rename; the
  unit keeps its id (a Sóc Trăng unit renamed by Cần Thơ too: services/lineage_store.py).
- an old unit with no new code: dissolved, with no successor.

A unit that carries on others' duties (the unit of a new code other rows name) stays: its own rows may keep it
(its own code) or split parts off, never merge it away nor dissolve it (a cycle A → B, B → A, a chain A → B → C
or "B dissolved" beside "A → B" contradict each other). A unit of a province merged into the tenant is reorganised
by the tenant from the day that merger took effect, not before (DATES_OUT_OF_ORDER).

Every row is checked and every fault reported, each at its path (``rows[3].oldCode``); a list with any fault
stores nothing. The lineage events carry the decision and take effect on its effective date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.codes import clean_code
from isotrail.domain.described import described
from isotrail.domain.errors import IsotrailError
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidTenantSlugError, InvalidValueError
from isotrail.domain.reorganisation_errors import ReorganisationRejectedError, ReorganisationRowConflictError, at_row
from isotrail.domain.tenancy import TENANT_SLUG
from isotrail.domain.unit import Unit
from isotrail.domain.unit_errors import UnitDissolvedError
from isotrail.domain.unit_values import Decision, UnitKind, ordering

_SNAKE = {"newName": "new_name", "newKind": "new_kind"}
MAX_ROWS = 5_000  # a province's list is hundreds of rows (Cần Thơ's 103 communes and wards from 1 Jul 2025)


@dataclass(frozen=True)
class ReorganisationRow:
    """One row of a reorganisation decision's list: an agency before, and the agency that carries on its duties."""

    old_unit_id: UUID | None = described("The old unit's uuid; or give oldCode instead.", default=None)
    old_tenant: str | None = described(
        "The slug of the province whose unit oldCode is: yours, or one merged into yours; null: yours.", default=None)
    old_code: str | None = described("Mã đơn vị cũ (the old unit's code) in oldTenant.", default=None)
    new_code: str | None = described(
        "Mã đơn vị mới (the code, in your province, of the unit that carries on its duties): an existing unit (it "
        "takes them over), a new one (give newName and newKind), or the old unit's own code with another newName "
        "(a rename). Null: dissolved with no successor.", default=None)
    new_name: str | None = described("Tên đơn vị mới (the new unit's name, or the old one's new name).", default=None)
    new_kind: UnitKind | None = described("Loại hình (the new unit's kind of agency).", default=None)


Missing = Callable[[UUID | None], IsotrailError]  # the error of an old unit not found (None: out of reach)
MergedOn = Callable[[str], date | None]  # the day a province was merged into the tenant (None: the tenant's own)


@dataclass
class _Plan:
    tenant: str
    units: Mapping[UUID, Unit]
    problems: list[IsotrailError]
    occurred_on: date
    merged_on: MergedOn

    def fault(self, row: int, field: str, error: IsotrailError) -> None:
        self.problems.append(at_row(error, row, field))

    def conflict(self, row: int, other: int, field: str, reason_vi: str, reason_en: str) -> None:
        self.fault(row, field, ReorganisationRowConflictError(row_number=row + 1, other_number=other + 1,
                                                              reason_vi=reason_vi, reason_en=reason_en))

    def attempt(self, row: int, field: str, action: Callable[[], object]) -> object:
        try:
            return action()
        except IsotrailError as error:
            self.fault(row, field, error)
            return None


def reorganise(rows: Sequence[ReorganisationRow], *, tenant: str, old_ids: Sequence[UUID | None],
               units: Mapping[UUID, Unit], missing: Missing, decision: Decision, occurred_on: date,
               merged_on: MergedOn = lambda _tenant: None) -> list[Unit]:
    """The units changed or made by the list ``rows`` (``old_ids``: each row's old unit's id as resolved, None
    where the row names none or one out of reach, which ``missing`` makes the error of; ``units``: every stored
    unit the rows may name; ``merged_on``: the day each province merged into the tenant was), new and continuing
    units first.

    Raises:
        InvalidValueError: no rows, too many, or the decision's number is not one.
        ReorganisationRejectedError: with every row's faults.
    """
    if not rows or len(rows) > MAX_ROWS:
        raise InvalidValueError(field_name="rows", reason_vi=f"cần từ 1 đến {MAX_ROWS} dòng",
                                reason_en=f"needs 1 to {MAX_ROWS} rows")
    decision = ordering(decision)  # type: ignore[assignment]
    plan = _Plan(tenant, units, [], occurred_on, merged_on)
    olds = _olds(plan, rows, old_ids, missing)
    codes = {i: plan.attempt(i, "newCode", lambda r=row: clean_code(r.new_code, "new_code"))  # type: ignore[arg-type]
             for i, row in enumerate(rows) if row.new_code is not None}
    renames, targets = _split_rows(plan, rows, olds, codes)
    changed: dict[UUID, Unit] = {}
    for code, members in targets.items():
        unit = _carry_on(plan, rows, olds, code, members, decision, occurred_on)
        if unit is not None:
            changed[unit.id] = unit
    for i in renames:
        unit = units[olds[i]]
        plan.attempt(i, "newName", lambda u=unit, r=rows[i]: u.rename(r.new_name or "", occurred_on=occurred_on,
                                                                          decision=decision))
        changed[unit.id] = unit
    _dissolve(plan, rows, olds, codes, set(changed), set(renames), decision, changed)
    if not plan.problems and not any(unit.pending_events for unit in changed.values()):
        plan.fault(0, "newCode", InvalidValueError(field_name="rows", reason_vi="danh sách không thay đổi gì",
                                                   reason_en="the list changes nothing"))
    if plan.problems:
        raise ReorganisationRejectedError(plan.problems)
    return list(changed.values())


def _olds(plan: _Plan, rows: Sequence[ReorganisationRow], old_ids: Sequence[UUID | None],
          missing: Missing) -> dict[int, UUID]:
    """Each row's old unit, stored and not dissolved; a fault for each row whose is not."""
    olds: dict[int, UUID] = {}
    for i, (row, unit_id) in enumerate(zip(rows, old_ids, strict=True)):
        field = "oldUnitId" if row.old_unit_id is not None else "oldCode"
        if row.old_unit_id is None and row.old_code is None:
            plan.fault(i, field, InvalidValueError(field_name="old_code", reason_vi="cần oldUnitId hoặc oldCode",
                                                   reason_en="give oldUnitId or oldCode"))
        elif row.old_unit_id is None and row.old_tenant and not TENANT_SLUG.fullmatch(row.old_tenant):
            shown = "".join(ch if ch.isprintable() else "?" for ch in row.old_tenant[:41])
            plan.fault(i, "oldTenant", InvalidTenantSlugError(slug=shown))
        elif row.old_unit_id is None and plan.attempt(i, field, lambda c=row.old_code: clean_code(c, "old_code")) \
                is None:
            continue  # not a code at all: its fault kept, not a unit not found
        elif unit_id is None or unit_id not in plan.units:
            plan.fault(i, field, missing(unit_id))
        elif (unit := plan.units[unit_id]).dissolved_on is not None:
            plan.fault(i, field, UnitDissolvedError(unit_id=unit_id, dissolved_on=unit.dissolved_on))
        elif (merged_on := plan.merged_on(unit.tenant)) is not None and plan.occurred_on < merged_on:
            plan.fault(i, field, DatesOutOfOrderError(earlier_name="merged_on", earlier=merged_on,
                                                      later_name="occurred_on", later=plan.occurred_on))
        else:
            olds[i] = unit_id
    return olds


def _split_rows(plan: _Plan, rows: Sequence[ReorganisationRow], olds: dict[int, UUID], codes: dict[int, object],
                ) -> tuple[list[int], dict[str, list[int]]]:
    """The rows that rename their old unit in place, and the others that name a new code, by that code."""
    seen: dict[tuple[UUID, object], int] = {}
    by_code: dict[str, list[int]] = {}
    for i in sorted(olds):
        if i in codes and codes[i] is None:
            continue  # its new code is faulty: reported
        key = (olds[i], codes.get(i))
        if key in seen:
            plan.conflict(i, seen[key], "newCode", "lặp lại", "a repeated row")
            continue
        seen[key] = i
        if isinstance(code := codes.get(i), str):
            by_code.setdefault(code, []).append(i)
    renames = []
    for code, members in list(by_code.items()):
        if len(members) > 1 or Unit.create_id(plan.tenant, code) in plan.units:
            continue
        first = members[0]
        old = plan.units[olds[first]]
        alone = sum(1 for i in olds if olds[i] == old.id) == 1
        if old.code == code and alone:
            renames.append(first)
            del by_code[code]
    return renames, by_code


def _carry_on(plan: _Plan, rows: Sequence[ReorganisationRow], olds: dict[int, UUID], code: str, members: list[int],
              decision: Decision, occurred_on: date) -> Unit | None:
    """The unit of ``code`` carrying on the duties of its rows' old units: made, or taking them over."""
    first = members[0]
    names = {rows[i].new_name for i in members if rows[i].new_name is not None}
    kinds = {rows[i].new_kind for i in members if rows[i].new_kind is not None}
    for field, given in (("newName", names), ("newKind", kinds)):
        if len(given) > 1:
            plan.conflict(members[-1], first, field, "hai tên hoặc loại hình khác nhau cho một mã đơn vị mới",
                          "two names or kinds for one new unit code")
            return None
    unit_id = Unit.create_id(plan.tenant, code)
    predecessors = list(dict.fromkeys(olds[i] for i in members if olds[i] != unit_id))
    if unit_id in plan.units:
        unit = plan.units[unit_id]
        if predecessors:
            plan.attempt(first, "newCode", lambda: unit.absorb(predecessors, occurred_on=occurred_on,
                                                               decision=decision))
        if names and (name := next(iter(names))) != unit.name:
            plan.attempt(first, "newName", lambda: unit.rename(name, occurred_on=occurred_on, decision=decision))
        return unit
    for field, given in (("newName", names), ("newKind", kinds)):
        if not given:
            plan.fault(first, field, InvalidValueError(field_name=_SNAKE[field], reason_vi="cần cho đơn vị mới",
                                                       reason_en="needed for a new unit"))
            return None
    made = plan.attempt(first, "newName", lambda: Unit.register(
        tenant=plan.tenant, code=code, name=next(iter(names)), kind=next(iter(kinds)), occurred_on=occurred_on,
        predecessor_ids=predecessors, decision=decision))
    return made if isinstance(made, Unit) else None


def _dissolve(plan: _Plan, rows: Sequence[ReorganisationRow], olds: dict[int, UUID], codes: dict[int, object],
              carrying_on: set[UUID], renames: set[int], decision: Decision, changed: dict[UUID, Unit]) -> None:
    """Dissolve each old unit that does not carry on, into the units its rows name (none: abolished); a unit that
    carries on others' duties while its own rows merge it away or dissolve it is a conflict."""
    by_old: dict[UUID, list[int]] = {}
    for i in sorted(olds):
        by_old.setdefault(olds[i], []).append(i)
    for unit_id, members in by_old.items():
        if unit_id in carrying_on:
            _stays(plan, rows, olds, codes, unit_id, members, renames)
            continue
        successors = list(dict.fromkeys(Unit.create_id(plan.tenant, code) for i in members
                                        if isinstance(code := codes.get(i), str)))
        bare = [i for i in members if rows[i].new_code is None]
        if bare and successors:
            plan.conflict(bare[0], next(i for i in members if rows[i].new_code is not None), "newCode",
                          "một dòng giải thể đơn vị, dòng kia nêu đơn vị kế thừa",
                          "one row dissolves the unit, the other names its successor")
            continue
        unit = plan.units[unit_id]
        how = "sáp nhập" if len(successors) == 1 else "chia tách" if successors else "giải thể"
        reason = f"{how[0].upper()}{how[1:]} theo quyết định {decision.number}"
        plan.attempt(members[0], "oldCode" if rows[members[0]].old_unit_id is None else "oldUnitId",
                     lambda u=unit, s=successors, r=reason: u.dissolve(occurred_on=plan.occurred_on, reason=r,
                                                                       successor_ids=s, decision=decision))
        changed[unit.id] = unit


def _stays(plan: _Plan, rows: Sequence[ReorganisationRow], olds: dict[int, UUID], codes: dict[int, object],
           unit_id: UUID, members: list[int], renames: set[int]) -> None:
    """Check the rows of an old unit that carries on (its own code's, or renamed in place): none may dissolve it,
    and unless one keeps it (its own code), none may merge it into another (A → B beside B → A, or → C)."""
    def own(i: int) -> bool:
        return i in renames or (isinstance(code := codes.get(i), str) and Unit.create_id(plan.tenant, code) == unit_id)

    keeping = [i for i in members if own(i)]
    carried = keeping or [i for i in sorted(olds) if olds[i] != unit_id and isinstance(code := codes.get(i), str)
                          and Unit.create_id(plan.tenant, code) == unit_id]
    for i in members:
        if rows[i].new_code is None:
            plan.conflict(i, carried[0], "newCode", "một dòng giải thể đơn vị, dòng kia để nó tiếp tục hoạt động",
                          "one row dissolves the unit, the other has it carry on")
        elif not keeping and codes.get(i) is not None:
            plan.conflict(i, carried[0], "newCode", "đơn vị được sáp nhập vào đơn vị khác nhưng lại tiếp nhận đơn "
                          "vị khác ở dòng kia", "the unit is merged into another, yet the other row has it take "
                          "over others' duties")
