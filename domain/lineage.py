"""A tenant's lineage: the tenants merged into it (1 Jul 2025: Sóc Trăng and Hậu Giang into Cần Thơ), whose event
stores its read models fold too, read-only, beside its own (services/tenant_merge.py says why).

Each merged tenant gets a lineage number when it is merged, once, never changed, unique across the registry.
Notification ``n`` of the log numbered ``k`` is folded into a successor's read models as ``n - (2²² - k)·2⁴⁰``:
the successor's own log is number 0, so an unmerged tenant's read models hold exactly what they always held; a
predecessor's ids fall below zero, each predecessor in a band of its own, so that rows keyed or ordered by
notification id (a unit's timeline, corrective-action reports, recommendations) never collide with the
successor's or another predecessor's, and a predecessor's history sorts before what its successor records. The
bands rise with the lineage number, the order of the merges: through merges one after another (Sóc Trăng into Cần
Thơ, then Cần Thơ into a later one), the tenant merged first sorts first, and what the next one recorded on its
streams after it (services/lineage_store.py) sorts after, as it was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from isotrail.domain.tenancy import Tenant

LOG_SPAN = 1 << 40  # notifications one log may hold before its band would overlap the next (10¹² events)
BANDS = 1 << 22  # lineage numbers below it fold within a bigint (2²²·2⁴⁰ = 2⁶²)
SOURCE_MARK = "@"  # a predecessor's position row: "<projection>@<predecessor's slug>"


@dataclass(frozen=True)
class LogSource:
    """One event store whose events a tenant's read models fold: its own (``number`` 0) or a predecessor's."""

    tenant: Tenant
    number: int = 0  # the predecessor's lineage number; 0: the tenant's own log
    display_name: str = field(default="", compare=False)  # the predecessor's name: the issuer of the papers it made

    @property
    def offset(self) -> int:
        return (BANDS - self.number) * LOG_SPAN if self.number else 0

    def tracking(self, name: str) -> str:
        """The position row of projection ``name`` for this log (its own name for the tenant's own log)."""
        return name if self.number == 0 else predecessor_position(name, self.tenant)

    def folded(self, notification_id: int) -> int:
        """The id a notification of this log is folded under."""
        return notification_id - self.offset

    def stored(self, folded_id: int) -> int:
        """The id in this log of a notification folded as ``folded_id`` (an id of the log itself stays)."""
        return folded_id + self.offset if self.number and folded_id <= 0 else folded_id


def of_predecessor(folded_id: int) -> bool:
    """Whether a notification folded as ``folded_id`` comes from a predecessor's log (ids below zero)."""
    return folded_id < 1


def predecessor_position(name: str, predecessor: Tenant) -> str:
    """The name of the position row, in its successor's tracking table, of projection ``name`` folding the log of
    ``predecessor``."""
    return f"{name}{SOURCE_MARK}{predecessor.slug}"


def logged_id(folded_id: int) -> int:
    """The notification id, in the log that stores it, of an event folded as ``folded_id``."""
    return folded_id % LOG_SPAN


def projection_of(tracking_name: str) -> str:
    """The projection whose position row (of its own log or a predecessor's) is ``tracking_name``."""
    return tracking_name.partition(SOURCE_MARK)[0]
