"""A record dated after today is no part of today's document: a paper asked for as of a day prints what was dated
by then (projections/past_read_models.py), and "today" is such a day too — the live read models, which already
hold a decision dated next week, are not what today's document says. Asked again next week, it is there. A history
too long to fold still has today's document: the live read models' (a fold is refused only for a past day)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.errors import DocumentHistoryTooLongError, DocumentNotAvailableError
from isotrail.projections import past_read_models
from isotrail.projections.document_sources import document
from isotrail.projections.pool import create_pool
from isotrail.services.catalogues import load_catalogue
from isotrail.services.commands import ScheduleInspection
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import PLAN_DATE, approved_programme, decide, fresh_tenant, project_all


async def _decision(database_url: str, storage, programme_id, inspection_id, as_of: date):
    pool = await create_pool(database_url, max_size=1)
    try:
        async with pool.acquire() as conn:
            return await document(conn, storage, DocumentKind.INSPECTION_DECISION, programme_id,
                                  tenant_name="Tỉnh thử nghiệm", as_of=as_of, catalogue_of=load_catalogue,
                                  inspection_id=inspection_id)
    finally:
        await pool.close()


def test_a_decision_dated_next_week_is_not_today_s(registry: TenantRegistry, database_url: str,
                                                    admin: Caller) -> None:
    today = date.today()
    with fresh_tenant(registry) as storage:
        with registry.application(storage) as app:
            programme_id, units = approved_programme(app, admin, units=1)
            inspection_id = handle(app, admin, ScheduleInspection(
                programme_id=programme_id, unit_id=units[0], scheduled_on=today + timedelta(days=7),
                occurred_on=PLAN_DATE)).aggregate_id
            decide(app, admin, inspection_id, on=today + timedelta(days=7))
        project_all(database_url, storage)
        for day in (today - timedelta(days=1), today):
            with pytest.raises(DocumentNotAvailableError):
                asyncio.run(_decision(database_url, storage, programme_id, inspection_id, day))


def test_today_s_document_of_a_history_too_long_to_fold_is_the_live_one(
    registry: TenantRegistry, database_url: str, admin: Caller, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(past_read_models, "MAX_PAST_EVENTS", 3)  # fewer than the programme's own events
    today = date.today()
    with fresh_tenant(registry) as storage:
        with registry.application(storage) as app:
            programme_id, units = approved_programme(app, admin, units=1)
            inspection_id = handle(app, admin, ScheduleInspection(
                programme_id=programme_id, unit_id=units[0], scheduled_on=PLAN_DATE, occurred_on=PLAN_DATE)
            ).aggregate_id
            decide(app, admin, inspection_id)
        project_all(database_url, storage)
        assert asyncio.run(_decision(database_url, storage, programme_id, inspection_id, today)).frame
        with pytest.raises(DocumentHistoryTooLongError):
            asyncio.run(_decision(database_url, storage, programme_id, inspection_id, today - timedelta(days=1)))
