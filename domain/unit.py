"""Unit: an inspected state agency (đơn vị, cơ quan hành chính nhà nước).

Agencies are renamed, merged, split and dissolved (most visibly on 1 Jul 2025, when the district
level was abolished), so a unit keeps its names over time and links to its predecessors and
successors; its past inspections stay attached to the identity it had then.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.codes import clean_code
from isotrail.domain.identity import natural_id
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.text import clean_text
from isotrail.domain.unit_errors import UnitDissolvedError
from isotrail.domain.unit_values import QmsFacts, UnitKind


class Unit(IsotrailAggregate):
    class Registered(IsotrailAggregate.Created):
        tenant: str
        code: str
        name: str
        kind: str
        predecessor_ids: list[UUID]

    class Renamed(IsotrailAggregate.Event):
        name: str

    class Reclassified(IsotrailAggregate.Event):
        kind: str

    class QmsFactsRecorded(IsotrailAggregate.Event):
        facts: QmsFacts

    class Dissolved(IsotrailAggregate.Event):
        successor_ids: list[UUID]
        reason: str

    @staticmethod
    def create_id(tenant: str, code: str) -> UUID:
        return natural_id("unit", tenant, code)

    @classmethod
    def register(
        cls,
        *,
        tenant: str,
        code: str,
        name: str,
        kind: UnitKind,
        occurred_on: date,
        predecessor_ids: list[UUID] | None = None,
    ) -> Unit:
        """A unit as it exists from ``occurred_on``, optionally formed from ``predecessor_ids``."""
        return cls(
            tenant=tenant,
            code=clean_code(code, "code"),
            name=clean_text(name, "name", max_length=300),
            kind=UnitKind(kind),
            predecessor_ids=list(predecessor_ids or []),
            occurred_on=occurred_on,
        )

    @event(Registered)
    def __init__(
        self,
        tenant: str,
        code: str,
        name: str,
        kind: str,
        predecessor_ids: list[UUID],
        occurred_on: date,
    ) -> None:
        self.tenant = tenant
        self.code = code
        self.kind = UnitKind(kind)
        self.names: list[tuple[str, date]] = [(name, occurred_on)]
        self.predecessor_ids = list(predecessor_ids)
        self.successor_ids: list[UUID] = []
        self.registered_on = occurred_on
        self.dissolved_on: date | None = None
        self.qms: QmsFacts | None = None
        self.last_changed_on = occurred_on

    @property
    def name(self) -> str:
        return self.names[-1][0]

    def name_on(self, day: date) -> str:
        """The name the unit carried on ``day`` (its first name for earlier days)."""
        current = self.names[0][0]
        for name, since in self.names:
            if since <= day:
                current = name
        return current

    def rename(self, name: str, *, occurred_on: date) -> None:
        self._require_active()
        self._require_not_before_last_change(occurred_on)
        new_name = clean_text(name, "name", max_length=300)
        if new_name == self.name:
            raise InvalidValueError(field_name="name", reason_vi="trùng tên hiện tại",
                                    reason_en="equals the current name")
        self._renamed(name=new_name, occurred_on=occurred_on)

    @event(Renamed)
    def _renamed(self, name: str, occurred_on: date) -> None:
        self.names.append((name, occurred_on))
        self.last_changed_on = occurred_on

    def reclassify(self, kind: UnitKind, *, occurred_on: date) -> None:
        self._require_active()
        self._require_not_before_last_change(occurred_on)
        self._reclassified(kind=UnitKind(kind), occurred_on=occurred_on)

    @event(Reclassified)
    def _reclassified(self, kind: str, occurred_on: date) -> None:
        self.kind = UnitKind(kind)
        self.last_changed_on = occurred_on

    def record_qms_facts(self, facts: QmsFacts, *, occurred_on: date) -> None:
        self._require_active()
        self._require_not_before_last_change(occurred_on)
        for label, day in (
            ("announced_on", facts.announced_on),
            ("last_internal_audit_on", facts.last_internal_audit_on),
            ("last_management_review_on", facts.last_management_review_on),
        ):
            if day is not None and day > occurred_on:
                raise DatesOutOfOrderError(earlier_name=label, earlier=day,
                                           later_name="occurred_on", later=occurred_on)
        standard = clean_text(facts.standard, "standard", max_length=100)
        self._qms_facts_recorded(
            facts=QmsFacts(standard, facts.announced_on, facts.last_internal_audit_on,
                           facts.last_management_review_on),
            occurred_on=occurred_on,
        )

    @event(QmsFactsRecorded)
    def _qms_facts_recorded(self, facts: QmsFacts, occurred_on: date) -> None:
        self.qms = facts
        self.last_changed_on = occurred_on

    def dissolve(self, *, occurred_on: date, reason: str, successor_ids: list[UUID] | None = None) -> None:
        """The unit ends (merged, split or abolished); ``successor_ids`` carry on its work."""
        self._require_active()
        self._require_not_before_last_change(occurred_on)
        self._dissolved(successor_ids=list(successor_ids or []),
                        reason=clean_text(reason, "reason", multiline=True), occurred_on=occurred_on)

    @event(Dissolved)
    def _dissolved(self, successor_ids: list[UUID], reason: str, occurred_on: date) -> None:
        self.dissolved_on = occurred_on
        self.successor_ids = list(successor_ids)
        self.last_changed_on = occurred_on

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    def _require_active(self) -> None:
        if self.dissolved_on is not None:
            raise UnitDissolvedError(unit_id=self.id, dissolved_on=self.dissolved_on)

    def _require_not_before_last_change(self, day: date) -> None:
        if day < self.last_changed_on:
            raise DatesOutOfOrderError(earlier_name="last_change", earlier=self.last_changed_on,
                                       later_name="occurred_on", later=day)
