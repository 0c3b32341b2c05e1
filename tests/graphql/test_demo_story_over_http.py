"""The demo's story past 2020 (services/demo_merger.py, services/demo_2026.py) read over HTTP from a Cần Thơ token: the
2026 programme lists the Sóc Trăng 2020 nonconformities carried over to it, each marked with its origin (province,
the agency's name then, the 2020 plan and minutes, clause, day raised) and its re-check; the inspection of the
successor department lists those it re-checked, and the one still nonconforming is a new finding naming its origin;
a Sóc Trăng 2020 unit's unitAsOf still replays; the story replayed again stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.services.commands import CarryOverNonconformity
from isotrail.services.demo_2026 import carried_over_figures, run_2026
from isotrail.services.demo_merger import Provinces, StoryReplay, load_story, merge_provinces
from isotrail.services.tenants import TenantRegistry
from tests.builders import seeded_tenant
from tests.graphql.http_commands import mutation_of
from tests.processes import wait_until

CARRIED = ("originTenant originUnitName originPlanNumber originYear originRecordNumber itemCode clause raisedOn "
           "carriedOverOn recheckUnitId recheckOutcome recheckedOn")
PROGRAMME = (f"query($id: UUID!) {{ programme(id: $id) {{ planNumber carriedOverNonconformities {{ {CARRIED} }} "
             f"inspections {{ unit {{ name }} carriedOverNonconformities {{ itemCode originUnitName }} "
             f"nonconformities {{ itemCode originNonconformityId }} }} }} }}")
UNIT_AS_OF = "query($id: UUID!) { unitAsOf(id: $id, asOfVersion: 1) { uuid name version } }"


@pytest.fixture(scope="module")
def story(registry: TenantRegistry, database_url: str) -> Iterator[tuple[Provinces, StoryReplay, Any]]:
    """The 2020 Sóc Trăng replay, then the story's 2025 merger and 2026 programme, the successors purged after."""
    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as soc_trang:
        provinces = Provinces.around(Tenant(soc_trang.slug), load_story())
        replay = StoryReplay(registry, provinces, load_story())
        try:
            merge_provinces(replay)
            programme_id = run_2026(replay)
            yield provinces, replay, programme_id
        finally:
            for tenant in (provinces.can_tho, provinces.hau_giang):
                registry.purge(tenant)


def test_a_can_tho_token_lists_the_carried_over_nonconformities_with_their_soc_trang_origin(
    graphql: Any, token: Any, story: tuple[Provinces, StoryReplay, Any]
) -> None:
    provinces, replay, programme_id = story
    viewer = token(provinces.can_tho, Role.VIEWER)

    def rechecked() -> dict | None:
        body = graphql(PROGRAMME, viewer, {"id": str(programme_id)})
        programme = body["data"]["programme"]
        carried = programme and programme["carriedOverNonconformities"]
        return programme if carried and all(row["recheckOutcome"] for row in carried) else None

    programme = wait_until(rechecked, "Cần Thơ's read models to fold the story", timeout=180)
    carried = programme["carriedOverNonconformities"]  # type: ignore[index]
    carry_over = replay.story["carry_over"]["from_units"]
    assert {row["originUnitName"] for row in carried} == {
        "Sở Nội vụ tỉnh Sóc Trăng", "Sở Lao động - Thương binh và Xã hội tỉnh Sóc Trăng",
        "Sở Khoa học và Công nghệ tỉnh Sóc Trăng"} and len(carry_over) == 3
    assert {(row["originTenant"], row["originPlanNumber"], row["originYear"]) for row in carried} == {
        (provinces.soc_trang.slug, "35/KH-UBND", 2020)}
    assert all(row["originRecordNumber"].endswith("/BB-ĐKT") and row["raisedOn"].startswith("2020-")
               for row in carried)
    assert sorted(row["recheckOutcome"] for row in carried).count("STILL_NONCONFORMING") == 1
    by_unit = {i["unit"]["name"]: i for i in programme["inspections"]}  # type: ignore[index]
    home_affairs = by_unit["Sở Nội vụ thành phố Cần Thơ"]
    assert len(home_affairs["carriedOverNonconformities"]) == 5
    assert [nc["itemCode"] for nc in home_affairs["nonconformities"] if nc["originNonconformityId"]] == ["9.2"]
    assert len(by_unit["Sở Khoa học và Công nghệ thành phố Cần Thơ"]["carriedOverNonconformities"]) == 2
    assert not by_unit.get("Sở Y tế thành phố Cần Thơ", {}).get("carriedOverNonconformities")


