"""The one way a command is run: permission → load → domain method → save → :class:`Recorded`. GraphQL's
mutations, the CLI's demo replay and the tests all come through :func:`handle`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.document_template import DocumentTemplate
from isotrail.domain.errors import DomainError, IsotrailError
from isotrail.domain.inspection import Inspection
from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.programme import Programme
from isotrail.domain.unit import Unit
from isotrail.services.command_actions import action_for
from isotrail.services.commands import (
    carried_over,
    corrective_action,
    documents,
    findings,
    inspection,
    inspection_records,
    programme,
    programme_records,
    reorganisation,
    unit,
)
from isotrail.services.commands.base import Change, Command, Create, Recorded, Several
from isotrail.services.conflict_errors import AlreadyExistsError, ConcurrentWriteError, StaleVersionError
from isotrail.services.permissions import Action, Caller, authorize
from isotrail.services.record_names import name_records
from isotrail.services.tenant_application import NOT_FOUND, TenantApplication

HANDLERS: dict[type[Command], Create | Change[Any] | Several] = {
    **unit.HANDLERS, **reorganisation.HANDLERS, **programme.HANDLERS, **programme_records.HANDLERS,
    **inspection.HANDLERS, **inspection_records.HANDLERS, **findings.HANDLERS, **corrective_action.HANDLERS,
    **carried_over.HANDLERS, **documents.HANDLERS}

# The unit an aggregate belongs to, which a unit representative must be acting for.
OWNING_UNIT: dict[type[IsotrailAggregate], Callable[[Any], UUID | None]] = {
    Unit: lambda unit: unit.id,
    Inspection: lambda inspection: inspection.unit_id,
    Programme: lambda _programme: None,
    DocumentTemplate: lambda _template: None,  # the province's
}


def handle(app: TenantApplication, caller: Caller, command: Command) -> Recorded:
    """Run ``command`` for ``caller`` on the tenant whose Application ``app`` is.

    Args:
        app: the tenant's Application (leased from ``TenantRegistry.application``).
        caller: who asks, in which role, for which unit, under which correlation id.
        command: one of the definitions in ``services/commands``.

    Returns:
        The aggregate's id and new version, the last notification id and any entity made inside it.

    Raises ``PermissionDeniedError``, a ``NotFoundError`` for the target or a referenced aggregate (a unit
    representative gets it for another unit's record too, as its reads do),
    ``AlreadyExistsError``, ``StaleVersionError``, ``ConcurrentWriteError`` or the domain's broken rule, its
    Vietnamese message naming the records its ids stand for (services/record_names.py).
    """
    handler = HANDLERS[type(command)]
    try:
        return _handle(app, caller, command, handler)
    except IsotrailError as error:
        for each in (error, *getattr(error, "row_errors", ())):  # a refused list's rows' errors name theirs too
            name_records(app, each, within=handler.target(command) if isinstance(handler, Change) else None)
        raise


def _handle(app: TenantApplication, caller: Caller, command: Command,
            handler: Create | Change[Any] | Several) -> Recorded:
    action = action_for(command)
    authorize(caller, action, unit_id=caller.unit_id)  # the role may issue it at all, whatever the ids name
    for cls, aggregate_id in handler.references(command):
        app.load(cls, aggregate_id)
    if isinstance(handler, Create):
        return _create(app, caller, action, handler, command)
    if isinstance(handler, Several):
        with _acting(app, caller, action):
            return save(app, *handler.decide(app, command))
    return _change(app, caller, action, handler, command)


def _consulted(app: TenantApplication, handler: Change[Any], command: Any,
               aggregate: IsotrailAggregate) -> list[IsotrailAggregate]:
    """The other aggregates a handler's rule spans, as stored (not the process's possibly older copies); with
    ``consults_stored``, only those stored."""
    if handler.consults is None:
        return []
    named = handler.consults(command, aggregate)
    if handler.consults_stored:
        named = [(cls, aggregate_id) for cls, aggregate_id in named if app.exists(aggregate_id)]
    return [app.load(cls, aggregate_id, fresh=True) for cls, aggregate_id in named]


def _read(app: TenantApplication, handler: Change[Any], command: Any, aggregate: IsotrailAggregate) -> list[object]:
    """What else the handler's rule reads as stored, without changing it (the register of units)."""
    return [] if handler.reads is None else list(handler.reads(app, command, aggregate))


