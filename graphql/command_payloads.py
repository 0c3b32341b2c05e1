"""What a mutation answers: one payload type per command (``RenameUnitPayload``), each a
:class:`CommandPayload` — whether the command was stored, what it stored, and its ``userErrors``
(graphql/user_errors.py) — plus the object the command changed, where the graph has a type for it.

The hook for that object is :data:`CHANGED_OBJECTS`: the fields a payload gains for the aggregate its
command creates or changes (``services/commands``' handler tables name it), each read from the read models
once the write shows, through the request's reader as every read is: ``unit``, ``programme``,
``inspection`` (and ``nonconformity``), the graph's own types.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.document_template import DocumentTemplate as DocumentTemplateAggregate
from isotrail.domain.inspection import Inspection as InspectionAggregate
from isotrail.domain.programme import Programme as ProgrammeAggregate
from isotrail.domain.unit import Unit as UnitAggregate
from isotrail.graphql.document_templates import DocumentTemplate, template_of
from isotrail.graphql.findings import Finding, finding_by_id
from isotrail.graphql.inspections import Inspection, inspection_by_id
from isotrail.graphql.programmes import Programme, programme_by_id
from isotrail.graphql.units import Unit, unit_by_id
from isotrail.graphql.user_errors import UserError
from isotrail.services.commands import Command, Recorded, command_name
from isotrail.services.commands.handle import HANDLERS
from isotrail.services.not_found_errors import NotFoundError


@strawberry.interface(description="What every mutation answers: whether its command was stored, what it stored, "
                                  "and its expected failures.")
class CommandPayload:
    ok: bool = strawberry.field(description="Whether the command was stored; a stored one may still carry a "
                                            "`PROJECTION_TIMEOUT`, `PROJECTION_FAILED` or `DATABASE_UNAVAILABLE` "
                                            "user error when the read models cannot show it yet.")
    aggregate_id: UUID | None = strawberry.field(
        default=None, description="The unit, programme or inspection the command created or changed.")
    version: int | None = strawberry.field(
        default=None, description="Its version after the command: the next command's `expectedVersion`.")
    notification_id: int | None = strawberry.field(
        default=None, description="The position of the command's last event in the tenant's event log.")
    entity_id: UUID | None = strawberry.field(
        default=None, description=("The id of what the command made inside the aggregate: raiseNonconformity's "
                                    "new nonconformity; null for any other command."))
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why the command stored nothing, or why its write does not show yet.")
    command: strawberry.Private[Command | None] = None  # what was asked, for the changed object's resolvers


@dataclass(frozen=True)
class ChangedObject:
    """A payload's field showing the object its command changed: ``name`` (``unit``), and ``resolve``, a
    strawberry resolver given the payload (``root``), annotated with the object's GraphQL type."""

    name: str
    resolve: Callable[..., Any]
    description: str


async def _shown(read: Callable[[Info, UUID], Awaitable[Any]], info: Info, object_id: UUID | None) -> Any:
    """The object as the read models show it; None when nothing was stored, or not shown yet (the payload
    then carries ``PROJECTION_TIMEOUT``)."""
    if object_id is None:
        return None
    try:
        return await read(info, object_id)
    except NotFoundError:
        return None


async def _unit(root: strawberry.Parent[CommandPayload], info: Info) -> Unit | None:
    return await _shown(unit_by_id, info, root.aggregate_id)


async def _programme(root: strawberry.Parent[CommandPayload], info: Info) -> Programme | None:
    return await _shown(programme_by_id, info, root.aggregate_id)


async def _inspection(root: strawberry.Parent[CommandPayload], info: Info) -> Inspection | None:
    return await _shown(inspection_by_id, info, root.aggregate_id)


async def _nonconformity(root: strawberry.Parent[CommandPayload], info: Info) -> Finding | None:
    if root.aggregate_id is None:  # nothing stored
        return None
    return await _shown(finding_by_id, info, root.entity_id or getattr(root.command, "nonconformity_id", None))


async def _template(root: strawberry.Parent[CommandPayload], info: Info) -> DocumentTemplate | None:
    if root.aggregate_id is None or root.command is None:  # nothing stored
        return None
    return await template_of(info, root.command.document_kind.value, root.command.format.value)


CHANGED_OBJECTS: dict[type[IsotrailAggregate], tuple[ChangedObject, ...]] = {
    UnitAggregate: (ChangedObject("unit", _unit, "The unit as it is after the command."),),
    ProgrammeAggregate: (ChangedObject("programme", _programme, "The programme as it is after the command."),),
    InspectionAggregate: (
        ChangedObject("inspection", _inspection, "The inspection as it is after the command."),
        ChangedObject("nonconformity", _nonconformity, "The nonconformity the command raised or acted on, "
                                                       "as it is after it (null for a command on none)."),
    ),
    DocumentTemplateAggregate: (ChangedObject("template", _template, "The province's template as it is after the "
                                                                     "command (null when nothing was stored)."),),
}
"""The changed object, per aggregate: a payload gains ``unit``, ``programme``, ``inspection`` (and
``nonconformity``, from ``entity_id`` or the command's ``nonconformity_id``), each null when nothing was
stored; an aggregate with none here shows its ids only."""


def aggregate_of(command: type[Command]) -> type[IsotrailAggregate]:
    """The aggregate ``command`` creates or changes, as its handler names it."""
    return HANDLERS[command].aggregate


def payload_type(command: type[Command],
                 changed: dict[type[IsotrailAggregate], tuple[ChangedObject, ...]] = CHANGED_OBJECTS) -> type:
    """``command``'s payload: :class:`CommandPayload` with the changed object's fields for its aggregate."""
    namespace: dict[str, Any] = {"__annotations__": {}, "__module__": __name__}
    for shown in changed.get(aggregate_of(command), ()):
        namespace[shown.name] = strawberry.field(resolver=shown.resolve, description=shown.description)
    generated = type(f"{command.__name__}Payload", (CommandPayload,), namespace)
    mutation = to_camel_case(command_name(command))
    return strawberry.type(generated, description=f"What `{mutation}` answers.")


def payload(cls: type, command: Command, recorded: Recorded | None, errors: list[UserError]) -> CommandPayload:
    """An instance of the payload type ``cls``: what ``command`` stored (None: nothing) and its user errors."""
    if recorded is None:
        return cls(ok=False, user_errors=errors, command=command)
    return cls(ok=True, aggregate_id=recorded.aggregate_id, version=recorded.version,
               notification_id=recorded.notification_id, entity_id=recorded.entity_id, user_errors=errors,
               command=command)
