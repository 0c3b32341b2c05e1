"""The ministry's national read: every province's programme summaries for a year, across tenants' schemas.

A merged tenant's programmes are read in its successor's schema, whose read models fold them
(services/tenant_merge.py), and shown under the province that made them: a programme's id is its tenant's
uuid5 of its code, which tells which tenant of the lineage it is. Which province of a year's map each row counts
under is services/province_map.py's to say (graphql/national.py groups them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from isotrail.domain.identifiers import quoted
from isotrail.domain.programme import Programme
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import Connection


class NationalReads(NamedTuple):
    """Parts of one tenant's statements; ``$1`` is the year, the caller numbers the rest."""

    holds_year: str  # a condition: the tenant has a programme that year
    summaries_of_year: str  # the FROM … WHERE of its programme summaries that year


@lru_cache(maxsize=4096)
def _reads(storage: Tenant) -> NationalReads:
    programmes, summary = quoted(storage.schema, "rm_programmes"), quoted(storage.schema, "rm_programme_summary")
    return NationalReads(f"EXISTS (SELECT 1 FROM {programmes} WHERE year = $1)",
                         f"FROM {summary} s WHERE s.year = $1")


Lineage = Mapping[str, Sequence[tuple[str, str]]]  # a successor's slug → its predecessors' (slug, display name)


def _by_origin(rows: list[dict[str, Any]], lineage: Lineage) -> list[dict[str, Any]]:
    """Each row under the tenant of the lineage that made its programme."""
    for row in rows:
        for slug, name in lineage.get(row["tenant"], ()):
            if Programme.create_id(slug, row["code"]) == row["programme_id"]:
                row["tenant"], row["tenant_name"] = slug, name
                break
    return rows


async def national_summaries(conn: Connection, tenants: list[tuple[str, str]], year: int,
                             lineage: Lineage | None = None) -> list[dict[str, Any]]:
    """Each province's programme summaries for ``year``, whose schema names come from validated slugs
    (``tenants`` is [(slug, display name)], read from the registry: the tenants not merged into another, with
    the ``lineage`` of those that were merged into them).

    Three statements whatever the number of tenants: which schemas hold the read models (the catalogue),
    which of those have a programme that year (one cheap EXISTS per schema), then the summary view over
    those only — planning the view once per tenant cost ~1.5 ms each, most of them with nothing to show.
    """
    names = dict(tenants)
    projected = [row["schema"] for row in await conn.fetch(
        "SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = 'rm_programme_summary' AND n.nspname = ANY($1::text[])",
        [Tenant(slug).schema for slug in names])]
    slugs = {Tenant(slug).schema: slug for slug in names}
    if not projected:
        return []
    holding = [row["schema"] for row in await conn.fetch(" UNION ALL ".join(
        f"SELECT ${i}::text AS schema WHERE {_reads(Tenant(slugs[schema])).holds_year}"
        for i, schema in enumerate(projected, 2)), year, *projected)]
    parts, params = [], [year]
    for schema in holding:
        slug = slugs[schema]
        params += [slug, names[slug]]
        parts.append(f"SELECT ${len(params) - 1}::text AS tenant, ${len(params)}::text AS tenant_name, s.* "
                     f"{_reads(Tenant(slug)).summaries_of_year}")
    if not parts:
        return []
    rows = await conn.fetch(" UNION ALL ".join(parts) + " ORDER BY tenant, plan_number", *params)
    return _by_origin([dict(r) for r in rows], lineage or {})


async def national_summaries_on_servers(pools: Any, tenants: list[tuple[str, str, str | None]],
                                        year: int, lineage: Lineage | None = None) -> list[dict[str, Any]]:
    """:func:`national_summaries` of ``tenants`` ([(slug, display name, server)]) on each server holding some, one
    statement set per server (``pools``: projections.servers.ServerPools), by tenant."""
    by_server: dict[str | None, list[tuple[str, str]]] = {}
    for slug, name, server in tenants:
        by_server.setdefault(server, []).append((slug, name))
    rows = []
    for server, held in by_server.items():
        async with (await pools.pool(server)).acquire() as conn:
            rows += await national_summaries(conn, held, year, lineage)
    return sorted(rows, key=lambda row: row["tenant"])
