"""The permission table decides the reads as it decides the commands: who reads what, and in which words a
refused read is told."""

from __future__ import annotations

from uuid import uuid4

import pytest

from isotrail.domain.roles import Role
from isotrail.services.permission_errors import PermissionDeniedError
from isotrail.services.permissions import ALLOWED_ACTIONS, Action, Caller, authorize_read

TENANT_ROLES = [Role.SYSTEM, Role.TENANT_ADMIN, Role.INSPECTOR, Role.UNIT_REPRESENTATIVE, Role.AUDITOR, Role.VIEWER]


def _caller(role: Role) -> Caller:
    return Caller("someone", role, uuid4() if role is Role.UNIT_REPRESENTATIVE else None)


def _refusal(role: Role, action: Action) -> PermissionDeniedError | None:
    try:
        authorize_read(_caller(role), action)
    except PermissionDeniedError as refused:
        return refused
    return None


def test_the_table_names_every_role() -> None:
    assert set(ALLOWED_ACTIONS) == set(Role)


@pytest.mark.parametrize("role", TENANT_ROLES)
def test_every_tenant_role_reads_and_follows_its_tenant_and_none_reads_national_figures(role: Role) -> None:
    assert _refusal(role, Action.READ_TENANT) is None
    assert _refusal(role, Action.FOLLOW_EVENTS) is None
    refused = _refusal(role, Action.READ_NATIONAL)
    assert refused is not None and refused.code == "permission_denied"
    assert (refused.message_vi, refused.message_en) == (
        "Chỉ Bộ KH&CN được xem số liệu toàn quốc.", "Only the ministry reads national figures.")


def test_the_ministry_reads_national_figures_only() -> None:
    assert ALLOWED_ACTIONS[Role.MINISTRY] == {Action.READ_NATIONAL, Action.MERGE_TENANTS}  # and merges provinces
    refused = _refusal(Role.MINISTRY, Action.READ_TENANT)
    assert refused is not None and refused.code == "permission_denied"
    assert (refused.message_vi, refused.message_en) == (
        "Bộ KH&CN chỉ xem số liệu tổng hợp toàn quốc.", "The ministry reads national figures only.")
    followed = _refusal(Role.MINISTRY, Action.FOLLOW_EVENTS)
    assert followed is not None and followed.message_en == "Role ministry may not perform 'subscribe'."
    assert followed.message_vi == ("Vai trò «Bộ Khoa học và Công nghệ» không được phép thực hiện thao tác «Theo dõi sự "
                                   "kiện trực tiếp».")


def test_a_unit_representative_without_its_unit_reads_nothing() -> None:
    with pytest.raises(PermissionDeniedError):
        authorize_read(Caller("rep", Role.UNIT_REPRESENTATIVE, None), Action.READ_TENANT)


def test_only_the_ministry_and_the_system_role_merge_provinces() -> None:
    assert {role for role in Role if Action.MERGE_TENANTS in ALLOWED_ACTIONS[role]} == {Role.MINISTRY, Role.SYSTEM}
