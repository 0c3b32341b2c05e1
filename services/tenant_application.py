"""The tenant Application: every command of the inspection context, one instance per province.

Each aggregate is snapshotted every ``SNAPSHOT_INTERVAL`` versions, when the save that reaches such a
version is recorded, in the tenant's ``isotrail_<slug>_snapshots`` table. Loading a version (the
current one or one in the past, for time travel) then starts from the nearest snapshot at or below it
and folds at most ``SNAPSHOT_INTERVAL - 1`` events. Snapshots hold the aggregate's whole state, so
that state must stay transcodable (``transcodings.py``; each aggregate has a snapshot-and-reload
test). Only a change to what an event body does would make old snapshots wrong: such a change
must raise the aggregate's ``class_version`` and give it an upcast (eventsourcing's snapshot
versioning), or empty the snapshot table so that they are taken again.
"""

from __future__ import annotations

from typing import ClassVar

from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.unit import Unit
from isotrail.services.inspection_commands import InspectionCommands

SNAPSHOT_INTERVAL = 100


class TenantApplication(InspectionCommands):
    """One per tenant: the unit, programme and inspection commands, on the tenant's own schema."""

    snapshotting_intervals: ClassVar = {Unit: SNAPSHOT_INTERVAL, Programme: SNAPSHOT_INTERVAL,
                              Inspection: SNAPSHOT_INTERVAL}

