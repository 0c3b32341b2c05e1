"""The tenant Application: every command of the inspection context, one instance per province.

No snapshots yet: aggregates are folded from their events (hundreds at most per stream here). When
time travel on long streams needs them (the GraphQL issue), their state must be made transcodable
first (enums, the Nonconformity entity, UUID-keyed dicts) and each aggregate given a
snapshot-and-reload test.
"""

from __future__ import annotations

from isotrail.services.inspection_commands import InspectionCommands


class TenantApplication(InspectionCommands):
    """One per tenant: the unit, programme and inspection commands, on the tenant's own schema."""
