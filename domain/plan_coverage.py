"""Coverage of a yearly plan (Circular 26/2014 Art. 33, Decision 19/2014 Art. 2): every agency that must apply a
QMS is inspected every year, at least by dossier and report — checked when the plan is approved.

Which agencies: the units of the tenant's register that are registered by the plan's date, not dissolved by
then, and *mandatory* on that date by their kind of agency (``qms_obligation``: the district level is bound
until 30 Jun 2025). The register is the units as stored when the plan is approved (the write side's own
record, never a read model). Encouraged units (commune level, public service units) may be in the plan; the
rule asks nothing of them.

Covered: in the plan's scope, in either form — an on-site inspection is a check of the unit's dossier and
report as well (the article's "every agency by dossier and report, at least a third of them on site": the
on-site visits are among the agencies checked, not beside them), so a unit is covered once, whatever its form.

A shared system (Circular 26/2014 Art. 6: the People's Committee's Office applies the Committee's QMS) is one
system, inspected once with its host: a unit that applies another unit's QMS (``Unit.qms_host_id``, as stored at
approval) is covered by its own scope entry or by its host's, in the host's form — so it counts on site when its
host is inspected on site (``covered_on_site``). It stays an agency of its own in the count of units bound to
apply a QMS (the article counts agencies); the host is not covered by its sharer's entry.

Left out knowingly: a DOST sometimes approves a plan without a unit it must cover — another programme covers
it, or it is being dissolved. The approver then names each such unit with the reason (``MissingUnit``); the
approval records them (``UncoveredUnit``, with the unit's name on the plan's date) and the read model shows
them. Naming a unit that is not missing is refused: the acknowledgement must say exactly what is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from isotrail.domain.collation import vietnamese_sort_key
from isotrail.domain.described import described
from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.programme_errors import MandatoryUnitsNotCoveredError
from isotrail.domain.qms_obligation import QmsObligation
from isotrail.domain.text import clean_text

if TYPE_CHECKING:
    from isotrail.domain.unit import Unit

ACKNOWLEDGED = "acknowledged_missing_units"  # the approval's input naming the units left out


@dataclass(frozen=True)
class MissingUnit:
    """Cơ quan bắt buộc không có trong kế hoạch: a unit bound to apply a QMS that the approver knowingly leaves out
    of the plan, and why (the approval's input)."""

    unit_id: UUID = described("The uuid of a unit that must apply a QMS and is not in the plan's scope, nor is the "
                              "unit whose shared QMS it applies (UNIT_NOT_FOUND; INVALID_VALUE for one that is "
                              "covered or not mandatory).")
    reason: str = described("Lý do (why the plan leaves it out: another programme covers it, it is being "
                            "dissolved…); 1–2,000 characters, line breaks allowed.")


@dataclass(frozen=True)
class UncoveredUnit:
    """A mandatory unit an approved plan leaves out, as its approval recorded it: its name on the plan's date
    and the approver's reason."""

    unit_id: UUID
    name: str
    reason: str


def is_mandatory_on(unit: Unit, day: date) -> bool:
    """Whether ``unit`` is in the register on ``day`` (registered, not yet dissolved) and bound to apply a QMS."""
    return (unit.registered_on <= day and (unit.dissolved_on is None or day < unit.dissolved_on)
            and unit.qms_obligation_on(day) is QmsObligation.MANDATORY)


def mandatory_units(register: Iterable[Unit], day: date) -> list[Unit]:
    """The units of ``register`` that must apply a QMS on ``day``, in dictionary order of their names then."""
    return sorted((unit for unit in register if is_mandatory_on(unit, day)),
                  key=lambda unit: (vietnamese_sort_key(unit.name_on(day)), unit.code))


def covering_ids(unit: Unit) -> tuple[UUID, ...]:
    """The scope entries that cover ``unit``: its own, and its host's when it applies the host's shared QMS."""
    return (unit.id,) if unit.qms_host_id is None else (unit.id, unit.qms_host_id)


def is_covered(unit: Unit, scope: Iterable[UUID]) -> bool:
    """Whether the scope holds ``unit`` or the unit whose shared QMS it applies."""
    in_scope = set(scope)
    return any(unit_id in in_scope for unit_id in covering_ids(unit))


def covered_on_site(unit: Unit, on_site: Callable[[UUID], bool]) -> bool:
    """Whether ``unit`` is inspected on site: its own entry is, or its host's (the shared system visited once)."""
    return any(on_site(unit_id) for unit_id in covering_ids(unit))


def uncovered_units(mandatory: Sequence[Unit], scope: Iterable[UUID], day: date,
                    acknowledged: Sequence[MissingUnit], register: Iterable[Unit]) -> list[UncoveredUnit]:
    """The mandatory units the scope leaves out (neither they nor the host of the QMS they share in it), each
    acknowledged with its reason; raises
    :class:`MandatoryUnitsNotCoveredError` listing those not acknowledged, :class:`InvalidValueError` for an
    acknowledgement of a unit that is not missing (or named twice)."""
    in_scope = set(scope)
    missing = {unit.id: unit for unit in mandatory if not is_covered(unit, in_scope)}
    names = {unit.id: unit.name_on(day) for unit in register}
    reasons: dict[UUID, str] = {}
    for given in acknowledged:
        name = names.get(given.unit_id, "đơn vị không có trong danh mục")
        if given.unit_id in reasons:
            raise InvalidValueError(field_name=ACKNOWLEDGED, reason_vi=f"«{name}» được nêu hai lần",
                                    reason_en=f"'{name}' is named twice")
        if given.unit_id not in missing:
            raise InvalidValueError(
                field_name=ACKNOWLEDGED,
                reason_vi=f"«{name}» không phải cơ quan bắt buộc áp dụng HTQLCL nằm ngoài kế hoạch",
                reason_en=f"'{name}' is not a unit bound to apply a QMS that the plan leaves out")
        reasons[given.unit_id] = clean_text(given.reason, "reason", multiline=True)
    left_out = [unit for unit in missing.values() if unit.id not in reasons]
    if left_out:
        raise MandatoryUnitsNotCoveredError(
            units=", ".join(unit.name_on(day) for unit in left_out), count=len(left_out),
            mandatory=len(mandatory), plan_date=day.strftime("%d/%m/%Y"), unit_ids=[unit.id for unit in left_out])
    return [UncoveredUnit(unit.id, unit.name_on(day), reasons[unit.id]) for unit in missing.values()]
