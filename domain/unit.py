"""Unit: an inspected state agency (đơn vị, cơ quan hành chính nhà nước).

Agencies are renamed, merged, split and dissolved (most visibly on 1 Jul 2025, when the district
level was abolished), so a unit keeps its names over time and links to its predecessors and
successors; its past inspections stay attached to the identity it had then.

Over 300 lines: one aggregate per module (STYLE.md), and its events are the stored contract projections read.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.codes import clean_code
from isotrail.domain.identity import natural_id
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.qms_obligation import QmsObligation, qms_obligation
from isotrail.domain.text import clean_text
from isotrail.domain.unit_errors import (
    QmsAlreadySharedError,
    QmsNotSharedError,
    QmsShareChainError,
    QmsSharedByOthersError,
    QmsSharedWithItselfError,
    UnitAlreadyPredecessorError,
    UnitDissolvedError,
)
from isotrail.domain.unit_values import Decision, QmsFacts, UnitKind, ordering


class Unit(IsotrailAggregate):
    class_version = 2  # 2: qms_host_id, qms_sharer_ids (a shared QMS); snapshots of version 1 are upcast below

    # Lineage events (2: the decision that ordered them; their business date is the date it takes effect). Events
    # stored before carry none: upcast_v1_v2 says so, for the Application and the projections alike.
    class Registered(IsotrailAggregate.Created):
        class_version = 2
        tenant: str
        code: str
        name: str
        kind: str
        predecessor_ids: list[UUID]
        decision: Decision | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["decision"] = None

    class Renamed(IsotrailAggregate.Event):
        class_version = 2
        name: str
        decision: Decision | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["decision"] = None

    class Reclassified(IsotrailAggregate.Event):
        kind: str

    class QmsFactsRecorded(IsotrailAggregate.Event):
        facts: QmsFacts

    class Dissolved(IsotrailAggregate.Event):
        class_version = 2
        successor_ids: list[UUID]
        reason: str
        decision: Decision | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["decision"] = None

    class PredecessorsJoined(IsotrailAggregate.Event):  # an existing unit carries on others' duties (sáp nhập vào)
        predecessor_ids: list[UUID]
        decision: Decision | None = None

    class QmsShared(IsotrailAggregate.Event):
        host_id: UUID
        host_name: str

    class QmsSharingEnded(IsotrailAggregate.Event):
        host_id: UUID

    class QmsSharerJoined(IsotrailAggregate.Event):  # on the host: another unit applies its system
        sharer_id: UUID
        sharer_name: str

    class QmsSharerLeft(IsotrailAggregate.Event):  # on the host: that unit applies its own again
        sharer_id: UUID
        sharer_name: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, object]) -> None:
        """A snapshot taken before shared systems existed: the unit applied its own, and nobody shared it."""
        state["qms_host_id"] = None
        state["qms_sharer_ids"] = []

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
        decision: Decision | None = None,
    ) -> Unit:
        """A unit as it exists from ``occurred_on``, optionally formed from ``predecessor_ids`` by ``decision``."""
        return cls(
            tenant=tenant,
            code=clean_code(code, "code"),
            name=clean_text(name, "name", max_length=300),
            kind=UnitKind(kind),
            predecessor_ids=list(predecessor_ids or []),
            occurred_on=occurred_on,
            decision=ordering(decision),
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
        decision: Decision | None = None,
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
        self.qms_host_id: UUID | None = None  # the unit whose QMS it applies
        self.qms_sharer_ids: list[UUID] = []  # the units that apply its QMS
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

    def rename(self, name: str, *, occurred_on: date, decision: Decision | None = None) -> None:
        self._require_active()
        self._require_not_before_last_change(occurred_on)
        new_name = clean_text(name, "name", max_length=300)
        if new_name == self.name:
            raise InvalidValueError(field_name="name", reason_vi="trùng tên hiện tại",
                                    reason_en="equals the current name")
        self._renamed(name=new_name, occurred_on=occurred_on, decision=ordering(decision))

    @event(Renamed)
    def _renamed(self, name: str, occurred_on: date, decision: Decision | None = None) -> None:
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

    def qms_obligation_on(self, day: date) -> QmsObligation | None:
        """Whether it must apply a QMS on ``day`` (Decision 19/2014 Art. 2), by its kind; None: the law names no
        agency of its kind on that day (a district People's Committee from 1 Jul 2025)."""
        return qms_obligation(self.kind, day)

    def share_qms_of(self, host: Unit, *, occurred_on: date) -> None:
        """Apply ``host``'s quality management system as its own (áp dụng chung HTQLCL, Circular 26/2014 Art. 6:
        the People's Committee's Office with its Committee). Both record it (the host lists its sharers), so
        that sharing stays one step: the host applies its own system, and nobody applies this unit's."""
        self._require_active()
        self._require_not_before_last_change(occurred_on)
        if host.id == self.id:
            raise QmsSharedWithItselfError()
        if host.dissolved_on is not None and host.dissolved_on <= occurred_on:
            raise UnitDissolvedError(unit_id=host.id, dissolved_on=host.dissolved_on)
        if host.registered_on > occurred_on:
            raise DatesOutOfOrderError(earlier_name="host_registered_on", earlier=host.registered_on,
                                       later_name="occurred_on", later=occurred_on)
        if self.qms_host_id is not None:
            raise QmsAlreadySharedError()
        if host.qms_host_id is not None:
            raise QmsShareChainError(host_name=host.name)
        if self.qms_sharer_ids:
            raise QmsSharedByOthersError(sharers=len(self.qms_sharer_ids))
        self._qms_shared(host_id=host.id, host_name=host.name, occurred_on=occurred_on)
        host._qms_sharer_joined(sharer_id=self.id, sharer_name=self.name, occurred_on=occurred_on)

    @event(QmsShared)
    def _qms_shared(self, host_id: UUID, host_name: str, occurred_on: date) -> None:
        self.qms_host_id = host_id
        self.last_changed_on = occurred_on

    @event(QmsSharerJoined)
    def _qms_sharer_joined(self, sharer_id: UUID, sharer_name: str, occurred_on: date) -> None:
        self.qms_sharer_ids = [*self.qms_sharer_ids, sharer_id]  # the host's own dates are not its to order

    def stop_sharing_qms(self, host: Unit | None, *, occurred_on: date) -> None:
        """From ``occurred_on`` it applies a system of its own again (undoes :meth:`share_qms_of`); ``host``, the
        unit whose system it applied (dissolved since or not; None when it shares none), strikes it from its
        sharers."""
        self._require_active()
        self._require_not_before_last_change(occurred_on)
        if self.qms_host_id is None or host is None:
            raise QmsNotSharedError()
        if host.id != self.qms_host_id:
            raise ValueError(f"{host.id} is not the unit whose QMS {self.id} applies")  # a handler's mistake
        self._qms_sharing_ended(host_id=host.id, occurred_on=occurred_on)
        host._qms_sharer_left(sharer_id=self.id, sharer_name=self.name, occurred_on=occurred_on)

    @event(QmsSharingEnded)
    def _qms_sharing_ended(self, host_id: UUID, occurred_on: date) -> None:
        self.qms_host_id = None
        self.last_changed_on = occurred_on

    @event(QmsSharerLeft)
    def _qms_sharer_left(self, sharer_id: UUID, sharer_name: str, occurred_on: date) -> None:
        self.qms_sharer_ids = [unit_id for unit_id in self.qms_sharer_ids if unit_id != sharer_id]

    def dissolve(self, *, occurred_on: date, reason: str, successor_ids: list[UUID] | None = None,
                 decision: Decision | None = None) -> None:
        """The unit ends (merged, split or abolished) by ``decision``; ``successor_ids`` carry on its work."""
        self._require_active()
        self._require_not_before_last_change(occurred_on)
        self._dissolved(successor_ids=list(successor_ids or []), reason=clean_text(reason, "reason", multiline=True),
                        occurred_on=occurred_on, decision=ordering(decision))

    @event(Dissolved)
    def _dissolved(self, successor_ids: list[UUID], reason: str, occurred_on: date,
                   decision: Decision | None = None) -> None:
        self.dissolved_on = occurred_on
        self.successor_ids = list(successor_ids)
        self.last_changed_on = occurred_on

    def absorb(self, predecessor_ids: list[UUID], *, occurred_on: date, decision: Decision | None = None) -> None:
        """From ``occurred_on`` on, by ``decision``, the unit carries on the duties of ``predecessor_ids`` as well
        as its own (Cần Thơ's Sở Tư pháp continuing as the merged department): it keeps its id, they are
        dissolved into it."""
        self._require_active()
        self._require_not_before_last_change(occurred_on)
        joining = list(dict.fromkeys(predecessor_ids))
        for unit_id in joining:
            if unit_id == self.id or unit_id in self.predecessor_ids:
                raise UnitAlreadyPredecessorError(unit_id=unit_id)
        self._predecessors_joined(predecessor_ids=joining, occurred_on=occurred_on, decision=ordering(decision))

    @event(PredecessorsJoined)
    def _predecessors_joined(self, predecessor_ids: list[UUID], occurred_on: date,
                             decision: Decision | None = None) -> None:
        self.predecessor_ids = [*self.predecessor_ids, *predecessor_ids]
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

