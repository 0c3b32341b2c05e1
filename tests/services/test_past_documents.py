"""Documents as they stood on a past date, folded anew from the event store (projections/past_read_models.py): the
seed programme's register, minutes, November report and Phụ lục II on days of 2020, their figures counted here
from the seed's own events through the eventsourcing Application, not from the read models; the day after the last
event gives the live document itself; a day before the programme was drafted is refused saying so."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, timedelta

import pytest

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.errors import (
    DocumentHistoryTooLongError,
    DocumentNotAvailableError,
    InspectionDocumentNotAvailableError,
    RecordNotYetError,
)
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.projections import past_read_models
from isotrail.projections.document_sources import document, programme_documents
from isotrail.projections.pool import create_pool
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.rendering import FORMATS, render
from isotrail.services.tenants import TenantRegistry
from tests.services.conftest import SOC_TRANG

MID_2020 = date(2020, 7, 1)  # 42 of the 78 visits made (June), the rest in July


def _seed_events(registry: TenantRegistry, storage: Tenant) -> list:
    """Every domain event the tenant stores, read through its Application (not the read side's decoders)."""
    with registry.application(storage) as app:
        notifications = app.recorder.select_notifications(1, 1_000_000)
        return [app.mapper.to_domain_event(notification) for notification in notifications]


def _counted(events: list, as_of: date) -> Counter[str]:
    """How many of each event type happened on or before ``as_of``."""
    return Counter(type(event).__name__ for event in events if event.occurred_on <= as_of)


async def _with_conn(database_url: str, work):
    pool = await create_pool(database_url, max_size=1)
    try:
        async with pool.acquire() as conn:
            return await work(conn)
    finally:
        await pool.close()


def _document(database_url: str, storage: Tenant, kind: DocumentKind, as_of: date, unit: str | None = None):
    programme_id = Programme.create_id(storage, "2020")
    inspection_id = Inspection.create_id(storage, programme_id, Unit.create_id(storage, unit)) if unit else None
    return asyncio.run(_with_conn(database_url, lambda conn: document(
        conn, storage, kind, programme_id, tenant_name=SOC_TRANG, as_of=as_of, catalogue_of=load_catalogue,
        inspection_id=inspection_id)))


@pytest.fixture(scope="module")
def seed_events(registry: TenantRegistry, soc_trang: Tenant) -> list:
    return _seed_events(registry, soc_trang)


def test_the_register_on_a_mid_2020_day_holds_only_what_had_happened(database_url, soc_trang, seed_events) -> None:
    then = _counted(seed_events, MID_2020)
    register = _document(database_url, soc_trang, DocumentKind.FINDINGS_REGISTER, MID_2020)
    rows = register.body["rows"]
    assert len(rows) == then["NonconformityRaised"] < _counted(seed_events, date.today())[
        "NonconformityRaised"]
    reported = {row[1] for row in rows if row[8] > 0}  # units whose report had come by then
    assert sum(row[8] for row in rows) >= then["CorrectiveActionReportReceived"] > 0
    assert all(row[7] is None or row[7] <= MID_2020 for row in rows) and reported
    live = _document(database_url, soc_trang, DocumentKind.FINDINGS_REGISTER, MID_2020.replace(year=2021))
    assert len(live.body["rows"]) == 48  # the year's, for comparison


def test_the_whole_set_on_a_mid_2020_day_has_the_minutes_of_the_visits_made_by_then(database_url, soc_trang,
                                                                                     seed_events) -> None:
    then = _counted(seed_events, MID_2020)
    papers, refused = asyncio.run(_with_conn(database_url, lambda conn: programme_documents(
        conn, soc_trang, Programme.create_id(soc_trang, "2020"), tenant_name=SOC_TRANG, as_of=MID_2020,
        catalogue_of=load_catalogue)))
    kinds = Counter(paper.kind for paper in papers)
    assert kinds[DocumentKind.INSPECTION_MINUTES] == then["MinutesSigned"] < 78
    assert kinds[DocumentKind.INSPECTION_DECISION] == then["DecisionIssued"]
    minutes = [p for p in papers if p.kind is DocumentKind.INSPECTION_MINUTES]
    assert sum(m.body["nonconformities"] for m in minutes) == then["NonconformityRaised"]
    assert {type(error) for error in refused} == {DocumentNotAvailableError, InspectionDocumentNotAvailableError}
    assert DocumentKind.RESULTS_REPORT not in kinds and DocumentKind.MINISTRY_REPORT not in kinds  # November's


def test_a_visit_s_minutes_exist_from_its_day_on(database_url, soc_trang, seed_events) -> None:
    programme_id = Programme.create_id(soc_trang, "2020")
    inspection_id = Inspection.create_id(soc_trang, programme_id, Unit.create_id(soc_trang, "SNV"))
    day = next(event.occurred_on for event in seed_events
               if type(event).__name__ == "Conducted" and event.originator_id == inspection_id)
    with pytest.raises(InspectionDocumentNotAvailableError):
        _document(database_url, soc_trang, DocumentKind.INSPECTION_MINUTES, day - timedelta(days=1), "SNV")
    on_the_day = _document(database_url, soc_trang, DocumentKind.INSPECTION_MINUTES, day, "SNV")
    assert on_the_day == _document(database_url, soc_trang, DocumentKind.INSPECTION_MINUTES, date.today(), "SNV")


def test_the_year_s_reports_appear_on_their_own_days(database_url, soc_trang, seed_events) -> None:
    compiled = next(e.occurred_on for e in seed_events if type(e).__name__ == "ResultsCompiled")
    reported = next(e.occurred_on for e in seed_events if type(e).__name__ == "ResultsReported")
    with pytest.raises(DocumentNotAvailableError, match="not compiled yet"):
        _document(database_url, soc_trang, DocumentKind.RESULTS_REPORT, MID_2020)
    november = _document(database_url, soc_trang, DocumentKind.RESULTS_REPORT, compiled)
    assert november == _document(database_url, soc_trang, DocumentKind.RESULTS_REPORT, date.today())
    with pytest.raises(DocumentNotAvailableError):
        _document(database_url, soc_trang, DocumentKind.MINISTRY_REPORT, reported - timedelta(days=1))
    annex = _document(database_url, soc_trang, DocumentKind.MINISTRY_REPORT, reported)
    assert annex == _document(database_url, soc_trang, DocumentKind.MINISTRY_REPORT, date.today())


@pytest.mark.parametrize("kind", [DocumentKind.INSPECTION_PLAN, DocumentKind.RESULTS_REPORT,
                                  DocumentKind.MINISTRY_REPORT, DocumentKind.FINDINGS_REGISTER])
def test_folded_anew_after_the_last_event_a_document_is_the_live_one(database_url, soc_trang, seed_events, kind,
                                                                      monkeypatch) -> None:
    last = max(event.occurred_on for event in seed_events)
    live = _document(database_url, soc_trang, kind, last)  # nothing dated after it: the live read models
    monkeypatch.setattr(past_read_models, "_dated_after", lambda events, as_of: True)  # fold all the same
    folded = _document(database_url, soc_trang, kind, last)
    assert folded == live
    first_format = FORMATS[kind][0]
    assert render(folded, first_format).sha256 == render(live, first_format).sha256


def test_folded_anew_a_visit_s_papers_are_the_live_ones(database_url, soc_trang, seed_events, monkeypatch) -> None:
    last = max(event.occurred_on for event in seed_events)
    live = [_document(database_url, soc_trang, kind, last, "SNV")
            for kind in (DocumentKind.INSPECTION_DECISION, DocumentKind.INSPECTION_MINUTES)]
    monkeypatch.setattr(past_read_models, "_dated_after", lambda events, as_of: True)
    assert [_document(database_url, soc_trang, kind, last, "SNV")
            for kind in (DocumentKind.INSPECTION_DECISION, DocumentKind.INSPECTION_MINUTES)] == live


def test_before_the_programme_was_drafted_it_is_refused_saying_what_is_missing(database_url, soc_trang) -> None:
    with pytest.raises(RecordNotYetError) as refused:
        _document(database_url, soc_trang, DocumentKind.INSPECTION_PLAN, date(2019, 12, 31))
    assert refused.value.code == "document_not_available" and refused.value.field == "asOf"
    assert refused.value.message_vi == ("Chưa thể lập văn bản tính đến ngày 31/12/2019: khi đó kế hoạch kiểm tra năm "
                                        "2020 chưa được ghi nhận.")


def test_a_history_too_long_to_fold_is_refused(database_url, soc_trang, monkeypatch) -> None:
    monkeypatch.setattr(past_read_models, "MAX_PAST_EVENTS", 100)
    with pytest.raises(DocumentHistoryTooLongError) as refused:
        _document(database_url, soc_trang, DocumentKind.FINDINGS_REGISTER, MID_2020)
    assert refused.value.code == "document_history_too_long" and refused.value.limit == 100


def test_one_connection_folds_one_day_after_another(database_url, soc_trang, seed_events) -> None:
    programme_id, june = Programme.create_id(soc_trang, "2020"), date(2020, 6, 15)

    async def both(conn):
        return [len((await document(conn, soc_trang, DocumentKind.FINDINGS_REGISTER, programme_id,
                                    tenant_name=SOC_TRANG, as_of=day, catalogue_of=load_catalogue)).body["rows"])
                for day in (MID_2020, june, MID_2020)]

    rows = asyncio.run(_with_conn(database_url, both))
    counted = [_counted(seed_events, day)["NonconformityRaised"] for day in (MID_2020, june, MID_2020)]
    assert rows == counted and counted[1] < counted[0]


def test_the_cli_writes_a_document_as_of_a_past_date(database_url, soc_trang, seed_events, tmp_path) -> None:
    from openpyxl import load_workbook

    from tests.services.test_cli import _run

    done = _run(database_url, "report", "findings-register", "--tenant", soc_trang, "--programme", "2020",
                "--format", "xlsx", "--as-of", MID_2020.isoformat(), "--out", tmp_path / "register.xlsx")
    assert done.returncode == 0, done.stderr
    rows = list(load_workbook(tmp_path / "register.xlsx").active.iter_rows(min_row=5, values_only=True))
    assert len(rows) == _counted(seed_events, MID_2020)["NonconformityRaised"]
    later = _run(database_url, "report", "findings-register", "--tenant", soc_trang, "--programme", "2020",
                 "--format", "xlsx", "--as-of", "2999-01-01", "--out", tmp_path / "later.xlsx")
    assert later.returncode == 2 and "--as-of" in later.stderr
