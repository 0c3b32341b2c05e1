"""graphql/examples/programme/ is a whole yearly programme as each role sends it: the documents run in their
order, over HTTP, in a fresh tenant, each with a token of the role its file name begins with, the ids it
needs taken from the answers before it (as a client would keep them). Every mutation must be stored with no
user error, and the queries must read back what the mutations did."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from graphql import OperationDefinitionNode, OperationType, parse

from isotrail.domain.roles import Role
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant

FOLDER = Path(__file__).resolve().parents[2] / "graphql" / "examples" / "programme"
ROLES = sorted((role.value for role in Role if role is not Role.SYSTEM), key=len, reverse=True)

# Per step (its number): the variables it takes from what earlier answers gave, and what its answer gives
# (a name for later steps ← a path in its data).
TAKES: dict[str, dict[str, str]] = {
    "03": {"programmeId": "programmeId", "homeAffairsId": "homeAffairsId", "healthId": "healthId",
           "wardId": "wardId", "version": "programmeVersion"},
    "04": {"programmeId": "programmeId"},
    "05": {"programmeId": "programmeId", "homeAffairsId": "homeAffairsId", "healthId": "healthId",
           "wardId": "wardId"},
    "05a": {"homeAffairsInspectionId": "homeAffairsInspectionId", "healthInspectionId": "healthInspectionId"},
    "06": {"inspectionId": "homeAffairsInspectionId"},
    "07": {"inspectionId": "healthInspectionId"},
    "08": {"inspectionId": "wardInspectionId"},
    "09": {"inspectionId": "homeAffairsInspectionId"},
    "10": {"inspectionId": "homeAffairsInspectionId", "nonconformityId": "nonconformityId"},
    "11": {"programmeId": "programmeId"},
    "12": {"programmeId": "programmeId"},
    "13": {"programmeId": "programmeId", "homeAffairsId": "homeAffairsId"},
}
GIVES: dict[str, dict[str, str]] = {
    "01": {"homeAffairsId": "homeAffairs.aggregateId", "healthId": "health.aggregateId",
           "wardId": "ward.aggregateId"},
    "02": {"programmeId": "draftProgramme.aggregateId", "programmeVersion": "draftProgramme.version"},
    "05": {"homeAffairsInspectionId": "homeAffairs.aggregateId", "healthInspectionId": "health.aggregateId",
           "wardInspectionId": "ward.aggregateId"},
    "06": {"nonconformityId": "raiseNonconformity.entityId"},
}
UNIT_OF_REPRESENTATIVE = "homeAffairsId"  # the unit a unit representative's token carries


def _role(path: Path) -> Role:
    name = path.stem.split("_", 1)[1]
    return Role(next(role for role in ROLES if name.startswith(role + "_")))


def _at(data: dict[str, Any], path: str) -> Any:
    for key in path.split("."):
        data = data[key]
    return data


def test_the_example_programme_runs_role_by_role_over_http(
    api: str, registry: TenantRegistry, token: Callable[..., str],
) -> None:
    steps = sorted(FOLDER.glob("*.graphql"))
    assert len(steps) >= 15 and {_role(step) for step in steps} == {role for role in Role if role is not Role.SYSTEM}
    known: dict[str, Any] = {}
    answers: dict[str, dict[str, Any]] = {}
    with fresh_tenant(registry, "Thành phố Cần Thơ (ví dụ)") as tenant, \
            httpx.Client(base_url=api, timeout=30) as client:
        for step in steps:
            number, role, document = step.name.split("_", 1)[0], _role(step), step.read_text(encoding="utf-8")
            unit = {"unit_id": known[UNIT_OF_REPRESENTATIVE]} if role is Role.UNIT_REPRESENTATIVE else {}
            variables = {name: known[source] for name, source in TAKES.get(number, {}).items()}
            response = client.post("/graphql", json={"query": document, "variables": variables},
                                   headers={"Authorization": f"Bearer {token(tenant, role, **unit)}"})
            assert response.status_code == 200, (step.name, response.text)
            body = response.json()
            assert "errors" not in body, (step.name, body["errors"])
            [operation] = [d for d in parse(document).definitions if isinstance(d, OperationDefinitionNode)]
            if operation.operation is OperationType.MUTATION:
                for field, payload in body["data"].items():
                    assert payload["ok"] and payload["userErrors"] == [], (step.name, field, payload)
            answers[number] = body["data"]
            known.update({name: _at(body["data"], path) for name, path in GIVES.get(number, {}).items()})

    assert answers["03"]["setProgrammeSchedule"]["programme"]["version"] == known["programmeVersion"] + 6
    decision = answers["05a"]["homeAffairs"]["inspection"]["decision"]
    assert (decision["decisionNumber"], decision["team"][0]) == ("41/QĐ-SKHCN", {"name": "Nguyễn Văn An",
                                                                                "role": "TEAM_LEADER"})
    minutes = answers["06"]["signMinutes"]["inspection"]
    assert minutes["reportDueOn"] == "2026-07-12"  # two months after
    assert (minutes["teamLeaderSignatory"], minutes["unitSignatory"]) == ("Nguyễn Văn An", "Giám đốc Sở Nội vụ")
    assert answers["10"]["verifyCorrectiveAction"]["nonconformity"]["status"] == "VERIFIED"
    reported = answers["11"]["reportProgrammeResults"]["programme"]
    assert reported["status"] == "REPORTED"
    assert reported["summary"] == {"unitsInScope": 3, "inspected": 3, "unitsWithNonconformities": 2,
                                   "unitsReported": 1}

    dashboard = answers["12"]["programme"]
    assert dashboard["summary"]["onSite"] == 2 and dashboard["summary"]["dossier"] == 1
    by_unit = {inspection["unit"]["code"]: inspection for inspection in dashboard["inspections"]}
    assert by_unit["SNV-CT"]["nonconformities"] == [{"itemCode": "6.2", "clause": "6", "status": "VERIFIED",
                                                     "reportDueOn": "2026-07-12", "reports": [
                                                         {"reference": "45/BC-SNV", "receivedOn": "2026-07-01"}]}]
    assert by_unit["UBND-P-PHULOI"]["letterNumber"] == "215/TĐC-QLCL"
    assert by_unit["UBND-P-PHULOI"]["nonconformities"][0]["status"] == "OPEN"  # re-checked next year

    audit = answers["13"]
    assert [event["eventType"] for event in audit["history"]][-1] == "PROGRAMME_RESULTS_REPORTED"
    assert audit["beforeApproval"]["status"] == "DRAFT" and len(audit["beforeApproval"]["scope"]) == 3
    timeline = audit["timeline"]
    assert timeline["totalCount"] == len(timeline["edges"]) > 5
    assert {edge["node"]["role"] for edge in timeline["edges"]} >= {"INSPECTOR", "UNIT_REPRESENTATIVE"}

    own = answers["14"]["findings"]
    assert own["totalCount"] == 1 and own["nodes"][0]["unit"]["name"] == "Sở Nội vụ thành phố Cần Thơ"
    [province] = [row for row in answers["15"]["national"] if row["tenant"] == tenant.slug]
    assert (province["status"], province["inspected"], province["unitsWithNonconformities"]) == ("REPORTED", 3, 2)
