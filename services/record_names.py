"""The names a refused command's error gives, in Vietnamese, to the records its ids stand for: a unit (cơ quan) by
its name, a plan by its số/ký hiệu, an inspection by its unit's name, a nonconformity by the day it was raised (and
its clause). The aggregates that raise an error know their ids, not always the names; :func:`handle` names them here,
from the tenant's store, before the caller hears of the error. A not-found or a refused permission names nothing:
the caller may not see what it would name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from isotrail.domain.errors import IsotrailError
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.unit import Unit
from isotrail.services.not_found_errors import NotFoundError
from isotrail.services.permission_errors import PermissionDeniedError
from isotrail.services.tenant_application import TenantApplication

CLAUSE = re.compile(r"\d+(?:\.\d+)*")  # a standard's clause ("6.2"), as opposed to a decision's item code


def name_records(app: TenantApplication, error: IsotrailError, *, within: UUID | None = None) -> None:
    """Give ``error`` the name of each record its details' ids stand for, where the store has it; ``within`` is the
    aggregate the command acted on, whose entities (nonconformities) an id may stand for."""
    if isinstance(error, NotFoundError | PermissionDeniedError):
        return
    for record_id in _ids(error.details.values()):
        if record_id not in error.names and (name := _name(app, record_id, within)):
            error.names[record_id] = name


def _ids(values: Any) -> Iterator[UUID]:
    for value in values:
        if isinstance(value, UUID):
            yield value
        elif isinstance(value, list | tuple | set | frozenset):
            yield from _ids(value)


def _stored(app: TenantApplication, record_id: UUID) -> Any:
    try:
        return app.repository.get(record_id)
    except AggregateNotFoundError:
        return None


def _name(app: TenantApplication, record_id: UUID, within: UUID | None) -> str | None:
    record = _stored(app, record_id)
    if isinstance(record, Unit):
        return record.name
    if isinstance(record, Programme):
        return record.plan_number
    if isinstance(record, Inspection):
        return _name(app, record.unit_id, None)
    holder = _stored(app, within) if record is None and within is not None else None
    nonconformity = holder.nonconformities.get(record_id) if isinstance(holder, Inspection) else None
    if nonconformity is None:
        return None
    clause = f", mục {nonconformity.item_code}" if CLAUSE.fullmatch(nonconformity.item_code) else ""
    return f"ghi nhận ngày {nonconformity.raised_on:%d/%m/%Y}{clause}"