def _create(app: TenantApplication, caller: Caller, action: Action, handler: Create, command: Any) -> Recorded:
    with _acting(app, caller, action):
        aggregate = handler.build(app, command)
    if app.exists(aggregate.id):
        raise AlreadyExistsError(what_vi=handler.what_vi, what_en=handler.what_en, key=handler.key(aggregate))
    return save(app, aggregate)


def _change(app: TenantApplication, caller: Caller, action: Action, handler: Change[Any], command: Any) -> Recorded:
    """Load, authorise, check the expected version, act and save.

    Aggregates come from a per-process cache that is not re-read before each command, so the copy may
    be behind the store when another process wrote. Whatever the first decision runs into — a conflict
    on save, a stale expected version, a broken rule — is therefore decided once more on the stored
    state before the caller hears of it.
    """
    aggregate_id = handler.target(command)
    expected_version = command.expected_version  # every command on a stored aggregate has one (tested)
    aggregate = _target(app, caller, action, handler, command, aggregate_id)
    for on_stored_state in (False, True):
        consulted = _consulted(app, handler, command, aggregate)
        read = _read(app, handler, command, aggregate)
        try:
            with _acting(app, caller, action, unit_id=OWNING_UNIT[handler.aggregate](aggregate),
                         not_found=partial(NOT_FOUND[handler.aggregate], aggregate_id)):
                if expected_version is not None and expected_version != aggregate.version:
                    raise StaleVersionError(aggregate_id=aggregate.id, expected=expected_version,
                                            actual=aggregate.version)
                made = handler.act(aggregate, command, *consulted, *read)
            return save(app, aggregate, *consulted, entity_id=made if isinstance(made, UUID) else None)
        except (DomainError, StaleVersionError, ConcurrentWriteError):
            if on_stored_state:
                raise
            app.forget(aggregate.id)
            aggregate = _target(app, caller, action, handler, command, aggregate_id)
    raise AssertionError("unreachable")  # pragma: no cover


def _target(app: TenantApplication, caller: Caller, action: Action, handler: Change[Any], command: Any,
            aggregate_id: UUID) -> IsotrailAggregate:
    """The stored target; one not stored yet made by the handler's ``start``, if it has one."""
    if handler.start is not None and not app.exists(aggregate_id):
        with _acting(app, caller, action):
            return handler.start(command)
    return app.load(handler.aggregate, aggregate_id)


@contextmanager
def _acting(app: TenantApplication, caller: Caller, action: Action, *, unit_id: UUID | None = None,
            not_found: Callable[[], Exception] | None = None) -> Iterator[None]:
    """Authorise the caller, then stamp its metadata on the events triggered in the block."""
    authorize(caller, action, unit_id=unit_id, not_found=not_found)
    with recording_as(EventMeta(caller.actor_id, caller.role, app.tenant, caller.correlation_id)):
        yield


def save(app: TenantApplication, aggregate: IsotrailAggregate, *others: IsotrailAggregate,
         entity_id: UUID | None = None) -> Recorded:
    """Store what a handler decided, with what it recorded on ``others`` (in one transaction); another writer's
    save of the same version of any of them is a :class:`ConcurrentWriteError`."""
    try:
        recordings = app.save(aggregate, *others)
    except IntegrityError:
        for each in (aggregate, *others):
            app.forget(each.id)
        raise ConcurrentWriteError(aggregate_id=aggregate.id) from None
    last = recordings[-1].notification.id if recordings else None
    return Recorded(aggregate.id, aggregate.version, last, entity_id)
