"""What a mutation answers: whether its command was stored, what it stored, and its expected failures as
data (:class:`UserError`: a broken rule, or a stored command the read models cannot show yet)."""

from __future__ import annotations

from uuid import UUID

import strawberry
from strawberry.utils.str_converters import to_camel_case

from isotrail.domain.errors import IsotrailError


@strawberry.type
class UserError:
    code: str
    message_vi: str
    message_en: str
    field: str | None

    @classmethod
    def of(cls, error: IsotrailError) -> UserError:
        """The error as data; the field at fault by its argument's name in the schema (``minutesNumber``)."""
        field = to_camel_case(error.field) if error.field else None
        return cls(code=error.code, message_vi=error.message_vi, message_en=error.message_en, field=field)


@strawberry.type
class CommandResult:
    """What a command stored (``ok``), or why it stored nothing; a stored command may still carry a
    ``projection_timeout``, ``projection_failed`` (a failed fold stops the read model: answered at once) or
    ``database_unavailable`` error when the read models cannot show it yet. When
    PostgreSQL is lost before the store answers, the outcome is unknown: the mutation fails as a whole
    with a top-level ``database_unavailable`` error instead."""

    ok: bool
    aggregate_id: UUID | None = None
    version: int | None = None
    notification_id: int | None = None
    entity_id: UUID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
