"""DataLoaders, made anew for every request: nested fields load in one statement per kind, not per row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from isotrail.domain.tenancy import Tenant
from isotrail.graphql.request_connection import Lender
from isotrail.projections.programme_queries import clause_weaknesses_by_id, programme_summaries_by_id


class Loaders:
    def __init__(self, pool: Lender, storage: Tenant) -> None:
        self.summary = DataLoader(load_fn=self._batch(pool, storage, programme_summaries_by_id, None))
        self.weaknesses = DataLoader(load_fn=self._batch(pool, storage, clause_weaknesses_by_id, []))

    @staticmethod
    def _batch(pool: Lender, storage: Tenant, fetch: Callable[..., Awaitable[dict[UUID, Any]]],
               missing: Any) -> Callable[[list[UUID]], Awaitable[list[Any]]]:
        async def load(keys: list[UUID]) -> list[Any]:
            async with pool.acquire() as conn:
                found = await fetch(conn, storage, list(keys))
            return [found.get(key, missing) for key in keys]
        return load
