"""Builders for unique references and ready-made states, shared by the service tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from itertools import count
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import psycopg

from isotrail.domain.inspection_decision import DecisionTeamMember, TeamRole
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import UnitKind
from isotrail.projections.pool import create_pool
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection
from isotrail.projections.runner import ProjectionRunner, RunnerSettings, projector_name
from isotrail.projections.servers import Registry, ServerPools
from isotrail.projections.tracking import PositionMovedError
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    ConductInspection,
    DraftProgramme,
    IssueInspectionDecision,
    RegisterUnit,
    ScheduleInspection,
)
from isotrail.services.commands.handle import handle
from isotrail.services.demo import replay_seed
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from isotrail.services.tenants import TenantRegistry

CATALOGUE = "tt26-2014+iso9001-2015"
PLAN_DATE = date(2020, 3, 5)
_codes = count(1)


@contextmanager
def scratch_database(server_url: str, prefix: str) -> Iterator[str]:
    """The URL of a new, empty database on the server of ``server_url``, dropped afterwards."""
    name = f"{prefix}_{uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_tenant_slug() -> str:
    return f"t{uuid4().hex[:16]}"


def unit_code() -> str:
    return f"U{next(_codes):05d}"


def register_unit(app: TenantApplication, caller: Caller, name: str = "Sở Tư pháp") -> UUID:
    return handle(app, caller, RegisterUnit(code=unit_code(), name=name, kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                            occurred_on=date(2020, 1, 2))).aggregate_id


def draft_programme(app: TenantApplication, caller: Caller, code: str = "2020") -> UUID:
    return handle(app, caller, DraftProgramme(code=code, year=2020, title="Kiểm tra HTQLCL năm 2020",
                                              plan_number="35/KH-UBND", plan_date=PLAN_DATE,
                                              legal_basis=["Quyết định 19/2014/QĐ-TTg"], catalogue_version=CATALOGUE,
                                              organiser="Chi cục Tiêu chuẩn Đo lường Chất lượng",
                                              occurred_on=date(2020, 2, 20))).aggregate_id


def approved_programme(
    app: TenantApplication, caller: Caller, units: int = 3, code: str = "2020"
) -> tuple[UUID, list[UUID]]:
    """A programme with ``units`` units in scope, all on site, approved on the plan date."""
    programme_id = draft_programme(app, caller, code)
    unit_ids = [register_unit(app, caller, f"Đơn vị {i}") for i in range(units)]
    for unit_id in unit_ids:
        handle(app, caller, AddUnitToProgramme(programme_id=programme_id, unit_id=unit_id, form=InspectionForm.ON_SITE,
                                               occurred_on=date(2020, 2, 21)))
    handle(app, caller, ApproveProgramme(programme_id=programme_id, approved_by="UBND tỉnh", occurred_on=PLAN_DATE))
    return programme_id, unit_ids


def decide(app: TenantApplication, caller: Caller, inspection_id: UUID, on: date = PLAN_DATE,
           leader: str = "Kiểm tra viên 1") -> None:
    """Issue an on-site inspection's decision (Mẫu 20) on ``on``, its window that day, ``leader`` leading."""
    handle(app, caller, IssueInspectionDecision(
        inspection_id=inspection_id, decision_number="15/QĐ-SKHCN", signer="Giám đốc Sở Khoa học và Công nghệ",
        team=[DecisionTeamMember(leader, TeamRole.TEAM_LEADER)], scope="Duy trì, cải tiến HTQLCL", starts_on=on,
        ends_on=on, occurred_on=on))


def conducted_inspection(
    app: TenantApplication, caller: Caller, on: date = date(2020, 6, 2)
) -> tuple[UUID, UUID]:
    """(programme id, inspection id) of a conducted on-site inspection."""
    programme_id, unit_ids = approved_programme(app, caller, units=1)
    inspection_id = handle(app, caller, ScheduleInspection(programme_id=programme_id, unit_id=unit_ids[0],
                                                           scheduled_on=on, occurred_on=PLAN_DATE)).aggregate_id
    decide(app, caller, inspection_id)
    handle(app, caller, ConductInspection(inspection_id=inspection_id, inspectors=["Kiểm tra viên 1"], occurred_on=on))
    return programme_id, inspection_id


def write_units_and_renames(
    app: TenantApplication, caller: Caller, *, units: int, renames: int, prefix: str = "B", per_save: int = 50
) -> int:
    """Many events quickly: register ``units`` units and rename each ``renames`` times, saving
    ``per_save`` aggregates per transaction through the Application. Returns the events written."""
    from isotrail.domain.metadata import EventMeta, recording_as
    from isotrail.domain.unit import Unit

    meta = EventMeta(caller.actor_id, caller.role, app.tenant, caller.correlation_id)
    written = 0
    with recording_as(meta):
        for start in range(0, units, per_save):
            batch = [Unit.register(tenant=app.tenant, code=f"{prefix}{n}", name=f"Đơn vị {prefix}{n}",
                                   kind=UnitKind.COMMUNE_COMMITTEE, occurred_on=date(2020, 1, 2))
                     for n in range(start, min(start + per_save, units))]
            for unit in batch:
                for r in range(renames):
                    unit.rename(f"Đơn vị {unit.code} lần {r + 1}", occurred_on=date(2020, 1, 2))
            app.save(*batch)
            written += len(batch) * (1 + renames)
    return written


def project_all(database_url: str, slug: Tenant | str, registry: TenantRegistry | None = None) -> None:
    """Catch every projection of the tenant up, from a synchronous test or fixture; with ``registry``, from the
    logs of the tenants merged into it too (its lineage, read from the registry)."""
    async def run() -> None:
        pool = await create_pool(database_url)
        try:
            storage = slug if isinstance(slug, Tenant) else Tenant(slug)
            sources = (await registry.registry.lineages()).get(storage.slug, ()) if registry else ()
            projector = Projector(pool, storage, [build_projection(name, storage) for name in PROJECTIONS],
                                  sources=sources)
            await projector.prepare()
            while True:  # the API's own projector may be folding the same tenant
                try:
                    await projector.catch_up()
                    break
                except PositionMovedError:
                    continue
        finally:
            await pool.close()

    asyncio.run(run())


@contextmanager
def fresh_tenant(registry: TenantRegistry, display_name: str = "Tỉnh thử nghiệm") -> Iterator[Tenant]:
    """A new tenant (its own schema) for the block, purged afterwards."""
    slug = Tenant(new_tenant_slug())
    registry.create(slug, display_name)
    try:
        yield slug
    finally:
        registry.purge(slug)


@contextmanager
def seeded_tenant(registry: TenantRegistry, database_url: str, display_name: str) -> Iterator[Tenant]:
    """A new tenant holding the replayed 2020 Sóc Trăng programme, its read models caught up."""
    with fresh_tenant(registry, display_name) as slug:
        with registry.application(slug) as app:
            replay_seed(app)
        project_all(database_url, slug)
        yield slug


def projection_runner(database_url: str, registry: Registry, settings: RunnerSettings) -> ProjectionRunner:
    """A projector wired as the composition root wires one: pools of its own, named as projector processes are."""
    return ProjectionRunner(ServerPools(database_url, registry, application_name=projector_name()), settings)
