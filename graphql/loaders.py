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
    record_queries,
    report_queries,
    timeline_queries,
    unit_queries,
)
from isotrail.projections.pages import CountsUnder

Fetch = Callable[..., Awaitable[dict[UUID, Any]]]


# the loaders of objects by id (a key not found: None) and of lists under a parent (not found: an empty list)
BY_ID: dict[str, Fetch] = {
    "programmes": programme_queries.programmes_by_id, "inspections": inspection_queries.inspections_by_id,
    "findings": finding_queries.findings_by_id, "summary": programme_queries.programme_summaries_by_id}
UNDER_PARENT: dict[str, Fetch] = {
    "weaknesses": programme_queries.clause_weaknesses_by_id, "scope_of_programme": programme_queries.scope_by_programme,
    "inspections_of_programme": inspection_queries.inspections_by_programme,
    "inspections_of_unit": inspection_queries.inspections_by_unit,
    "findings_of_inspection": finding_queries.findings_by_inspection,
    "findings_of_unit": finding_queries.findings_by_unit,
    "findings_of_programme": finding_queries.findings_by_programme,
    "carried_over_to_programme": finding_queries.carried_over_by_programme,
    "assessments_of_inspection": inspection_queries.assessments_by_inspection,
    "recommendations_of_inspection": inspection_queries.recommendations_by_inspection,
    "reports_of_inspection": report_queries.reports_by_inspection,
    "reports_of_finding": report_queries.reports_by_nonconformity,
    "records_of_programme": record_queries.records_by_programme,
    "records_of_inspection": record_queries.records_by_inspection}


class Loaders:
    """The request's loaders, each made when first asked for (``loaders.programmes``, …, named in
    :data:`BY_ID` and :data:`UNDER_PARENT`): most requests use none of them."""

    def __init__(self, pool: Lender, storage: Tenant) -> None:
        self._pool, self._storage = pool, storage
        self._units: dict[tuple[str, ...], DataLoader[UUID, Any]] = {}
        self._unit_pages: dict[tuple[str, ...], list[list[dict[str, Any]]]] = {}  # read, not yet primed
        self._timelines: dict[tuple[int | None, str | None], DataLoader[UUID, Any]] = {}
        self._counts: dict[CountsUnder, DataLoader[UUID, int]] = {}

    def __getattr__(self, name: str) -> DataLoader[UUID, Any]:
        if name in BY_ID:
            loader = self._loader(BY_ID[name])
        elif name in UNDER_PARENT:
            loader = self._loader(UNDER_PARENT[name], missing=[])
        else:
            raise AttributeError(name)
        setattr(self, name, loader)  # found as an attribute from now on
        return loader

    def seen_units(self, columns: Sequence[str], rows: list[dict[str, Any]]) -> None:
        """Units read in a page with ``columns``: read by id again, they need no statement (the rows are
        primed into the loader of these columns when it is next asked for, not before: few requests ask)."""
        self._unit_pages.setdefault(tuple(columns), []).append(rows)

    def units(self, columns: Sequence[str]) -> DataLoader[UUID, Any]:
        """Units by id with ``columns`` of their current state (one loader per set of columns asked for)."""
        key = tuple(columns)
        if key not in self._units:
            self._units[key] = self._loader(
                lambda conn, storage, ids: unit_queries.units_by_id(conn, storage, ids, key))
        for rows in self._unit_pages.pop(key, ()):
            self._units[key].prime_many({row["unit_id"]: row for row in rows})
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
