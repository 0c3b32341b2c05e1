"""The ministry's national read: every province's programme summaries for a year, across tenants' schemas.

A merged tenant's programmes are read where they are whole, each exactly once, decided in SQL within the summaries'
statement: in its successor's schema once the successor's read models have folded the merged tenant's whole log
(its position row for that log, ``audit@<slug>``, has reached the log's last notification id: the log is frozen
since the merge, so that is cheap to read and final), else in the merged tenant's own schema, whose read models
stay as they were at the merge — so the ministry's figures never dip while a successor catches up (minutes, for
500,000 events). A programme's maker is, in SQL, the tenant whose store holds its stream's first event (through
merges one after another, a predecessor's read models hold its own predecessors' programmes too). Rows are
shown under the province that made them: a programme's id is its tenant's uuid5 of its code, which tells which
tenant of the lineage it is. Which province of a year's map each row counts under is
services/province_map.py's to say (graphql/national.py groups them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from isotrail.domain.identifiers import quoted
from isotrail.domain.lineage import predecessor_position
from isotrail.domain.programme import Programme
from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit import AuditProjection
from isotrail.projections.driver import Connection
from isotrail.projections.event_log import event_log
from isotrail.projections.tracking import tracking


class NationalReads(NamedTuple):
    """Parts of one tenant's statements; ``$1`` is the year, the caller numbers the rest."""

    holds_year: str  # a condition: the tenant has a programme that year
    summaries_of_year: str  # the FROM … WHERE of its programme summaries that year (``s``)
    made_here: str  # a condition: the tenant made summary row ``s``'s programme (its stream began in its store)


@lru_cache(maxsize=4096)
def _reads(storage: Tenant) -> NationalReads:
    programmes, summary = quoted(storage.schema, "rm_programmes"), quoted(storage.schema, "rm_programme_summary")
    events = quoted(storage.schema, storage.events_table)
    return NationalReads(f"EXISTS (SELECT 1 FROM {programmes} WHERE year = $1)",
                         f"FROM {summary} s WHERE s.year = $1",
                         f"EXISTS (SELECT FROM {events} e WHERE e.originator_id = s.programme_id "
                         "AND e.originator_version = 1)")


def _folded(successor: Tenant, predecessor: Tenant, position_row: str) -> str:
    """A condition: the successor's programme figures (the audit projection) have folded the predecessor's whole
    log; ``position_row`` is the parameter holding that log's position row's name."""
    return (f"(coalesce((SELECT position FROM {tracking(successor).positions} WHERE projection = {position_row}), 0)"
            f" >= ({event_log(predecessor).last}))")


Lineage = Mapping[str, Sequence[tuple[str, str]]]  # a successor's slug → its predecessors' (slug, display name)


def _by_origin(rows: list[dict[str, Any]], lineage: Lineage) -> list[dict[str, Any]]:
    """Each row under the tenant of the lineage that made its programme."""
    for row in rows:
        for slug, name in lineage.get(row["tenant"], ()):
            if Programme.create_id(slug, row["code"]) == row["programme_id"]:
                row["tenant"], row["tenant_name"] = slug, name
                break
    return rows


class _Statement:
    """The summaries' statement being built: its parts and their parameters (``$1`` the year)."""

    def __init__(self, year: int) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = [year]

    def param(self, value: str) -> str:
        self.params.append(value)
        return f"${len(self.params)}::text"

    def read(self, label: tuple[str, str], storage: Tenant, conditions: list[str]) -> None:
        """The summaries of the year in ``storage``'s schema meeting ``conditions``, labelled (slug, name)."""
        tenant, name = self.param(label[0]), self.param(label[1])
        where = "".join(f" AND {condition}" for condition in conditions)
        self.parts.append(f"SELECT {tenant} AS tenant, {name} AS tenant_name, s.* "
                          f"{_reads(storage).summaries_of_year}{where}")


def _lineage_reads(statement: _Statement, successor: str, name: str, predecessors: list[str],
                   projected: set[str], holding: set[str]) -> None:
    """The successor's summaries of the year and those of each predecessor (``predecessors``: those holding a
    programme that year), each programme from one schema only: a predecessor's from the successor's once it has
    folded the predecessor's whole log, else from the predecessor's own."""
    own = Tenant(successor)
    folded = {p: _folded(own, Tenant(p), statement.param(predecessor_position(AuditProjection.name, Tenant(p))))
              if successor in projected else None for p in predecessors}
    if successor in holding:
        statement.read((successor, name), own, [
            f"({folded[p]} OR NOT {_reads(Tenant(p)).made_here})" if folded[p] else
            f"NOT {_reads(Tenant(p)).made_here}" for p in predecessors])
    for p in predecessors:  # only what it made: through merges one after another, its models hold others' too
        conditions = [_reads(Tenant(p)).made_here]
        if folded[p]:
            conditions.append(f"NOT {folded[p]}")
        statement.read((successor, name), Tenant(p), conditions)


async def national_summaries(conn: Connection, tenants: list[tuple[str, str]], year: int,
                             lineage: Lineage | None = None) -> list[dict[str, Any]]:
    """Each province's programme summaries for ``year``, whose schema names come from validated slugs
    (``tenants`` is [(slug, display name)], read from the registry: the tenants not merged into another, with
    the ``lineage`` of those that were merged into them, on the same server).

    Three statements whatever the number of tenants: which schemas hold the read models (the catalogue),
    which of those have a programme that year (one cheap EXISTS per schema), then the summary view over
    those only — planning the view once per tenant cost ~1.5 ms each, most of them with nothing to show. The
    last one also chooses, for each merged tenant, the schema its programmes are read from (see above).
    """
    lineage = lineage or {}
    names = dict(tenants)
    predecessors = {slug: [p for p, _ in lineage.get(slug, ())] for slug in names}
    slugs = {Tenant(slug).schema: slug for slug in (*names, *(p for ps in predecessors.values() for p in ps))}
    projected = {slugs[row["schema"]] for row in await conn.fetch(
        "SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = 'rm_programme_summary' AND n.nspname = ANY($1::text[])", list(slugs))}
    if not projected:
        return []
    holding = {row["slug"] for row in await conn.fetch(" UNION ALL ".join(
        f"SELECT ${i}::text AS slug WHERE {_reads(Tenant(slug)).holds_year}"
        for i, slug in enumerate(sorted(projected), 2)), year, *sorted(projected))}
    statement = _Statement(year)
    for slug, name in tenants:
        _lineage_reads(statement, slug, name, [p for p in predecessors[slug] if p in holding], projected, holding)
    if not statement.parts:
        return []
    rows = await conn.fetch(" UNION ALL ".join(statement.parts) + " ORDER BY tenant, plan_number", *statement.params)
    return _by_origin([dict(r) for r in rows], lineage)


async def national_summaries_on_servers(pools: Any, tenants: list[tuple[str, str, str | None]],
                                        year: int, lineage: Lineage | None = None) -> list[dict[str, Any]]:
    """:func:`national_summaries` of ``tenants`` ([(slug, display name, server)]) on each server holding some, one
    statement set per server (``pools``: projections.servers.ServerPools), by tenant; a merged tenant lives on its
    successor's server."""
    by_server: dict[str | None, list[tuple[str, str]]] = {}
    for slug, name, server in tenants:
        by_server.setdefault(server, []).append((slug, name))
    rows = []
    for server, held in by_server.items():
        async with (await pools.pool(server)).acquire() as conn:
            rows += await national_summaries(conn, held, year, lineage)
    return sorted(rows, key=lambda row: row["tenant"])
