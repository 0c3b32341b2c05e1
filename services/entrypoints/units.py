"""``isotrail units reorganise``: a reorganisation decision's list of units (CSV or XLSX, old → new) applied as one
``ReorganiseUnits`` command, with a table of every faulty row, or of what was done."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer
from rich.markup import escape
from rich.table import Table

from isotrail.domain.reorganisation_errors import ReorganisationRejectedError
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import Decision, ordering
from isotrail.services.commands import ReorganiseUnits
from isotrail.services.commands.reorganisation import effective, rule_faults
from isotrail.services.entrypoints.common import console, services_for_command
from isotrail.services.mapping_file import read_mapping
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication

units_app = typer.Typer(help="Units (inspected agencies).", no_args_is_help=True)
CLI_ACTOR = "cli:units-reorganise"
DAY = ["%Y-%m-%d"]


@units_app.command("reorganise")
def units_reorganise(
    file: Annotated[Path, typer.Argument(help="The list, CSV (UTF-8) or XLSX: columns old_tenant, old_code, "
                                              "old_unit_id, new_code, new_name, new_kind.")],
    tenant: Annotated[str, typer.Option(help="The province that records it (Cần Thơ after 1 Jul 2025).")],
    decision_number: Annotated[str, typer.Option(help='The decision ordering it ("1234/QĐ-UBND").')],
    decision_date: Annotated[datetime, typer.Option(formats=DAY, help="The date it was signed, YYYY-MM-DD.")],
    effective_on: Annotated[datetime, typer.Option(formats=DAY, help="The date it takes effect, YYYY-MM-DD.")],
) -> None:
    """Merge, split, rename and dissolve units as a decision's list says, as a whole: nothing is stored when any
    row is wrong, and every wrong row is listed."""
    with services_for_command() as services:
        effective(effective_on.date(), "effective_on")  # said of the option, before the file is read
        rows, faults, lines = read_mapping(file)
        command = ReorganiseUnits(decision=Decision(decision_number, decision_date.date()),
                                  occurred_on=effective_on.date(), rows=rows)
        try:
            if faults:  # and the rules' faults in the other rows, so that one run reports every fault
                with services.tenants.application(Tenant(tenant), read_only=True) as app:
                    faulty = {getattr(fault, "row", None) for fault in faults}
                    faults += [each for each in rule_faults(app, command) if getattr(each, "row", None) not in faulty]
                raise ReorganisationRejectedError(faults)
            recorded = services.tenants.handle(Tenant(tenant), Caller(CLI_ACTOR, Role.TENANT_ADMIN), command)
        except ReorganisationRejectedError as refused:
            _report(refused, lines)
            raise typer.Exit(2) from None
        decision = ordering(command.decision)
        table = Table("đơn vị (unit)", "mã (code)", "tỉnh (province)", "sự kiện (events recorded)",
                      title=f"Quyết định {escape(command.decision.number)}: đã ghi nhận (recorded), hiệu lực từ "
                            f"{command.occurred_on:%d/%m/%Y}")
        with services.tenants.application(Tenant(tenant), read_only=True) as app:
            for unit_id in _touched(command, app):
                unit = app.get_unit(unit_id)
                kinds = [type(e).__name__ for e in app.events.get(unit_id) if getattr(e, "decision", None) == decision]
                if kinds:
                    table.add_row(escape(unit.name), escape(unit.code), escape(unit.tenant), ", ".join(kinds))
    console.print(table)
    console.print(f"Notification {recorded.notification_id}: the read models show it once projected.")


def _touched(command: ReorganiseUnits, app: TenantApplication) -> list[UUID]:
    """The units the command's rows name that are stored now (after it: the new ones too)."""
    tenant = app.tenant
    ids = []
    for row in command.rows:
        if row.old_unit_id is not None:
            ids.append(row.old_unit_id)
        elif row.old_code:
            ids.append(Unit.create_id(row.old_tenant or tenant, row.old_code.strip()))
        if row.new_code:
            ids.append(Unit.create_id(tenant, row.new_code.strip()))
    return [unit_id for unit_id in dict.fromkeys(ids) if app.exists(unit_id)]


def _report(refused: ReorganisationRejectedError, lines: list[int]) -> None:
    """Every faulty row: its line in the file (``lines``, by row), the field at fault, the error's code and
    message."""
    table = Table("dòng (line)", "cột (field)", "mã lỗi (code)", "lỗi (error)",
                  title=escape(refused.message_vi), title_style="bold red")
    for error in sorted(refused.row_errors, key=lambda e: (getattr(e, "row", 0), getattr(e, "path", ()))):
        row, field = getattr(error, "row", None), (getattr(error, "path", None) or ("", "", ""))[2]
        table.add_row(str(lines[row]) if row is not None and row < len(lines) else "—", field, error.code,
                      escape(_printable(error.message_vi)) + "\n" + escape(_printable(error.message_en)))
    console.print(table)


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch == "\n" else "?" for ch in text)

