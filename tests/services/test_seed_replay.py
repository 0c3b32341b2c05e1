"""The 2020 Sóc Trăng programme, replayed through the commands: the article's figures, event by event."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

import pytest

from isotrail.services.catalogues import load_catalogue
from isotrail.services.demo import load_seed, replay_seed
from isotrail.services.figures import programme_figures
from isotrail.services.tenant_application import TenantApplication


@pytest.fixture(scope="module")
def seed() -> dict:
    return load_seed()


def _event_counts(app: TenantApplication) -> Counter[str]:
    counts: Counter[str] = Counter()
    start = 1
    while batch := app.recorder.select_notifications(start=start, limit=1000):
        counts.update(n.topic.rsplit(".", 1)[1] for n in batch)
        start = batch[-1].id + 1
    return counts


def test_the_seed_is_the_article_programme(seed: dict) -> None:
    units = seed["units"]
    assert len(units) == 78
    assert len({u["code"] for u in units}) == 78
    assert sum(u["joint"] for u in units) == 4
    assert sum(1 for u in units if u.get("findings")) == 27
    assert sum(1 for u in units if u.get("report_received_on")) == 27
    assert "MINH HỌA" in seed["note_vi"] and "ILLUSTRATIVE" in seed["note_en"]
    findings = Counter(clause for u in units for clause in u.get("findings", []))
    top_three = {clause for clause, _ in findings.most_common(3)}
    assert top_three == {"6.2", "7.5", "9.2"}  # the article's weaknesses


def test_a_re_announcement_finding_is_filed_under_the_re_announcement_item(seed: dict) -> None:
    catalogue = load_catalogue(seed["programme"]["catalogue_version"])
    by_text = {clause: text for clause, text in seed["finding_texts"].items() if "công bố lại" in text}
    assert by_text and all(seed["finding_to_item"][clause] == "qd19.reannouncement" for clause in by_text)
    assert "thu hẹp" in catalogue.require("qd19.reannouncement").title_vi  # widened or narrowed
    filed = {clause for unit in seed["units"] for clause in unit.get("findings", [])}
    assert filed <= set(seed["finding_texts"]) and "qd19.announcement" not in filed


def test_the_note_says_what_is_real_and_what_is_illustrative(seed: dict) -> None:
    for figure in ("35/KH-UBND", "78", "04", "78/78", "27/78", "27/27"):
        assert figure in seed["note_vi"]
    assert "không liệt kê 78 đơn vị" in seed["note_vi"] and "MINH HỌA" in seed["note_vi"]
    assert "does not list the 78 agencies" in seed["note_en"]
    assert "tên thật" not in seed["note_vi"] and "are real" not in seed["note_en"]


def test_a_joint_inspection_s_team_has_the_department_of_home_affairs_inspector(seed: dict) -> None:
    home_affairs = {m["name"] for m in seed["programme"]["team"] if m["organisation"].startswith("Sở Nội vụ")}
    joint = [unit for unit in seed["units"] if unit["joint"]]
    assert len(joint) == 4 and home_affairs
    assert all(home_affairs & set(unit["inspectors"]) for unit in joint)
    assert all(len(unit["inspectors"]) > 1 for unit in joint)  # with the standards sub-department's team


def test_replaying_the_seed_stores_the_programme_event_by_event(app: TenantApplication, seed: dict) -> None:
    replay = replay_seed(app, seed)
    units = seed["units"]
    with_findings = [u for u in units if u.get("findings")]
    expected = {
        "Registered": 78, "Drafted": 1, "UnitAddedToScope": 78,
        "TeamMemberAssigned": len(seed["programme"]["team"]), "ScheduleSet": 1, "Approved": 1,
        "Scheduled": 78, "ReportRequested": 78, "DecisionIssued": 78, "OpeningMeetingHeld": 78,
        "Conducted": 78, "ItemAssessed": 78 * len(seed["assessed_items"]),
        "NonconformityRaised": sum(len(u["findings"]) for u in with_findings), "MinutesSigned": 78,
        "CorrectiveActionReportReceived": 27,
        "RecommendationRecorded": sum(1 for u in units if u.get("recommendation")),
        "ResultsCompiled": 1, "ResultsReported": 1,
    }
    assert _event_counts(app) == Counter(expected)
    assert replay.total == sum(expected.values())

    programme_id = app.programme_id(seed["programme"]["code"])
    figures = programme_figures(app, programme_id)
    assert (figures.inspected, figures.units_in_scope) == (78, 78)
    assert figures.with_nonconformities == 27
    assert figures.reports_received == 27
    programme = app.get_programme(programme_id)
    assert programme.joint_count == 4
    assert programme.plan_number == "35/KH-UBND"
    assert programme.standard == "TCVN ISO 9001:2015"
    assert programme.status.value == "reported"
    compiled = next(e for e in app.repository.event_store.get(programme_id) if type(e).__name__ == "ResultsCompiled")
    assert (compiled.figures.inspected, compiled.figures.units_in_scope) == (78, 78)  # counted, as the article says
    assert (compiled.figures.units_with_nonconformities, compiled.figures.units_reported) == (27, 27)
    _no_agency_inspected_by_its_own_staff(app, programme_id, seed)
    _each_visit_under_its_decision_led_by_who_signs_the_minutes(app, programme_id, seed)


def _decision_team(app: TenantApplication, inspection_id: UUID) -> dict[str, str]:
    [issued] = [e for e in app.repository.event_store.get(inspection_id) if type(e).__name__ == "DecisionIssued"]
    return {member.name: str(member.role) for member in issued.team}


def _each_visit_under_its_decision_led_by_who_signs_the_minutes(
        app: TenantApplication, programme_id: UUID, seed: dict) -> None:
    """The story as the Circular tells it: the letter asking for a report, the decision (Mẫu 20) naming the team
    that goes and its leader, the opening meeting announcing it, the minutes (Mẫu 21) signed by that leader and
    the unit's head; the Department of Home Affairs' member goes to the joint inspections only."""
    home_affairs = "Đại diện Sở Nội vụ"
    for unit in seed["units"]:
        inspection = app.get_inspection(app.inspection_id(programme_id, app.unit_id(unit["code"])))
        team = _decision_team(app, inspection.id)
        assert set(team) == set(inspection.inspectors), unit["code"]
        assert [name for name, role in team.items() if role == "team_leader"] == [inspection.team_leader]
        assert inspection.opened_on == inspection.conducted_on and inspection.decided_on < inspection.opened_on
        minutes = next(e for e in app.repository.event_store.get(inspection.id) if type(e).__name__ == "MinutesSigned")
        assert minutes.team_leader_signatory == inspection.team_leader and minutes.unit_signatory
        assert (home_affairs in team) == (unit["joint"] or unit["code"] == "SKHCN"), unit["code"]
        if unit["joint"]:
            assert team[home_affairs] == "member" and len(team) == 4


def _no_agency_inspected_by_its_own_staff(app: TenantApplication, programme_id: UUID, seed: dict) -> None:
    """Art. 40: every team member is qualified; the DOST (whose sub-department leads the team) and the
    Department of Home Affairs (which has a member on it) are inspected by others."""
    team = app.get_programme(programme_id).team
    assert all(m.degree and m.state_management_certificate and m.qms_auditor_certificate
               and m.years_of_service is not None for m in team)
    own_staff_by_unit = {}
    for unit in seed["units"]:
        inspection = app.get_inspection(app.inspection_id(programme_id, app.unit_id(unit["code"])))
        assert not set(inspection.inspectors) & set(inspection.own_staff), unit["code"]
        own_staff_by_unit[unit["code"]] = len(inspection.own_staff)
    assert own_staff_by_unit["SKHCN"] == 3 and own_staff_by_unit["SNV"] == 1
    assert sum(own_staff_by_unit.values()) == len(team)


def test_replaying_twice_stores_nothing_twice(app: TenantApplication, seed: dict) -> None:
    replay_seed(app, seed)
    before = app.recorder.max_notification_id()
    again = replay_seed(app, seed)
    assert again.total == 0
    assert app.recorder.max_notification_id() == before


def test_the_story_past_2020_says_what_is_real_and_marks_what_is_illustrative() -> None:
    from isotrail.services.demo_merger import load_story

    story = load_story()
    assert "202/2025/QH15" in story["note_vi"] and "MINH HỌA" in story["note_vi"]
    assert "ILLUSTRATIVE" in story["note_en"] and story["merger"]["effective_on"] == "2025-07-01"
    assert story["registers"]["illustrative"] and story["programme"]["illustrative"]
    assert story["carry_over"]["illustrative"]
    for reorganisation in story["reorganisations"]:
        assert isinstance(reorganisation["illustrative"], bool)
        assert not reorganisation["illustrative"] or reorganisation["illustrative_part"]
        assert "minh họa" in reorganisation["decision"]["number"] or not reorganisation["illustrative"] or (
            "rows" in reorganisation and all("minh họa" in row.get("new_name", "minh họa")
                                             for row in reorganisation["rows"]))
