"""Where a tenant's data lives: names derived from a validated slug, shared by the write and read sides.

A tenant (a province DOST) owns one PostgreSQL schema, ``tenant_<slug>``; its event table is
``isotrail_<slug>_events`` in that schema, and eventsourcing NOTIFYs on a channel of the same name.
Every identifier is built only from a slug that has passed :func:`validate_tenant_slug`, which only
:class:`Tenant` calls: a tenant is validated once, where it comes in (a verified token, a CLI option), and
every later layer takes the :class:`Tenant` value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from isotrail.domain.described import describe_members
from isotrail.domain.input_errors import InvalidTenantSlugError

TENANT_SLUG = re.compile(r"[a-z][a-z0-9_]{1,39}")


class TenantStatus(StrEnum):
    """Whether a tenant accepts commands. Every status but ``active`` refuses commands; all of them
    are read as usual (queries, time travel), so a suspended province stays readable."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    MOVING = "moving"  # being copied to another server: every command is refused with TenantMovingError
    MERGED = "merged"  # merged into a successor (services/tenant_merge.py): read through it, never written again


describe_members(TenantStatus, {  # a refusal names the status by its Vietnamese words
    TenantStatus.ACTIVE: "Đang hoạt động (active).",
    TenantStatus.SUSPENDED: "Tạm ngừng (suspended): read as usual, refuses every command.",
    TenantStatus.MOVING: "Đang chuyển máy chủ (moving to another server).",
    TenantStatus.MERGED: "Đã hợp nhất (merged into a successor): read through it, refuses every command.",
})


def validate_tenant_slug(slug: str) -> str:
    """The slug, if it is safe to build SQL identifiers from; raises otherwise."""
    if not isinstance(slug, str) or not TENANT_SLUG.fullmatch(slug):
        raise InvalidTenantSlugError(slug=slug)
    return slug


@dataclass(frozen=True)
class Tenant:
    """A tenant (a province DOST), its slug validated once: the names of its schema, event table and channel."""

    slug: str

    def __post_init__(self) -> None:
        validate_tenant_slug(self.slug)

    def __str__(self) -> str:
        return self.slug

    @property
    def schema(self) -> str:
        return f"tenant_{self.slug}"

    @property
    def application_name(self) -> str:
        return f"isotrail_{self.slug}"

    @property
    def events_table(self) -> str:
        return f"{self.application_name}_events"

    @property
    def channel(self) -> str:
        """eventsourcing NOTIFYs on the events table's name, without the schema."""
        return self.events_table

    def backup_schema(self, moved_at: datetime) -> str:
        """The name a moved tenant's old schema is kept under: ``tenant_<slug>_m<yyyymmddhhmmss>`` (UTC),
        at most 63 characters for any valid slug, so PostgreSQL never truncates it."""
        return f"{self.schema}_m{moved_at:%Y%m%d%H%M%S}"
