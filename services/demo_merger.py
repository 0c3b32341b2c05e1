"""The demo's 2025 (services/seed/can_tho_2025.json): after the 2020 Sóc Trăng replay (demo.py), Hậu Giang and Cần Thơ
with small illustrative registers; Sóc Trăng's departments merged under Decree 45/2025/NĐ-CP; the provinces merged
into Cần Thơ from 1 Jul 2025 (Resolution 202/2025/QH15); then Cần Thơ's reorganisation of the agencies — the
same-named departments of the three becoming Cần Thơ's, Sóc Trăng's district People's Committees ended, a sample of
wards — each a ``ReorganiseUnits`` through the commands, issued only when its effect is not stored yet. The 2026
programme that follows: demo_2026.py."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from isotrail.domain.reorganisation import ReorganisationRow
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import Decision, UnitKind
from isotrail.services.commands import Command, RegisterUnit, ReorganiseUnits, command_name
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry

STORY_FILE = "can_tho_2025.json"


def load_story() -> dict[str, Any]:
    text = (resources.files("isotrail.services") / "seed" / STORY_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class Provinces:
    """The story's three tenants: Sóc Trăng (the demo's tenant), Hậu Giang, and Cần Thơ, their successor."""

    soc_trang: Tenant
    hau_giang: Tenant
    can_tho: Tenant

    @classmethod
    def around(cls, soc_trang: Tenant, story: dict[str, Any]) -> Provinces:
        """The story's provinces for the demo tenant ``soc_trang``: the seed's slugs, or, for a demo tenant of
        another slug, its own followed by "_hg" and "_ct" (so that two demo tenants never share a successor)."""
        tenants = story["tenants"]
        if soc_trang.slug == "soc_trang":
            return cls(soc_trang, Tenant(tenants["hau_giang"]["slug"]), Tenant(tenants["can_tho"]["slug"]))
        return cls(soc_trang, Tenant(f"{soc_trang.slug[:37]}_hg"), Tenant(f"{soc_trang.slug[:37]}_ct"))

    def named(self, key: str | None) -> Tenant:
        return {"soc_trang": self.soc_trang, "hau_giang": self.hau_giang, "can_tho": self.can_tho}[key or "can_tho"]


@dataclass
class StoryReplay:
    """Issues the story's commands in process on the tenant each is for, counting them (none on a second run)."""

    tenants: TenantRegistry
    provinces: Provinces
    story: dict[str, Any]
    commands: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.commands.values())

    def caller(self, role: Role = Role.TENANT_ADMIN) -> Caller:
        actor = self.story["actors"]["admin" if role is Role.TENANT_ADMIN else "inspector"]
        return Caller(actor, role, correlation_id="demo-can-tho-2026")

    def issue(self, tenant: Tenant, command: Command, role: Role = Role.TENANT_ADMIN) -> Any:
        """The one place the story issues a command."""
        recorded = self.tenants.handle(tenant, self.caller(role), command)
        self.commands[command_name(type(command))] += 1
        return recorded

    @contextmanager
    def reading(self, tenant: Tenant) -> Iterator[TenantApplication]:
        with self.tenants.application(tenant, read_only=True) as app:
            yield app


def merge_provinces(replay: StoryReplay) -> None:
    """Hậu Giang and Cần Thơ registered, Sóc Trăng's departments merged (March 2025), the provinces merged (July)."""
    story, p, tenants = replay.story, replay.provinces, replay.tenants
    registers = story["registers"]
    for key in ("hau_giang", "can_tho"):
        tenant = p.named(key)
        tenants.ensure(tenant, story["tenants"][key]["display_name"])
        if tenants.get(tenant).status is TenantStatus.MERGED:
            continue
        with replay.reading(tenant) as app:
            missing = [unit for unit in registers[key] if not app.exists(app.unit_id(unit["code"]))]
        for unit in missing:
            replay.issue(tenant, RegisterUnit(code=unit["code"], name=unit["name"], kind=UnitKind(unit["kind"]),
                                              occurred_on=date.fromisoformat(registers["registered_on"])))
    before, *after = story["reorganisations"]
    if tenants.get(p.soc_trang).status is not TenantStatus.MERGED:
        _reorganise(replay, before)
    merger = story["merger"]
    merge_tenants(tenants, p.can_tho, [p.soc_trang, p.hau_giang], date.fromisoformat(merger["effective_on"]),
                  decision_number=merger["decision_number"], decision_date=date.fromisoformat(merger["decision_date"]))
    for reorganisation in after:
        _reorganise(replay, reorganisation)


def _reorganise(replay: StoryReplay, reorganisation: dict[str, Any]) -> None:
    tenant = replay.provinces.named(reorganisation["tenant"])
    with replay.reading(tenant) as app:
        rows = _rows(replay, app, reorganisation)
        first = rows and app.get_unit(Unit.create_id(rows[0].old_tenant or app.tenant, rows[0].old_code or ""))
    if not first or first.dissolved_on is not None:
        return  # applied already: its first row's old unit was dissolved (each list's first row dissolves one)
    decision = Decision(reorganisation["decision"]["number"],
                        date.fromisoformat(reorganisation["decision"]["signed_on"]))
    replay.issue(tenant, ReorganiseUnits(decision=decision, rows=rows,
                                         occurred_on=date.fromisoformat(reorganisation["occurred_on"])))


def _rows(replay: StoryReplay, app: TenantApplication, reorganisation: dict[str, Any]) -> list[ReorganisationRow]:
    """The decision's rows: given, or made from the same-named departments or the kind of agencies it ends."""
    p = replay.provinces
    if "rows" in reorganisation:
        return [ReorganisationRow(old_tenant=p.named(row.get("old_tenant", reorganisation["tenant"])).slug,
                                  old_code=row["old_code"], new_code=row["new_code"], new_name=row.get("new_name"),
                                  new_kind=UnitKind(row["new_kind"]) if "new_kind" in row else None)
                for row in reorganisation["rows"]]
    if "merged_codes" in reorganisation:
        return [ReorganisationRow(old_tenant=p.named(key).slug, old_code=code, new_code=code)
                for code in reorganisation["merged_codes"] for key in reorganisation["from_tenants"]]
    origin = p.named(reorganisation["dissolved_from"]).slug
    kind = UnitKind(reorganisation["dissolved_kind"])
    return [ReorganisationRow(old_tenant=origin, old_code=unit.code)
            for unit in sorted(app.unit_register(), key=lambda unit: unit.code)
            if unit.tenant == origin and unit.kind is kind and unit.dissolved_on is None]
