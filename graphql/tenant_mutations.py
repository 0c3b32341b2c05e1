"""The registry's mutations (services/commands/tenancy.py): ``mergeTenants``, its input generated from the
``MergeTenants`` definition as every mutation's is (graphql/command_inputs.py), run by the same handler the CLI's
``isotrail tenant merge`` runs. Every tenant it touches is named in its input, never by the token's tenant or a
header; the ministry's role (or the system's) may, a tenant's roles may not (``permission_denied``, before any
work). Its expected failures are ``userErrors`` of the merge's family (services/merge_errors.py)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry.types import Info

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.command_inputs import command_input
from isotrail.graphql.commands import caller_of
from isotrail.graphql.national_types import MergedProvince
from isotrail.graphql.permissions import allowed
from isotrail.graphql.user_errors import UserError, UserErrorCode
from isotrail.services.availability_errors import DatabaseUnavailableError
from isotrail.services.commands.tenancy import MergeTenants, administer
from isotrail.services.permissions import Action
from isotrail.services.province_map import province_map
from isotrail.services.tenant_merge import MergeReport

MERGE = command_input(MergeTenants)  # type: ignore[arg-type]  # a registry command: the same generated input
MergeTenantsInput = MERGE.type
EVERY_MERGE_YEAR = 9999  # the map whose day follows every merge recorded
PATHS = {**MERGE.paths, "from": MERGE.paths["predecessors"]}  # the merge's errors name the CLI's --from


@strawberry.type(description="What `mergeTenants` answers: the merge as it stands after this run, and its expected "
                             "failures.")
class MergeTenantsPayload:
    ok: bool = strawberry.field(description=(
        "Whether every predecessor named is merged into the successor now (by this run or an earlier one: a run "
        "again changes nothing)."))
    successor: str | None = strawberry.field(default=None, description="The successor's tenant slug.")
    successor_name: str | None = strawberry.field(default=None, description="The successor's display name.")
    created: bool = strawberry.field(default=False, description="Whether this run created the successor.")
    merged_now: list[str] = strawberry.field(default_factory=list, description=(
        "The predecessors this run merged; the others named were merged by an earlier run (empty on a repeat)."))
    predecessors: list[MergedProvince] = strawberry.field(default_factory=list, description=(
        "Every tenant merged into the successor so far (directly or through another merge), with its merge, by "
        "effective date: the lineage `nationalProvinces` shows from its effective year on."))
    user_errors: list[UserError] = strawberry.field(default_factory=list, description="Why nothing was merged.")


def _field(error: IsotrailError, command: MergeTenants) -> list[str] | None:
    """Where in the input the error's value is: a slug's by which field holds it, else by the error's field."""
    slug = error.details.get("slug")
    if isinstance(slug, str):
        def names(given: str) -> bool:  # a long slug is echoed cut, ending in "…"
            return given == slug or (slug.endswith("…") and given.startswith(slug[:-1]))
        if names(command.into):
            return PATHS["into"]
        if any(names(given) for given in command.predecessors):
            return PATHS["predecessors"]
    return PATHS.get(error.field) if error.field else None


async def _answer(info: Info, report: MergeReport) -> MergeTenantsPayload:
    records = await asyncio.to_thread(info.context.tenants.list)
    shown = next((province for province in province_map(records, EVERY_MERGE_YEAR)
                  if province.slug == report.successor.slug), None)
    return MergeTenantsPayload(
        ok=True, successor=report.successor.slug, successor_name=report.successor.display_name,
        created=report.created, merged_now=list(report.merged_now),
        predecessors=[MergedProvince.of(predecessor) for predecessor in shown.predecessors] if shown else [])


@strawberry.type
class TenantMutations:
    @strawberry.mutation(extensions=allowed(Action.MERGE_TENANTS), description=(
        f"{MergeTenants.__doc__} The ministry's role (or the system's) only, as `isotrail tenant merge`: safe to run "
        "again after a failure half-way or a success; the tenants are those its input names."))
    async def merge_tenants(self, info: Info, input: Annotated[MergeTenantsInput, strawberry.argument(  # noqa: A002
            description="The merge (`MergeTenantsInput`); a value refused comes back in the payload's userErrors, "
                        "its path in `field`.")]) -> MergeTenantsPayload:
        command: MergeTenants = MERGE.build(input)  # type: ignore[assignment]
        try:
            report = await asyncio.to_thread(administer, info.context.tenants, caller_of(info), command)
        except DatabaseUnavailableError:
            raise  # as a query's would: graphql/unexpected_errors.py types it
        except IsotrailError as error:
            return MergeTenantsPayload(ok=False, user_errors=[UserError(
                code=UserErrorCode(error.code), field=_field(error, command), message=error.message_vi,
                message_vi=error.message_vi, message_en=error.message_en)])
        return await _answer(info, report)
