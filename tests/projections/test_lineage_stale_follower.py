"""A follower of the successor that has not learned of the merge yet (its discovery runs every few seconds) and
folds, from its own log, an event continuing a predecessor's stream stops on it (it is not folded half and lost),
and the follower that folds the predecessor's log first holds it, as a rebuild does (issue 17, review)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from isotrail.domain.tenancy import Tenant
from isotrail.projections.failures import FoldFailedError
from isotrail.projections.projector import PROJECTIONS
from isotrail.projections.rebuild import rebuild
from isotrail.services.commands import RenameUnit
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import register_unit
from tests.projections.conftest import rows
from tests.projections.test_lineage import _projector, lineage

__all__ = ["lineage"]  # the fixture
JULY_2025 = date(2025, 7, 1)


async def test_a_continued_event_folded_before_the_follower_knew_of_the_merge_is_not_lost(
    registry: TenantRegistry, pool: Any, lineage: tuple[Tenant, Tenant], admin: Caller,
) -> None:
    predecessor, successor = lineage
    with registry.application(predecessor) as app:
        unit_id = register_unit(app, admin, "Sở Tư pháp tỉnh Sóc Trăng")
    stale = _projector(pool, successor, ())  # started before the merge: no sources
    await stale.prepare()
    merge_tenants(registry, successor, [predecessor], JULY_2025)
    registry.handle(successor, admin, RenameUnit(unit_id=unit_id, name="Sở Tư pháp (cũ) Sóc Trăng",
                                                 occurred_on=JULY_2025))
    with pytest.raises(FoldFailedError):  # the unit's first event is in a log it does not fold yet: it stops, visibly
        await stale.catch_up()
    assert await stale.positions() == {"audit": 0, "timeline": 0}
    sources = (await registry.registry.lineages())[successor.slug]
    follower = _projector(pool, successor, sources)
    await follower.prepare()
    await follower.catch_up()
    folded = await rows(pool, successor, "rm_units", "unit_id")
    await rebuild(pool, successor, list(PROJECTIONS), batch_size=1, sources=sources)
    rebuilt = await rows(pool, successor, "rm_units", "unit_id")
    assert [(u["name"], u["version"]) for u in rebuilt] == [("Sở Tư pháp (cũ) Sóc Trăng", 2)]
    assert [(u["name"], u["version"]) for u in folded] == [("Sở Tư pháp (cũ) Sóc Trăng", 2)]
