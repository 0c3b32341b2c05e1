"""Time travel: an aggregate as it stood at a version, a recorded time or a business date.

Events are immutable and ordered per aggregate, so the state "as of" a moment is the fold of a prefix
of its stream: up to a version; up to the last event recorded at or before a time; or up to the last
event before the first one whose business date (``occurred_on``) is after a date. A business date
that a later event back-dates is therefore not reached into: what is shown never includes anything
dated after the date asked for, and the prefix keeps every fold a state the aggregate really had.

Which version a time or date selects is services/version_as_of.py's to find. That version is then loaded
from the nearest snapshot at or below it plus the events after it (see ``tenant_application.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.errors import IsotrailError
from isotrail.domain.input_errors import InvalidValueError
from isotrail.services.application import TenantApplicationBase
from isotrail.services.scoping import UnitScope
from isotrail.services.version_as_of import version_as_of

A = TypeVar("A", bound=IsotrailAggregate)


class AsOfSelectorError(IsotrailError):
    """Time travel needs exactly one of a recorded time, a version or a business date."""

    code = "as_of_selector"
    field = "asOf"
    template_vi = "Cần đúng một trong asOf (thời điểm ghi nhận), asOfVersion (phiên bản) hoặc " \
                  "asOfOccurredOn (ngày nghiệp vụ); đã nhận {given}."
    template_en = "Give exactly one of asOf (recorded time), asOfVersion (version) or " \
                  "asOfOccurredOn (business date); got {given}."


def as_of(
    app: TenantApplicationBase, cls: type[A], aggregate_id: UUID, not_found: Callable[[], Exception], *,
    at: datetime | None = None, version: int | None = None, occurred_on: date | None = None,
    scope: UnitScope | None = None,
) -> A:
    """The aggregate as of exactly one of: a recorded time ``at``, a ``version``, a business date ``occurred_on``.

    A ``scope`` confined to one unit refuses another unit's stream, as one that is nowhere, before anything
    is folded."""
    given = [name for name, value in (("asOf", at), ("asOfVersion", version), ("asOfOccurredOn", occurred_on))
             if value is not None]
    if len(given) != 1:
        raise AsOfSelectorError(given=", ".join(given) or "không có / none")
    if version is not None and version < 1:
        raise InvalidValueError(field_name="asOfVersion", reason_vi="phải từ 1 trở lên", reason_en="must be ≥ 1")
    _require_stream(app, aggregate_id, scope, not_found)
    if at is not None:
        if at.tzinfo is None:
            raise InvalidValueError(field_name="asOf", reason_vi="phải có múi giờ", reason_en="must carry a time zone")
        version = version_as_of(app, aggregate_id, "recorded_at", at)
    elif occurred_on is not None:
        version = version_as_of(app, aggregate_id, "occurred_on", occurred_on)
    if not version:
        raise not_found()
    try:
        aggregate = app.repository.get(aggregate_id, version=version)
    except AggregateNotFoundError:
        raise not_found() from None
    if not isinstance(aggregate, cls):
        raise not_found()
    return aggregate


def history(app: TenantApplicationBase, aggregate_id: UUID, scope: UnitScope,
            not_found: Callable[[], Exception]) -> list[Any]:
    """Every event of one aggregate that ``scope`` may read, oldest first; ``not_found()`` for a stream
    that is nowhere or, from its first event before the rest is read, another unit's."""
    _require_stream(app, aggregate_id, scope, not_found)
    events = list(app.events.get(aggregate_id))
    if not events:
        raise not_found()
    return scope.events(events)


def _require_stream(app: TenantApplicationBase, aggregate_id: UUID, scope: UnitScope | None,
                    not_found: Callable[[], Exception]) -> None:
    """Refuse, from its first event alone (one indexed row), a stream the caller's unit scope excludes."""
    if scope is not None and scope.unit_id is not None:
        scope.require_stream(next(iter(app.events.get(aggregate_id, lte=1)), None), not_found)
