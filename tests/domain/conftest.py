"""Pure, in-memory fixtures for the domain tests: no database, no application, no mocks.

Every test runs inside ``recording_as(META)`` so that aggregates can stamp their events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_decision import DecisionTeamMember, TeamRole
from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.roles import Role
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import UnitKind
from isotrail.services.catalogues import load_catalogue

META = EventMeta("actor-1", Role.INSPECTOR, "tenant1", "corr-1")
CATALOGUE_2015 = "tt26-2014+iso9001-2015"
CATALOGUE_2008 = "tt26-2014+iso9001-2008"

# One plausible year of work, in order.
DRAFTED_ON = date(2020, 2, 20)
PLAN_DATE = date(2020, 3, 2)
APPROVED_ON = date(2020, 3, 5)
SCHEDULED_ON = date(2020, 5, 12)
CONDUCTED_ON = date(2020, 5, 12)
DECISION_TEAM = [DecisionTeamMember("Nguyễn Văn An", TeamRole.TEAM_LEADER),
                 DecisionTeamMember("Trần Thị Bình", TeamRole.SECRETARY)]
SIGNED_ON = date(2020, 5, 15)
DUE_ON = date(2020, 7, 15)  # SIGNED_ON + 2 calendar months
REPORTED_ON = date(2020, 7, 1)


@pytest.fixture(autouse=True)
def recording() -> Iterator[EventMeta]:
    with recording_as(META) as meta:
        yield meta


@pytest.fixture
def catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE_2015)


@pytest.fixture
def unit() -> Unit:
    return Unit.register(tenant="tenant1", code="SKHCN", name="Sở Khoa học và Công nghệ",
                         kind=UnitKind.PROVINCIAL_DEPARTMENT, occurred_on=date(2010, 1, 1))


def unit_ids(count: int) -> list[UUID]:
    return [Unit.create_id("tenant1", f"U{number:03}") for number in range(1, count + 1)]


def register_of(count: int, kind: UnitKind = UnitKind.PROVINCIAL_DEPARTMENT,
                registered_on: date = date(2010, 1, 1)) -> list[Unit]:
    """A register of ``count`` units of ``kind`` (bound to apply a QMS by default), named "Sở số 1"…, with the
    ids of :func:`unit_ids`."""
    return [Unit.register(tenant="tenant1", code=f"U{number:03}", name=f"Sở số {number}", kind=kind,
                          occurred_on=registered_on) for number in range(1, count + 1)]


@pytest.fixture
def draft() -> Callable[..., Programme]:
    """A fresh draft programme for 2020; keyword arguments override the defaults."""

    def make(**overrides: Any) -> Programme:
        arguments: dict[str, Any] = {
            "tenant": "tenant1",
            "code": "KH-2020",
            "year": 2020,
            "title": "Kế hoạch kiểm tra việc áp dụng HTQLCL năm 2020",
            "plan_number": "25/KH-SKHCN",
            "plan_date": PLAN_DATE,
            "legal_basis": ["Quyết định 19/2014/QĐ-TTg", "Thông tư 26/2014/TT-BKHCN"],
            "standard": "TCVN ISO 9001:2015",
            "catalogue_version": CATALOGUE_2015,
            "organiser": "Chi cục Tiêu chuẩn Đo lường Chất lượng",
            "occurred_on": DRAFTED_ON,
        }
        arguments.update(overrides)
        return Programme.draft(**arguments)

    return make


@pytest.fixture
def programme_with_scope(draft: Callable[..., Programme]) -> Callable[..., Programme]:
    """A draft whose scope has these forms, in order (unit ids from :func:`unit_ids`)."""

    def make(*forms: InspectionForm, **overrides: Any) -> Programme:
        programme = draft(**overrides)
        for unit_id, form in zip(unit_ids(len(forms)), forms, strict=True):
            programme.add_unit(unit_id, form, occurred_on=DRAFTED_ON)
        return programme

    return make


@pytest.fixture
def approved(programme_with_scope: Callable[..., Programme]) -> Programme:
    """Approved; unit 1 on site, unit 2 by dossier."""
    programme = programme_with_scope(InspectionForm.ON_SITE, InspectionForm.DOSSIER)
    programme.approve(approved_by="UBND tỉnh Sóc Trăng", occurred_on=APPROVED_ON, register=register_of(2))
    return programme


@pytest.fixture
def on_site(approved: Programme) -> Inspection:
    """Scheduled on site under its decision (Mẫu 20), not yet conducted."""
    inspection = approved.schedule_inspection(unit_ids(1)[0], scheduled_on=SCHEDULED_ON, occurred_on=APPROVED_ON)
    decide(inspection)
    return inspection


@pytest.fixture
def dossier(approved: Programme) -> Inspection:
    """Scheduled by dossier, not yet conducted."""
    return approved.schedule_inspection(unit_ids(2)[1], scheduled_on=SCHEDULED_ON,
                                        occurred_on=APPROVED_ON)


@pytest.fixture
def conducted(on_site: Inspection) -> Inspection:
    on_site.conduct(inspectors=["Nguyễn Văn An", "Trần Thị Bình"], occurred_on=CONDUCTED_ON)
    on_site.collect_events()
    return on_site


@pytest.fixture
def signed(conducted: Inspection, catalogue: Catalogue) -> tuple[Inspection, UUID]:
    """Conducted on site, one nonconformity raised, minutes signed, events collected."""
    nonconformity_id = raise_nc(conducted, catalogue)
    sign(conducted)
    conducted.collect_events()
    return conducted, nonconformity_id


def decide(inspection: Inspection, on: date = APPROVED_ON, team: list[DecisionTeamMember] | None = None) -> None:
    """Issue the inspection's decision (Mẫu 20) on ``on``, ``team`` (by default Nguyễn Văn An leading)."""
    inspection.issue_decision(decision_number="15/QĐ-SKHCN", signer="Giám đốc Sở Khoa học và Công nghệ",
                              team=DECISION_TEAM if team is None else team, scope="Duy trì, cải tiến HTQLCL",
                              starts_on=SCHEDULED_ON, ends_on=SCHEDULED_ON, occurred_on=on)


def raise_nc(inspection: Inspection, catalogue: Catalogue, item: str = "7.5") -> UUID:
    return inspection.raise_nonconformity(catalogue, item, "Chưa kiểm soát hồ sơ",
                                          occurred_on=CONDUCTED_ON)


def sign(inspection: Inspection, on: date = SIGNED_ON) -> None:
    inspection.sign_minutes(minutes_number="12/BB-ĐKT",
                            team_leader_signatory="Nguyễn Văn An", unit_signatory="Giám đốc", occurred_on=on)


def receive(
    inspection: Inspection, on: date = REPORTED_ON, ids: list[UUID] | None = None
) -> list[UUID]:
    return inspection.receive_corrective_action_report(
        reference="45/BC", summary="Đã khắc phục", occurred_on=on, nonconformity_ids=ids)
