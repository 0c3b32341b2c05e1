"""``isotrail demo``: the 2020 Sóc Trăng programme replayed through the commands (``serve`` loads it too),
with a table of the commands issued and the programme's figures; then the story's 2025 and 2026 — the merger into
Cần Thơ, the agencies' reorganisation, Cần Thơ's 2026 programme re-checking Sóc Trăng's carried-over
nonconformities — with a line for each."""

from __future__ import annotations

from collections import Counter
from datetime import date

import typer
from rich.table import Table

from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.services.demo import load_seed, replay_seed
from isotrail.services.demo_2026 import carried_over_figures, run_2026
from isotrail.services.demo_merger import Provinces, StoryReplay, load_story, merge_provinces
from isotrail.services.entrypoints.bootstrap import Services
from isotrail.services.entrypoints.common import console, exit_normally_on_sigterm, services_for_command
from isotrail.services.figures import programme_figures


def load_demo(services: Services, slug: str | None, *, merger: bool = True) -> Tenant:
    """Load the demo; returns the tenant whose tokens read it: Cần Thơ once Sóc Trăng is merged into it."""
    seed = load_seed()
    tenant = Tenant(slug or services.settings.demo_tenant)
    merged = services.tenants.ensure(tenant, seed["tenant"]["display_name"]).status is TenantStatus.MERGED
    with services.tenants.application(tenant, read_only=merged) as tenant_app_:
        with console.status("Đang nạp kế hoạch 35/KH-UBND (Sóc Trăng 2020)…"):
            replay = replay_seed(tenant_app_, seed)
        figures = programme_figures(tenant_app_, tenant_app_.programme_id(seed["programme"]["code"]))
    _print_commands(f"Demo tenant '{tenant.slug}': commands issued this run", replay.commands)
    if not replay.total:
        console.print(f"Demo tenant '{tenant.slug}' already holds the 2020 programme.")
    for line in figures.lines_vi():
        console.print(f"  {line}")
    return _load_story(services, tenant) if merger else tenant


def _load_story(services: Services, soc_trang: Tenant) -> Tenant:
    """The merger of 1 Jul 2025 and Cần Thơ's 2026 programme, with a line for each."""
    story = load_story()
    provinces = Provinces.around(soc_trang, story)
    replay = StoryReplay(services.tenants, provinces, story)
    with console.status("Đang nạp hợp nhất 2025 và kế hoạch 2026 (Cần Thơ)…"):
        merge_provinces(replay)
        programme_id = run_2026(replay)
    if replay.total:
        _print_commands(f"Tenant '{provinces.can_tho.slug}': the 2025 merger and 2026 programme's commands",
                        replay.commands)
    names = {record.slug: record.display_name for record in services.tenants.list()}
    merger = story["merger"]
    effective_on = date.fromisoformat(merger["effective_on"])
    with services.tenants.application(provinces.can_tho, read_only=True) as app:
        figures = carried_over_figures(app, provinces, programme_id, story, names)
        register = app.unit_register()
        plan_number = app.get_programme(programme_id).plan_number
    reorganised = sum(unit.dissolved_on is not None and unit.dissolved_on.year == effective_on.year
                      for unit in register)
    console.print(f"  Hợp nhất từ {effective_on:%d/%m/%Y} (Nghị quyết {merger['decision_number']}): "
                  f"{names[provinces.soc_trang.slug]}, {names[provinces.hau_giang.slug]} → "
                  f"{names[provinces.can_tho.slug]}; {reorganised} cơ quan sáp nhập hoặc chấm dứt hoạt động năm "
                  f"{effective_on.year}")
    console.print(f"  {figures.line_vi(plan_number)}")
    return provinces.can_tho


def _print_commands(title: str, commands: Counter[str]) -> None:
    if not commands:
        return
    table = Table(title=title)
    table.add_column("command")
    table.add_column("count", justify="right")
    for command, count in sorted(commands.items()):
        table.add_row(command, str(count))
    table.add_row("total", str(sum(commands.values())), style="bold")
    console.print(table)


def demo(tenant: str = typer.Option(None, help="Tenant slug (default: ISOTRAIL_DEMO_TENANT)."),
         merger: bool = typer.Option(True, help="Go on to the 2025 merger into Cần Thơ and its 2026 programme.")
         ) -> None:
    """Replay the 2020 Sóc Trăng programme through the commands, then the 2025 merger and 2026 (idempotent)."""
    exit_normally_on_sigterm()
    with services_for_command() as services:
        load_demo(services, tenant, merger=merger)
