"""Time travel: an aggregate as it stood at a recorded time or a version, folded from its events.

Events are immutable and ordered per aggregate, so the state "as of" a moment is the fold of the events
recorded up to it. (Snapshots would shorten long streams; see tenant_application.py for why they are off.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.errors import InvalidValueError
from isotrail.services.application import TenantApplicationBase

A = TypeVar("A", bound=IsotrailAggregate)


def as_of(
    app: TenantApplicationBase, cls: type[A], aggregate_id: UUID, not_found: Callable[[], Exception], *,
    at: datetime | None = None, version: int | None = None,
) -> A:
    """The aggregate after the events recorded up to ``at`` and up to ``version`` (both optional)."""
    if version is not None and version < 1:
        raise InvalidValueError(field_name="asOfVersion", reason_vi="phải từ 1 trở lên", reason_en="must be ≥ 1")
    if at is not None and at.tzinfo is None:
        raise InvalidValueError(field_name="asOf", reason_vi="phải có múi giờ", reason_en="must carry a time zone")
    aggregate: Any = None
    for event in app.events.get(aggregate_id, lte=version):
        if at is not None and event.timestamp > at:
            break
        aggregate = event.mutate(aggregate)
    if not isinstance(aggregate, cls):
        raise not_found()
    return aggregate


def history(app: TenantApplicationBase, aggregate_id: UUID) -> list[Any]:
    """Every event of one aggregate, oldest first."""
    return list(app.events.get(aggregate_id))
