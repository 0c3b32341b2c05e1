"""Merging tenants: 1 Jul 2025, Sóc Trăng and Hậu Giang merge into Cần Thơ city (Resolution 202/2025/QH15).

Design (issue 17, first stage; the choices the later stages build on):

- **The merge is a record, not a migration.** The registry (services/registry_tables.py, ``tenant_merges``)
  records each predecessor as merged into its successor from an effective date, by a decision (number, date)
  when given, with a lineage number of its own (domain/lineage.py). Nothing recorded is rewritten, renumbered
  or moved: a predecessor's events stay in its schema as they were stored, where they can be verified.
- **Atomic and resumable.** One transaction on the registry's server registers the successor if needed (with
  its schema, under its creation lock), locks every row involved, checks them, makes each predecessor's event
  table refuse writes (services/write_barrier.py), records the merges, sets the predecessors ``merged`` and
  NOTIFYs every process. It commits whole or not at all: of two merges racing for one predecessor into two new
  successors, the loser is refused ``already_merged`` and leaves no successor behind, and only the run that
  registered a successor reports it created. The successor's tables are made after the commit, idempotently (any
  opening of its Application makes them too); run again, it merges what is left, makes what is missing and
  confirms what is done.
  Writers racing it either commit before it or are refused with ``tenant_merged`` (naming the successor),
  never lost: the trigger waits for the writes in flight and refuses the later ones, whatever a process's
  cache of the registry says. Stage 1 keeps every tenant of a merge on the registry's server (a move first,
  otherwise), so that one transaction covers the registry and the event tables.
- **Reads across the lineage: the successor's read models fold its predecessors' event stores too**
  (projections/projector.py), read-only, each from a position row of its own ("audit@soc_trang"), in the same
  transaction as the rows it wrote, so exactly once per source store; rebuilds and reshapes replay every
  source. So every read path that serves a Cần Thơ token (pages, DataLoaders, figures, timelines, documents)
  reads Sóc Trăng 2020 as its own, with the role's usual limits and no change. Aggregate ids are uuid5 of
  tenant and natural key, so they never collide across tenants; the rows keyed by notification id are kept
  apart by folding a predecessor's ids below zero (domain/lineage.py). The other option, a Reader querying
  several schemas, would have touched every query and DataLoader and kept every later reader paying for
  the union; it was not taken.
- **Time travel reads the store holding the stream**: the Reader knows the token tenant's lineage from the
  registry and asks each store in turn for the stream's first event (graphql/reading.py); ``history`` and
  ``asOf`` then run unchanged on that predecessor's Application, opened read-only.
- **Who reads a merged tenant**: its successor's users (through the successor's read models) and the ministry
  (national figures: through the successor's read models once they have folded the merged tenant's whole log, until
  then from its own, as they were at the merge, so no programme goes missing or shows twice meanwhile;
  projections/national_queries.py). Its own tokens are refused with ``tenant_merged``, reads included; a third
  tenant never reaches its records, as before (its schema is not the token's), getting the same not-found errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from isotrail.domain.input_errors import DatesOutOfOrderError
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.domain.text import clean_text
from isotrail.services.availability_errors import TenantMovingError
from isotrail.services.merge_errors import (
    AlreadyMergedError,
    MergeAcrossServersError,
    MergedOtherwiseError,
    MergeIntoItselfError,
    SuccessorNameRequiredError,
)
from isotrail.services.not_found_errors import TenantNotFoundError
from isotrail.services.registry import merged
from isotrail.services.registry_tables import TenantRecord
from isotrail.services.tenants import TenantRegistry
from isotrail.services.write_barrier import refuse_writes


@dataclass(frozen=True)
class MergeReport:
    successor: TenantRecord
    predecessors: list[TenantRecord]
    created: bool  # the successor was created by this run
    merged_now: list[str]  # the predecessors this run merged (the others were merged by an earlier run)


def merge_tenants(tenants: TenantRegistry, into: Tenant, predecessors: Sequence[Tenant], effective_on: date, *,
                  display_name: str | None = None, decision_number: str | None = None,
                  decision_date: date | None = None) -> MergeReport:
    """Merge ``predecessors`` into ``into`` from ``effective_on`` (creating ``into`` named ``display_name`` if it
    does not exist); safe to run again after a failure, or after it succeeded.

    Raises:
        MergeIntoItselfError: no predecessor, or the successor among them.
        TenantNotFoundError: a predecessor does not exist.
        SuccessorNameRequiredError: the successor does not exist and no display name was given.
        AlreadyMergedError: a predecessor was merged into another tenant.
        MergedOtherwiseError: a predecessor was merged into ``into`` already, from another date or by another
            decision than the one given.
        DatesOutOfOrderError: a predecessor took over another province with effect after ``effective_on``.
        TenantMergedError: the successor itself was merged into another tenant.
        TenantMovingError: a tenant of the merge is being moved.
        MergeAcrossServersError: a tenant of the merge lives on another server than the registry's.
    """
    wanted = list(dict.fromkeys(predecessors))
    if not wanted or into in wanted:
        raise MergeIntoItselfError(successor=into.slug)
    number = clean_text(decision_number, "decision_number", max_length=100) if decision_number else None
    name = clean_text(display_name, "display_name", max_length=200) if display_name else None

    def to_merge(record: TenantRecord) -> bool:
        """Whether the predecessor ``record`` is still to merge; raises if it may not be merged as asked."""
        if record.status is TenantStatus.MOVING:
            raise TenantMovingError(slug=record.slug)
        if record.server is not None:
            raise MergeAcrossServersError(slug=record.slug)
        if record.merged_into is None and record.status is TenantStatus.MERGED:
            raise merged(record)  # its successor was purged: nothing to merge it into again
        if record.merged_into not in (None, into.slug):
            raise AlreadyMergedError(slug=record.slug, successor=record.merged_into)
        if record.merged_into is None:
            return True
        recorded_number, recorded_date = record.merged_by
        if record.merged_on != effective_on or (number is not None and number != recorded_number) or (
                decision_date is not None and decision_date != recorded_date):
            raise MergedOtherwiseError(slug=record.slug, successor=into.slug, effective_on=record.merged_on,
                                       decision=recorded_number or "—")
        return False

    for predecessor in wanted:  # TenantNotFoundError, and every refusal the rows tell now, before anything is made
        to_merge(tenants.get(predecessor))
    for record in tenants.list():  # a province ends on or after the day it took over another, never before
        if record.merged_into in {p.slug for p in wanted} and record.merged_on and record.merged_on > effective_on:
            raise DatesOutOfOrderError(earlier_name="predecessor_merged_on", earlier=record.merged_on,
                                       later_name="effective_on", later=effective_on)
    try:
        tenants.get(into)
    except TenantNotFoundError:
        if not display_name:
            raise SuccessorNameRequiredError(successor=into.slug) from None
    merged_now: list[str] = []

    def check(rows: dict[str, TenantRecord]) -> list[Tenant]:
        merged_now.clear()  # a transaction retried by the driver checks afresh
        successor = rows[into.slug]
        if successor.status is TenantStatus.MOVING:
            raise TenantMovingError(slug=successor.slug)
        if successor.server is not None:
            raise MergeAcrossServersError(slug=successor.slug)
        if successor.status is TenantStatus.MERGED:
            raise merged(successor)
        merged_now.extend(p.slug for p in wanted if to_merge(rows[p.slug]))
        return [Tenant(slug) for slug in merged_now]

    created, (successor, *records) = tenants.registry.merge(into, wanted, effective_on, (number, decision_date),
                                                            check=check, freeze=refuse_writes, display_name=name)
    tenants.create_schema(tenants.database, into, if_not_exists=True)  # its tables; a run after a crash makes them
    return MergeReport(successor, records, created, merged_now)


def provinces(records: Sequence[TenantRecord]) -> tuple[list[tuple[str, str, str | None]],
                                                        dict[str, list[tuple[str, str]]]]:
    """The tenants whose schemas the ministry's national read reads, as (slug, display name, server): those not
    merged into another; and each one's lineage, as (slug, display name) of every tenant merged into it."""
    names = {record.slug: record.display_name for record in records}
    current = [(r.slug, r.display_name, r.server) for r in records if r.status is not TenantStatus.MERGED]
    return current, {r.slug: [(slug, names[slug]) for slug in r.predecessors if slug in names] for r in records
                     if r.predecessors}
