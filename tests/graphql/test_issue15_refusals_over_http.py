"""The issue-15 mutations refused over real HTTP, each with a typed error whose ``field`` is the input's path to
the value at fault: a date before the one it must follow (the later date given), an id of another province or
of nothing (that id), a stale ``expectedVersion``; never a 500, nothing stored, and a Vietnamese message without
a uuid or an ISO date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from isotrail.domain.roles import Role
from isotrail.services.commands import ScheduleInspection
from isotrail.services.commands.handle import handle
from tests.builders import approved_programme, decide, fresh_tenant, register_unit

UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def mutate(api: str, token: str, name: str, given: dict[str, Any]) -> dict[str, Any]:
    query = (f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{ {name}(input: $input) {{ ok "
             "userErrors { code field messageVi messageEn } } }")
    response = httpx.post(f"{api}/graphql", json={"query": query, "variables": {"input": given}}, timeout=30,
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"][name]


@pytest.fixture
def provinces(registry, admin) -> Iterator[dict[str, Any]]:
    """Two provinces: the first with an approved plan and a scheduled on-site inspection with its decision,
    the second with a plan, a unit and an inspection of its own."""
    with fresh_tenant(registry, "Tỉnh thứ nhất") as first, fresh_tenant(registry, "Tỉnh thứ hai") as second:
        with registry.application(first) as app:
            programme_id, units = approved_programme(app, admin, units=3)
            outside = register_unit(app, admin, "Sở ngoài kế hoạch")
            inspection_id = handle(app, admin, ScheduleInspection(
                programme_id=programme_id, unit_id=units[0], scheduled_on=date(2020, 6, 2),
                occurred_on=date(2020, 3, 5))).aggregate_id
            decide(app, admin, inspection_id)
        with registry.application(second) as other:
            other_programme, other_units = approved_programme(other, admin, units=1)
            other_inspection = handle(other, admin, ScheduleInspection(
                programme_id=other_programme, unit_id=other_units[0], scheduled_on=date(2020, 6, 2),
                occurred_on=date(2020, 3, 5))).aggregate_id
        yield {"slug": first, "programme": str(programme_id), "units": [str(u) for u in units],
               "outside": str(outside), "inspection": str(inspection_id), "other_programme": str(other_programme),
               "other_unit": str(other_units[0]), "other_inspection": str(other_inspection)}


def test_each_refusal_names_the_input_at_fault_and_stores_nothing(api: str, token, registry, provinces) -> None:
    p = provinces
    admin = token(p["slug"], Role.TENANT_ADMIN)
    opening = {"inspectionId": p["inspection"], "agenda": ["Công bố quyết định"], "occurredOn": "2020-06-02"}
    letter = {"inspectionId": p["inspection"], "letterNumber": "95/SKHCN-TĐC", "reportDueOn": "2020-05-30",
              "occurredOn": "2020-05-10"}
    ad_hoc = {"programmeId": p["programme"], "unitId": p["outside"], "form": "ON_SITE", "reason": "Khiếu nại",
              "decisionNumber": "20/QĐ-SKHCN", "scheduledOn": "2020-08-01", "occurredOn": "2020-07-20"}
    report = {"programmeId": p["programme"], "reportNumber": "140/BC-SKHCN", "signer": "Giám đốc",
              "recipient": "Ủy ban nhân dân tỉnh", "subject": "Báo cáo", "reason": "Yêu cầu",
              "occurredOn": "2020-07-01"}
    share = {"unitId": p["units"][2], "hostUnitId": p["units"][1], "occurredOn": "2020-07-01"}
    cases = [
        ("requestUnitReport", {**letter, "reportDueOn": "2020-05-01"}, "DATES_OUT_OF_ORDER", ["input", "reportDueOn"]),
        ("holdOpeningMeeting", {**opening, "occurredOn": "2020-01-02"}, "DATES_OUT_OF_ORDER", ["input", "occurredOn"]),
        ("scheduleAdHocInspection", {**ad_hoc, "scheduledOn": "2019-01-01"}, "DATES_OUT_OF_ORDER",
         ["input", "scheduledOn"]),
        ("sendImmediateReport", {**report, "occurredOn": "2020-01-01"}, "DATES_OUT_OF_ORDER", ["input", "occurredOn"]),
        ("scheduleAdHocInspection", {**ad_hoc, "unitId": p["units"][1]}, "DUPLICATE_UNIT_IN_SCOPE",
         ["input", "unitId"]),
        ("holdOpeningMeeting", {**opening, "inspectionId": p["other_inspection"]}, "INSPECTION_NOT_FOUND",
         ["input", "inspectionId"]),
        ("sendImmediateReport", {**report, "programmeId": p["other_programme"]}, "PROGRAMME_NOT_FOUND",
         ["input", "programmeId"]),
        ("scheduleAdHocInspection", {**ad_hoc, "unitId": p["other_unit"]}, "UNIT_NOT_FOUND", ["input", "unitId"]),
        ("shareQms", {**share, "hostUnitId": p["other_unit"]}, "UNIT_NOT_FOUND", ["input", "hostUnitId"]),
        ("shareQms", {**share, "expectedVersion": 7}, "STALE_VERSION", ["input", "expectedVersion"]),
        ("approveProgramme", {"programmeId": p["programme"], "approvedBy": "UBND tỉnh", "occurredOn": "2020-03-05",
                              "acknowledgedMissingUnits": [{"unitId": p["other_unit"], "reason": "Không rõ"}]},
         None, None),  # its own refusal comes first (already approved): any typed one, never a 500
    ]
    with registry.application(p["slug"]) as app:
        before = app.recorder.max_notification_id()
    for name, given, code, field in cases:
        answer = mutate(api, admin, name, given)
        assert answer["ok"] is False, (name, given)
        [error] = answer["userErrors"]
        if code is not None:
            assert (error["code"], error["field"]) == (code, field), (name, error)
        assert not UUID_PATTERN.search(error["messageVi"]) and not ISO_DATE.search(error["messageVi"]), error
        assert error["messageEn"]
    with registry.application(p["slug"]) as app:
        assert app.recorder.max_notification_id() == before
