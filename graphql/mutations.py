"""Mutations: one per service command. Authorisation by role happens in the services, the tenant comes
from the token, and ``expectedVersion`` guards against editing stale data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.domain.values import AssessmentResult, InspectionForm, RecommendationSource, UnitKind
from isotrail.graphql.commands import CommandResult, run_command
from isotrail.graphql.permissions import allowed
from isotrail.services.permissions import Action

UnitKindInput = strawberry.enum(UnitKind, name="UnitKind")
InspectionFormInput = strawberry.enum(InspectionForm, name="InspectionForm")
AssessmentResultInput = strawberry.enum(AssessmentResult, name="AssessmentResult")
RecommendationSourceInput = strawberry.enum(RecommendationSource, name="RecommendationSource")

def command(resolver: Callable[..., Awaitable[CommandResult]]) -> Any:
    """A mutation open to any valid token of the tenant; the services decide what each role may do."""
    return strawberry.mutation(resolver, extensions=allowed(Action.READ_TENANT))


@strawberry.type
class Mutation:
    @command
    async def register_unit(self, info: Info, code: str, name: str, kind: UnitKindInput,
                            occurred_on: date) -> CommandResult:
        return await run_command(info, lambda app, caller: app.register_unit(
            caller, code=code, name=name, kind=UnitKind(kind), occurred_on=occurred_on))

    @command
    async def rename_unit(self, info: Info, unit_id: UUID, name: str, occurred_on: date,
                          expected_version: int | None = None) -> CommandResult:
        return await run_command(info, lambda app, caller: app.rename_unit(
            caller, unit_id, name=name, occurred_on=occurred_on, expected_version=expected_version))

    @command
    async def add_unit_to_programme(self, info: Info, programme_id: UUID, unit_id: UUID, form: InspectionFormInput,
                                    occurred_on: date, joint_team: str | None = None,
                                    expected_version: int | None = None) -> CommandResult:
        return await run_command(info, lambda app, caller: app.add_unit_to_programme(
            caller, programme_id, unit_id=unit_id, form=InspectionForm(form), occurred_on=occurred_on,
            joint_team=joint_team, expected_version=expected_version))

    @command
    async def schedule_inspection(self, info: Info, programme_id: UUID, unit_id: UUID, scheduled_on: date,
                                  occurred_on: date) -> CommandResult:
        return await run_command(info, lambda app, caller: app.schedule_inspection(
            caller, programme_id, unit_id=unit_id, scheduled_on=scheduled_on, occurred_on=occurred_on))

    @command
    async def conduct_inspection(self, info: Info, inspection_id: UUID, inspectors: list[str], occurred_on: date,
                                 expected_version: int | None = None) -> CommandResult:
        return await run_command(info, lambda app, caller: app.conduct_inspection(
            caller, inspection_id, inspectors=inspectors, occurred_on=occurred_on,
            expected_version=expected_version))

    @command
    async def assess_item(self, info: Info, inspection_id: UUID, item_code: str, result: AssessmentResultInput,
                          occurred_on: date, note: str | None = None, corrects_version: int | None = None,
                          expected_version: int | None = None) -> CommandResult:
        return await run_command(info, lambda app, caller: app.assess_item(
            caller, inspection_id, item_code=item_code, result=AssessmentResult(result), occurred_on=occurred_on,
            note=note, corrects_version=corrects_version, expected_version=expected_version))

    @command
    async def raise_nonconformity(self, info: Info, inspection_id: UUID, item_code: str, description: str,
                                  occurred_on: date, expected_version: int | None = None) -> CommandResult:
        return await run_command(info, lambda app, caller: app.raise_nonconformity(
            caller, inspection_id, item_code=item_code, description=description, occurred_on=occurred_on,
            expected_version=expected_version))

    @command
    async def sign_minutes(self, info: Info, inspection_id: UUID, minutes_number: str, unit_signatory: str,
                           occurred_on: date, expected_version: int | None = None) -> CommandResult:
        return await run_command(info, lambda app, caller: app.sign_minutes(
            caller, inspection_id, minutes_number=minutes_number, unit_signatory=unit_signatory,
            occurred_on=occurred_on, expected_version=expected_version))

    @command
    async def receive_corrective_action_report(
        self, info: Info, inspection_id: UUID, reference: str, summary: str, occurred_on: date,
        nonconformity_ids: list[UUID] | None = None, expected_version: int | None = None,
    ) -> CommandResult:
        return await run_command(info, lambda app, caller: app.receive_corrective_action_report(
            caller, inspection_id, reference=reference, summary=summary, occurred_on=occurred_on,
            nonconformity_ids=nonconformity_ids, expected_version=expected_version))

    @command
    async def verify_corrective_action(self, info: Info, inspection_id: UUID, nonconformity_id: UUID,
                                       occurred_on: date, note: str | None = None,
                                       expected_version: int | None = None) -> CommandResult:
        return await run_command(info, lambda app, caller: app.verify_corrective_action(
            caller, inspection_id, nonconformity_id=nonconformity_id, occurred_on=occurred_on, note=note,
            expected_version=expected_version))

    @command
    async def reject_corrective_action(self, info: Info, inspection_id: UUID, nonconformity_id: UUID,
                                       notice_number: str, reason: str, occurred_on: date,
                                       expected_version: int | None = None) -> CommandResult:
        return await run_command(info, lambda app, caller: app.reject_corrective_action(
            caller, inspection_id, nonconformity_id=nonconformity_id, notice_number=notice_number, reason=reason,
            occurred_on=occurred_on, expected_version=expected_version))

    @command
    async def record_recommendation(
        self, info: Info, inspection_id: UUID,
        # not `source` in Python: strawberry's permission extension takes a `source` argument of its own
        recommendation_source: Annotated[RecommendationSourceInput, strawberry.argument(name="source")],
        text: str, occurred_on: date,
    ) -> CommandResult:
        return await run_command(info, lambda app, caller: app.record_recommendation(
            caller, inspection_id, source=RecommendationSource(recommendation_source), text=text,
            occurred_on=occurred_on))