def test_a_soc_trang_2020_unit_still_replays_and_the_story_stores_nothing_twice(
    graphql: Any, token: Any, registry: TenantRegistry, story: tuple[Provinces, StoryReplay, Any]
) -> None:
    provinces, replay, programme_id = story
    home_affairs = Unit.create_id(provinces.soc_trang.slug, "SNV")
    as_of = graphql(UNIT_AS_OF, token(provinces.can_tho, Role.AUDITOR), {"id": str(home_affairs)})["data"]["unitAsOf"]
    assert as_of == {"uuid": str(home_affairs), "name": "Sở Nội vụ tỉnh Sóc Trăng", "version": 1}
    again = StoryReplay(registry, provinces, replay.story)
    merge_provinces(again)
    assert run_2026(again) == programme_id and again.total == 0
    names = {record.slug: record.display_name for record in registry.list()}
    with registry.application(provinces.can_tho, read_only=True) as app:
        figures = carried_over_figures(app, provinces, programme_id, replay.story, names)
    assert (figures.carried_over, figures.rechecked, figures.still_nonconforming) == (7, 7, 1)
    assert figures.from_tenants == ("Sở Khoa học và Công nghệ tỉnh Sóc Trăng",)


def test_over_http_a_carry_over_to_a_unit_that_succeeds_nothing_is_a_user_error_and_to_a_successors_successor_shows(
    graphql: Any, token: Any, story: tuple[Provinces, StoryReplay, Any]
) -> None:
    provinces, _, programme_id = story
    soc_trang, can_tho = provinces.soc_trang.slug, provinces.can_tho.slug
    st_programme = Programme.create_id(soc_trang, "2020")
    planning = Inspection.create_id(soc_trang, st_programme, Unit.create_id(soc_trang, "SKHDT"))  # merged twice
    admin = token(provinces.can_tho, Role.TENANT_ADMIN)
    with_report = graphql("query($id: UUID!) { inspection(id: $id) { nonconformities { uuid status } } }", admin,
                          {"id": str(planning)})["data"]["inspection"]["nonconformities"]
    [open_one] = [nc["uuid"] for nc in with_report if nc["status"] == "REPORTED"]

    def carry(to_unit: str) -> dict:
        name, document, variables = mutation_of(CarryOverNonconformity(
            inspection_id=planning, nonconformity_id=UUID(open_one), to_programme_id=programme_id,
            to_unit_id=Unit.create_id(can_tho, to_unit), occurred_on=date(2026, 3, 2)))
        return graphql(document, admin, variables)["data"][name]

    refused = carry("SYT")
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("NOT_A_SUCCESSOR_UNIT", ["input", "toUnitId"])] and not refused["ok"]
    assert carry("STC")["ok"]  # Sở KH&ĐT → Sở Tài chính Sóc Trăng (March) → Sở Tài chính Cần Thơ (July)
    finance = graphql(PROGRAMME, admin, {"id": str(programme_id)})["data"]["programme"]["carriedOverNonconformities"]
    assert [(row["originUnitName"], row["recheckOutcome"]) for row in finance
            if row["recheckUnitId"] == str(Unit.create_id(can_tho, "STC"))] == [
        ("Sở Kế hoạch và Đầu tư tỉnh Sóc Trăng", None)]
