"""The records a print from the command line names: a tenant that was not merged (a merged province's records are
printed through its successor, as its tokens are refused), and a programme (with, for an inspection's paper, the
unit) by code or id among the records of the tenant and of the tenants merged into it. A code is a key of the
tenant that registered the record (ids are uuid5 of tenant and code: domain/identity.py), so Cần Thơ's
``--programme 2020`` is Sóc Trăng's 2020 programme once Sóc Trăng is merged into it."""

from __future__ import annotations

from uuid import UUID

from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.domain.unit import Unit
from isotrail.services.registry import merged
from isotrail.services.registry_tables import TenantRecord
from isotrail.services.tenants import TenantRegistry


def printing_tenant(tenants: TenantRegistry, slug: str) -> tuple[Tenant, TenantRecord]:
    """The tenant to print from and its registry row.

    Raises:
        TenantNotFoundError: no such tenant.
        TenantMergedError: it was merged into another, named: print through that one.
    """
    storage = Tenant(slug)
    record = tenants.get(storage)
    if record.status is TenantStatus.MERGED:
        raise merged(record)
    return storage, record


def candidate_records(storage: Tenant, record: TenantRecord, programme: str,
                      unit: str | None = None) -> list[tuple[UUID, UUID | None]]:
    """The (programme id, inspection id) pairs ``programme`` (a code or an id) and ``unit`` (a code, or None for a
    programme's paper) may name: the tenant's own first, then each merged into it, in lineage order."""
    makers = [storage, *(Tenant(slug) for slug in record.predecessors)]
    found: dict[tuple[UUID, UUID | None], None] = {}
    for maker in makers:
        programme_id = _id(given=programme) or Programme.create_id(maker, programme)
        if unit is None:
            found[(programme_id, None)] = None
            continue
        for registrar in makers:
            unit_id = _id(given=unit) or Unit.create_id(registrar, unit)
            found[(programme_id, Inspection.create_id(maker, programme_id, unit_id))] = None
    return list(found)


def _id(*, given: str) -> UUID | None:
    try:
        return UUID(given)
    except ValueError:
        return None
