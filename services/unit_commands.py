"""Commands on units (inspected agencies)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from isotrail.domain.unit import QmsFacts, Unit
from isotrail.domain.values import UnitKind
from isotrail.services.application import Recorded, TenantApplicationBase
from isotrail.services.errors import AlreadyExistsError, UnitNotFoundError
from isotrail.services.permissions import Action, Caller


class UnitCommands(TenantApplicationBase):
    def get_unit(self, unit_id: UUID) -> Unit:
        """The unit as stored now."""
        return self._unit(unit_id, fresh=True)

    def _unit(self, unit_id: UUID, *, fresh: bool = False) -> Unit:
        return self._get(Unit, unit_id, lambda: UnitNotFoundError(unit_id=unit_id), fresh=fresh)

    def unit_id(self, code: str) -> UUID:
        """The id a unit with this code has (or would have) in this tenant."""
        return Unit.create_id(self.tenant, code)

    def register_unit(
        self,
        caller: Caller,
        *,
        code: str,
        name: str,
        kind: UnitKind,
        occurred_on: date,
        predecessor_ids: list[UUID] | None = None,
    ) -> Recorded:
        for predecessor_id in predecessor_ids or []:
            self._unit(predecessor_id)
        with self._acting(caller, Action.MANAGE_UNITS):
            unit = Unit.register(tenant=self.tenant, code=code, name=name, kind=kind,
                                 occurred_on=occurred_on, predecessor_ids=predecessor_ids)
        if self.exists(unit.id):
            raise AlreadyExistsError(what_vi="Đơn vị", what_en="Unit", key=unit.code)
        return self._save(unit)

    def rename_unit(
        self, caller: Caller, unit_id: UUID, *, name: str, occurred_on: date,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._update(caller, Action.MANAGE_UNITS, lambda: self._unit(unit_id),
                            lambda u: u.rename(name, occurred_on=occurred_on),
                            expected_version=expected_version)

    def reclassify_unit(
        self, caller: Caller, unit_id: UUID, *, kind: UnitKind, occurred_on: date,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._update(caller, Action.MANAGE_UNITS, lambda: self._unit(unit_id),
                            lambda u: u.reclassify(kind, occurred_on=occurred_on),
                            expected_version=expected_version)

    def record_qms_facts(
        self, caller: Caller, unit_id: UUID, *, facts: QmsFacts, occurred_on: date,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._update(caller, Action.RECORD_QMS_FACTS, lambda: self._unit(unit_id),
                            lambda u: u.record_qms_facts(facts, occurred_on=occurred_on),
                            expected_version=expected_version, unit_of=lambda u: u.id)

    def dissolve_unit(
        self, caller: Caller, unit_id: UUID, *, reason: str, occurred_on: date,
        successor_ids: list[UUID] | None = None, expected_version: int | None = None,
    ) -> Recorded:
        for successor_id in successor_ids or []:
            self._unit(successor_id)
        return self._update(
            caller, Action.MANAGE_UNITS, lambda: self._unit(unit_id),
            lambda u: u.dissolve(occurred_on=occurred_on, reason=reason, successor_ids=successor_ids),
            expected_version=expected_version,
        )
