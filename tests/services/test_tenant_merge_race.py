"""Merges racing for one predecessor (services/tenant_merge.py): the successor is registered in the merge's own
transaction, so the loser leaves nothing behind; and a merge whose tables were not made yet is finished by a rerun."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date

import pytest

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.services.merge_errors import AlreadyMergedError
from isotrail.services.not_found_errors import TenantNotFoundError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import MergeReport, merge_tenants
from isotrail.services.tenants import TenantRegistry
from isotrail.services.write_barrier import refuse_writes
from tests.builders import fresh_tenant, new_tenant_slug, register_unit

JULY_2025 = date(2025, 7, 1)
# the backends waiting for the holder's lock, or queued for it behind one that does
_WAITING = ("WITH w AS (SELECT pid, pg_blocking_pids(pid) AS b FROM pg_stat_activity) SELECT count(*) FROM w "
            "WHERE %(holder)s = ANY(w.b) OR EXISTS (SELECT 1 FROM w AS q WHERE q.pid = ANY(w.b) "
            "AND %(holder)s = ANY(q.b))")


@pytest.fixture
def successors(registry: TenantRegistry) -> Iterator[list[Tenant]]:
    """Two slugs for successors, purged afterwards if a test made them (before their predecessors are)."""
    slugs = [Tenant(new_tenant_slug()) for _ in range(2)]
    yield slugs
    registered = {record.slug for record in registry.list()}
    for slug in slugs:
        if slug.slug in registered:
            registry.purge(slug)


def _schema_and_tables(registry: TenantRegistry, tenant: Tenant) -> tuple[bool, bool]:
    """Whether the tenant's schema exists, and its event table."""
    with registry.database.connect() as conn:
        schema = conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", (tenant.schema,)).fetchone()
        table = conn.execute("SELECT to_regclass(%s) IS NOT NULL",
                             (f'"{tenant.schema}"."{tenant.events_table}"',)).fetchone()
    return schema[0] == 1, bool(table[0])


def test_two_merges_racing_for_one_predecessor_leave_one_successor_and_the_loser_creates_nothing(
    registry: TenantRegistry, successors: list[Tenant]
) -> None:
    outcomes: dict[int, MergeReport | IsotrailError] = {}

    def merge(number: int, predecessor: Tenant) -> None:
        try:
            outcomes[number] = merge_tenants(registry, successors[number], [predecessor], JULY_2025,
                                             display_name=f"Thành phố hợp nhất số {number + 1}")
        except IsotrailError as refused:
            outcomes[number] = refused

    with fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as predecessor:
        merges = [threading.Thread(target=merge, args=(number, predecessor)) for number in range(2)]
        with registry.database.connect() as holder, holder.transaction(), registry.database.connect() as watcher:
            # the predecessor's row held, so that both merges pass every early check and meet in their transactions
            holder.execute("SELECT 1 FROM isotrail.tenants WHERE slug = %s FOR UPDATE", (predecessor.slug,))
            for thread in merges:
                thread.start()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                waiting = watcher.execute(_WAITING, {"holder": holder.info.backend_pid}).fetchone()[0]
                if waiting == 2:
                    break
                time.sleep(0.05)
            assert waiting == 2, outcomes  # both merges wait for the predecessor's row, each in its own transaction
        for thread in merges:
            thread.join(timeout=120)
        assert sorted(outcomes) == [0, 1]
        won = [number for number, outcome in outcomes.items() if isinstance(outcome, MergeReport)]
        assert len(won) == 1, outcomes
        winner, loser = successors[won[0]], successors[1 - won[0]]
        report, refused = outcomes[won[0]], outcomes[1 - won[0]]
        assert isinstance(report, MergeReport) and report.created and report.merged_now == [predecessor.slug]
        assert isinstance(refused, AlreadyMergedError) and refused.successor == winner.slug
        assert refused.code == "already_merged"
        with pytest.raises(TenantNotFoundError):  # the loser registered nothing, made no schema
            registry.get(loser)
        assert _schema_and_tables(registry, loser) == (False, False)
        assert _schema_and_tables(registry, winner) == (True, True)
        assert registry.get(predecessor).merged_into == winner.slug
        assert [record.slug for record in registry.list() if record.slug in {s.slug for s in successors}] == [
            winner.slug]


def test_a_merge_committed_before_its_successor_had_tables_is_finished_by_a_second_run(
    registry: TenantRegistry, successors: list[Tenant], admin: Caller
) -> None:
    successor = successors[0]
    with fresh_tenant(registry, "Sở KH&CN Hậu Giang") as predecessor:
        created, _rows = registry.registry.merge(  # the transaction alone: the process stopped right after it
            successor, [predecessor], JULY_2025, (None, None), check=lambda rows: [predecessor],
            freeze=refuse_writes, display_name="Sở Khoa học và Công nghệ thành phố Cần Thơ")
        assert created and registry.get(successor).status is TenantStatus.ACTIVE
        assert _schema_and_tables(registry, successor) == (True, False)
        again = merge_tenants(registry, successor, [predecessor], JULY_2025)
        assert not again.created and again.merged_now == []  # only the run that registered it says it created it
        assert _schema_and_tables(registry, successor) == (True, True)
        with registry.application(successor) as app:
            assert register_unit(app, admin)
