"""Replays the 2020 Sóc Trăng programme (Plan 35/KH-UBND) through the commands, never by SQL: the plan
(``demo_plan.py``), each unit's inspection (``demo_inspections.py``), then the November compilation of its
results (Art. 38.1, its figures counted) and the year's closing report.

Every step first looks at what is already stored and only issues the commands still missing, so
running the replay twice (or after an interrupted run) stores nothing twice. How a command is issued is
the caller's choice (:data:`Issue`): ``isotrail demo`` handles each in process; a test sends the same
command objects as GraphQL mutations over HTTP.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from importlib import resources
from typing import Any

from isotrail.domain.programme_values import ProgrammeStatus
from isotrail.domain.roles import Role
from isotrail.services.commands import Command, CompileProgrammeResults, ReportProgrammeResults, command_name
from isotrail.services.commands.handle import handle
from isotrail.services.demo_inspections import inspect_unit
from isotrail.services.demo_plan import plan_programme, register_units
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication

SEED_FILE = "soc_trang_2020.json"
Issue = Callable[[Caller, Command], object]  # issues a command for a caller; refusals raise


def load_seed() -> dict[str, Any]:
    text = (resources.files("isotrail.services") / "seed" / SEED_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@dataclass
class DemoReplay:
    """Issues the replay's commands (``send``: in process unless told otherwise) and counts how many of each
    kind it issued (zero everywhere on a second run)."""

    app: TenantApplication
    send: Issue
    commands: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.commands.values())

    def issue(self, caller: Caller, command: Command) -> None:
        """The one place the replay issues a command."""
        self.send(caller, command)
        self.commands[command_name(type(command))] += 1


def replay_seed(app: TenantApplication, seed: dict[str, Any] | None = None, *,
                issue: Issue | None = None) -> DemoReplay:
    """Replay ``seed`` (the bundled one by default) into the tenant of ``app``, which the steps read to see
    what is stored; each command goes through ``issue`` (``handle`` on ``app`` by default)."""
    seed = seed or load_seed()
    replay = DemoReplay(app, issue or partial(handle, app))
    admin = Caller(seed["actors"]["admin"], Role.TENANT_ADMIN, correlation_id="demo-soc-trang-2020")
    inspector = Caller(seed["actors"]["inspector"], Role.INSPECTOR, correlation_id="demo-soc-trang-2020")
    unit_ids = register_units(app, admin, seed, replay)
    programme_id = plan_programme(app, admin, seed, unit_ids, replay)
    for unit in seed["units"]:
        inspect_unit(app, admin, inspector, seed, programme_id, unit_ids[unit["code"]], unit, replay)
    programme = app.get_programme(programme_id)
    report = seed["programme"]["report"]
    if programme.status is ProgrammeStatus.APPROVED and programme.compiled_on is None:
        compilation = seed["programme"]["compilation"]  # Art. 38.1: its figures are counted, not given
        replay.issue(admin, CompileProgrammeResults(
            programme_id=programme_id, compilation_number=compilation["compilation_number"],
            signer=compilation["signer"], assessment=report["summary"], proposals=report["proposals"],
            occurred_on=date.fromisoformat(compilation["compiled_on"])))
    if programme.status is ProgrammeStatus.APPROVED:
        replay.issue(admin, ReportProgrammeResults(
            programme_id=programme_id, report_number=report["report_number"], summary=report["summary"],
            proposals=report["proposals"], occurred_on=date.fromisoformat(report["reported_on"])))
    return replay
