"""The tenant Application: every command of the inspection context, one instance per province."""

from __future__ import annotations

from typing import ClassVar

from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.unit import Unit
from isotrail.services.inspection_commands import InspectionCommands


class TenantApplication(InspectionCommands):
    snapshotting_intervals: ClassVar[dict[type, int]] = {Unit: 50, Programme: 100, Inspection: 50}
