"""DataLoaders, made anew for every request by its reader (graphql/reading.py): objects by id and the lists
under a parent load in one statement per kind and batch, not one per row. What the caller may see of the
rows is the reader's to decide; these only fetch."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from isotrail.domain.tenancy import Tenant
from isotrail.graphql.request_connection import Lender
from isotrail.projections import (
    finding_queries,
    inspection_queries,
    programme_queries,
    report_queries,
    timeline_queries,
    unit_queries,
)
from isotrail.projections.pages import CountsUnder

Fetch = Callable[..., Awaitable[dict[UUID, Any]]]


class Loaders:
    def __init__(self, pool: Lender, storage: Tenant) -> None:
        self._pool, self._storage = pool, storage
        one, many = self._loader, lambda fetch: self._loader(fetch, missing=[])
        self.programmes = one(programme_queries.programmes_by_id)
        self.inspections = one(inspection_queries.inspections_by_id)
        self.findings = one(finding_queries.findings_by_id)
        self.summary = one(programme_queries.programme_summaries_by_id)
        self.weaknesses = many(programme_queries.clause_weaknesses_by_id)
        self.scope_of_programme = many(programme_queries.scope_by_programme)
        self.inspections_of_programme = many(inspection_queries.inspections_by_programme)
        self.inspections_of_unit = many(inspection_queries.inspections_by_unit)
        self.findings_of_inspection = many(finding_queries.findings_by_inspection)
        self.findings_of_unit = many(finding_queries.findings_by_unit)
        self.findings_of_programme = many(finding_queries.findings_by_programme)
        self.assessments_of_inspection = many(inspection_queries.assessments_by_inspection)
        self.recommendations_of_inspection = many(inspection_queries.recommendations_by_inspection)
        self.reports_of_inspection = many(report_queries.reports_by_inspection)
        self.reports_of_finding = many(report_queries.reports_by_nonconformity)
        self._units: dict[tuple[str, ...], DataLoader[UUID, Any]] = {}
        self._timelines: dict[tuple[int | None, str | None], DataLoader[UUID, Any]] = {}
        self._counts: dict[CountsUnder, DataLoader[UUID, int]] = {}

    def units(self, columns: Sequence[str]) -> DataLoader[UUID, Any]:
        """Units by id with ``columns`` of their current state (one loader per set of columns asked for)."""
        key = tuple(columns)
        if key not in self._units:
            self._units[key] = self._loader(
                lambda conn, storage, ids: unit_queries.units_by_id(conn, storage, ids, key))
        return self._units[key]

    def timelines(self, first: int | None, after: str | None) -> DataLoader[UUID, Any]:
        """Units' pages of events by unit id, each ``first`` after ``after`` (one loader per page asked for)."""
        key = (first, after)
        if key not in self._timelines:
            self._timelines[key] = self._loader(lambda conn, storage, ids: timeline_queries.timelines_by_unit(
                conn, storage, ids, first=first, after=after))
        return self._timelines[key]

    def counts(self, under: CountsUnder) -> DataLoader[UUID, int]:
        """The totals of the pages under parents read together (``under``: one loader per batch of pages), every
        parent's in one statement."""
        if under not in self._counts:
            self._counts[under] = self._loader(lambda conn, storage, ids: under.run(conn, ids), missing=0)
        return self._counts[under]

    def _loader(self, fetch: Fetch, missing: Any = None) -> DataLoader[UUID, Any]:
        """Loads the keys with ``fetch`` in one statement; a key it did not find gives ``missing``."""
        pool, storage = self._pool, self._storage

        async def load(keys: list[UUID]) -> list[Any]:
            async with pool.acquire() as conn:
                found = await fetch(conn, storage, list(keys))
            return [found.get(key, missing) for key in keys]

        return DataLoader(load_fn=load)
