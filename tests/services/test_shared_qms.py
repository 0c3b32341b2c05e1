"""ShareQms and StopSharingQms through a tenant's Application on real PostgreSQL (Circular 26/2014 Art. 6)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from isotrail.domain.roles import Role
from isotrail.domain.unit_errors import (
    QmsNotSharedError,
    QmsShareChainError,
    QmsSharedByOthersError,
    QmsSharedWithItselfError,
    UnitDissolvedError,
)
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import DissolveUnit, RegisterUnit, ShareQms, StopSharingQms
from isotrail.services.commands.handle import handle
from isotrail.services.not_found_errors import UnitNotFoundError
from isotrail.services.permission_errors import PermissionDeniedError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import unit_code

SHARED_ON = date(2020, 3, 1)


def register(app: TenantApplication, caller: Caller, name: str, kind: UnitKind) -> UUID:
    return handle(app, caller, RegisterUnit(code=unit_code(), name=name, kind=kind,
                                            occurred_on=date(2020, 1, 2))).aggregate_id


def committee_and_office(app: TenantApplication, caller: Caller) -> tuple[UUID, UUID]:
    return (register(app, caller, "Ủy ban nhân dân tỉnh Sóc Trăng", UnitKind.PROVINCIAL_COMMITTEE),
            register(app, caller, "Văn phòng UBND tỉnh Sóc Trăng", UnitKind.PROVINCIAL_COMMITTEE_OFFICE))


def test_share_qms_records_that_the_office_applies_the_committee_s_system(
        app: TenantApplication, admin: Caller) -> None:
    committee_id, office_id = committee_and_office(app, admin)
    recorded = handle(app, admin, ShareQms(unit_id=office_id, host_unit_id=committee_id, occurred_on=SHARED_ON,
                                           expected_version=1))
    assert (recorded.aggregate_id, recorded.version) == (office_id, 2)
    assert app.get_unit(office_id).qms_host_id == committee_id
    committee = app.get_unit(committee_id)  # the host lists its sharer, in the same transaction
    assert (committee.version, committee.qms_sharer_ids) == (2, [office_id])
    topics = [n.topic.rsplit(".", 1)[1] for n in app.recorder.select_notifications(start=1, limit=10)]
    assert topics[-2:] == ["QmsShared", "QmsSharerJoined"]
    assert recorded.notification_id == app.recorder.max_notification_id()  # a mutation waits for both


def test_share_qms_of_an_unregistered_unit_is_unit_not_found(app: TenantApplication, admin: Caller) -> None:
    _committee_id, office_id = committee_and_office(app, admin)
    with pytest.raises(UnitNotFoundError):
        handle(app, admin, ShareQms(unit_id=office_id, host_unit_id=uuid4(), occurred_on=SHARED_ON))


def test_share_qms_with_itself_is_refused_and_nothing_is_stored(app: TenantApplication, admin: Caller) -> None:
    _committee_id, office_id = committee_and_office(app, admin)
    with pytest.raises(QmsSharedWithItselfError):
        handle(app, admin, ShareQms(unit_id=office_id, host_unit_id=office_id, occurred_on=SHARED_ON))
    assert app.get_unit(office_id).version == 1


def test_share_qms_reads_the_host_as_stored_so_a_chain_made_by_another_process_is_refused(
        two_processes: tuple[TenantApplication, TenantApplication], admin: Caller) -> None:
    mine, theirs = two_processes
    committee_id, office_id = committee_and_office(mine, admin)
    third_id = register(mine, admin, "Trung tâm Phục vụ hành chính công", UnitKind.PUBLIC_SERVICE_UNIT)
    assert theirs.get_unit(office_id).qms_host_id is None  # the other process caches the office before it shares
    handle(mine, admin, ShareQms(unit_id=office_id, host_unit_id=committee_id, occurred_on=SHARED_ON))
    with pytest.raises(QmsShareChainError):
        handle(theirs, admin, ShareQms(unit_id=third_id, host_unit_id=office_id, occurred_on=SHARED_ON))


def test_a_unit_whose_qms_another_process_just_let_be_shared_cannot_share_another_s(
        two_processes: tuple[TenantApplication, TenantApplication], admin: Caller) -> None:
    mine, theirs = two_processes
    committee_id, office_id = committee_and_office(mine, admin)
    other_id = register(mine, admin, "Sở Nội vụ", UnitKind.PROVINCIAL_DEPARTMENT)
    assert theirs.get_unit(committee_id).qms_sharer_ids == []  # cached there before the office shares it
    handle(mine, admin, ShareQms(unit_id=office_id, host_unit_id=committee_id, occurred_on=SHARED_ON))
    with pytest.raises(QmsSharedByOthersError):  # the conflict on the committee's version, then its stored state
        handle(theirs, admin, ShareQms(unit_id=committee_id, host_unit_id=other_id, occurred_on=SHARED_ON))
    assert mine.get_unit(committee_id).qms_host_id is None


def test_share_qms_of_a_dissolved_host_is_refused(app: TenantApplication, admin: Caller) -> None:
    committee_id, office_id = committee_and_office(app, admin)
    handle(app, admin, DissolveUnit(unit_id=committee_id, reason="Hợp nhất tỉnh", occurred_on=date(2020, 2, 1)))
    with pytest.raises(UnitDissolvedError) as raised:
        handle(app, admin, ShareQms(unit_id=office_id, host_unit_id=committee_id, occurred_on=SHARED_ON))
    assert raised.value.unit_id == committee_id


def test_stop_sharing_qms_makes_the_unit_apply_its_own_again(app: TenantApplication, admin: Caller) -> None:
    committee_id, office_id = committee_and_office(app, admin)
    handle(app, admin, ShareQms(unit_id=office_id, host_unit_id=committee_id, occurred_on=SHARED_ON))
    handle(app, admin, StopSharingQms(unit_id=office_id, occurred_on=date(2021, 1, 1), expected_version=2))
    assert app.get_unit(office_id).qms_host_id is None
    assert app.get_unit(committee_id).qms_sharer_ids == []
    with pytest.raises(QmsNotSharedError):
        handle(app, admin, StopSharingQms(unit_id=office_id, occurred_on=date(2021, 1, 2)))


@pytest.mark.parametrize("role", [Role.UNIT_REPRESENTATIVE, Role.VIEWER])
def test_only_those_who_manage_units_may_share_a_qms(app: TenantApplication, admin: Caller, role: Role) -> None:
    committee_id, office_id = committee_and_office(app, admin)
    caller = Caller("someone", role, unit_id=office_id if role == Role.UNIT_REPRESENTATIVE else None)
    with pytest.raises(PermissionDeniedError):
        handle(app, caller, ShareQms(unit_id=office_id, host_unit_id=committee_id, occurred_on=SHARED_ON))
    with pytest.raises(PermissionDeniedError):
        handle(app, caller, StopSharingQms(unit_id=office_id, occurred_on=SHARED_ON))
