"""``mergeTenants`` refused after the successor would be made, or repeated otherwise than recorded (issue 17,
review): a refusal changes nothing — no successor is left behind —, and a repeat that names another effective date
or decision than the one recorded is refused rather than answered ``ok``, the record kept as it was."""

from __future__ import annotations

from typing import Any

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.tenants import TenantRegistry
from tests.builders import new_tenant_slug
from tests.graphql.test_merge_over_http import CAN_THO, MERGE, _errors, _input, provinces

__all__ = ["provinces"]  # the fixture


def test_a_merge_refused_for_a_predecessor_merged_elsewhere_leaves_no_successor_behind(
    graphql: Any, token: Any, registry: TenantRegistry, provinces: tuple[Tenant, Tenant, Tenant]
) -> None:
    soc_trang, hau_giang, can_tho = provinces
    ministry = token(soc_trang, Role.MINISTRY)
    assert graphql(MERGE, ministry, _input(can_tho, soc_trang, displayName=CAN_THO))["data"]["mergeTenants"]["ok"]
    other = Tenant(new_tenant_slug())
    try:
        body = graphql(MERGE, ministry, _input(other, hau_giang, soc_trang, displayName="Sở KH&CN khác"))
        assert _errors(body) == [("ALREADY_MERGED", ["input", "predecessors"])]
        assert other.slug not in {record.slug for record in registry.list()}
    finally:
        if other.slug in {record.slug for record in registry.list()}:
            registry.purge(other)


def test_a_repeat_naming_another_date_or_decision_is_refused_and_the_record_kept(
    graphql: Any, token: Any, registry: TenantRegistry, provinces: tuple[Tenant, Tenant, Tenant]
) -> None:
    soc_trang, _, can_tho = provinces
    ministry = token(soc_trang, Role.MINISTRY)
    given = _input(can_tho, soc_trang, displayName=CAN_THO, decisionNumber="202/2025/QH15", decisionDate="2025-06-12")
    assert graphql(MERGE, ministry, given)["data"]["mergeTenants"]["ok"]
    later = {"input": {**given["input"], "effectiveOn": "2026-01-01"}}
    other = {"input": {**given["input"], "decisionNumber": "999/2025/QH15"}}
    for repeat in (later, other):
        assert _errors(graphql(MERGE, ministry, repeat)) == [("MERGED_OTHERWISE", ["input", "predecessors"])]
    record = registry.get(soc_trang)
    assert (record.merged_on.isoformat(), record.merged_by[0]) == ("2025-07-01", "202/2025/QH15")  # type: ignore[union-attr]
    bare = {"input": {key: value for key, value in given["input"].items() if not key.startswith("decision")}}
    assert graphql(MERGE, ministry, bare)["data"]["mergeTenants"]["mergedNow"] == []  # the decision left out: confirmed


def test_a_merge_effective_after_today_is_refused(
    graphql: Any, token: Any, registry: TenantRegistry, provinces: tuple[Tenant, Tenant, Tenant]
) -> None:
    """It would freeze the predecessors now, and a repeat may not correct the date (MERGED_OTHERWISE)."""
    soc_trang, _, can_tho = provinces
    body = graphql(MERGE, token(soc_trang, Role.MINISTRY), {"input": {**_input(can_tho, soc_trang, displayName=CAN_THO)[
        "input"], "effectiveOn": "2999-07-01"}})
    assert _errors(body) == [("INVALID_VALUE", ["input", "effectiveOn"])]
    assert can_tho.slug not in {record.slug for record in registry.list()}
    assert registry.get(soc_trang).merged_into is None
