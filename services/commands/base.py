"""What every command shares: the base of the definitions, the words beside their fields, what a handled
command stored, and the two shapes of handler — one that creates an aggregate and one that changes a stored one.

A handler here is data (which aggregate, what to call on it); ``handle.py`` runs it. A definition's field is
described where it is declared (``name: str = described("…")``, domain/described.py), which is what GraphQL's
input object shows for it; ``occurred_on`` and ``expected_version`` mean the same in every command and are
described once, in :data:`SHARED_FIELDS`, unless a command says more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import Field, dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from uuid import UUID

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.described import description_of
from isotrail.domain.input_errors import InvalidValueError

if TYPE_CHECKING:
    from isotrail.services.tenant_application import TenantApplication

A = TypeVar("A", bound=IsotrailAggregate)
VIETNAM = timezone(timedelta(hours=7))  # the day a decision takes effect is Vietnam's (no summer time)
References = Callable[[Any], Iterable[tuple[type[IsotrailAggregate], UUID]]]
Reads = Callable[["TenantApplication", Any, A], Iterable[object]]
SHARED_FIELDS = {  # what the fields most commands share mean
    "occurred_on": "The business date on which it happened (the paper's date), not the time it is recorded, which "
                   "the server stamps.",
    "expected_version": "The version of the aggregate as last read (a payload's or an object's `version`): the "
                        "command is refused with `STALE_VERSION` if the aggregate has changed since. Null: no check.",
}


@dataclass(frozen=True, kw_only=True)
class Command:
    """What a caller asks of its tenant; it may be refused. An event, by contrast, is what happened."""


def taken_effect(day: date, field_name: str, *, what_vi: str, what_en: str) -> date:
    """``day``, refused (``InvalidValueError`` at ``field_name``) when it is after Vietnam's today: a merge or a
    reorganisation (``what_vi``/``what_en``) records what has taken effect, and one dated ahead would stand before
    every change dated up to it."""
    if day > datetime.now(UTC).astimezone(VIETNAM).date():
        raise InvalidValueError(field_name=field_name, reason_vi=f"sau hôm nay: {what_vi} ghi nhận việc đã có hiệu lực",
                                reason_en=f"after today: {what_en} records what has taken effect")
    return day


def field_description(given: Field[Any]) -> str | None:
    """The words a definition's field is declared with, else those of :data:`SHARED_FIELDS`."""
    return description_of(given) or SHARED_FIELDS.get(given.name)


def command_name(command_type: type[Command]) -> str:
    """``RenameUnit`` → ``rename_unit``: the command's name in counters and (camel-cased) in GraphQL."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", command_type.__name__).lower()


@dataclass(frozen=True)
class Recorded:
    """What a command stored: the aggregate, its new version and the last notification id."""

    aggregate_id: UUID
    version: int
    notification_id: int | None
    entity_id: UUID | None = None


def no_references(_command: Any) -> Iterable[tuple[type[IsotrailAggregate], UUID]]:
    return ()


@dataclass(frozen=True)
class Create:
    """Make a new ``aggregate``: ``build`` runs under the caller's authority, and an aggregate whose id is
    already stored is refused as an :class:`AlreadyExistsError` naming ``what_vi``/``what_en`` and ``key``."""

    aggregate: type[IsotrailAggregate]
    build: Callable[[TenantApplication, Any], IsotrailAggregate]
    what_vi: str
    what_en: str
    key: Callable[[Any], str]
    references: References = no_references


@dataclass(frozen=True)
class Change(Generic[A]):
    """Act on the stored ``aggregate`` the command's ``target`` names; ``act`` may return the id of an entity
    it made inside it (a nonconformity). ``references`` must exist before anything is decided. ``consults``
    names, from the command and the loaded aggregate, the other aggregates a rule spans (the host of a shared
    QMS): they are read as stored, given to ``act`` after the command, and saved with the aggregate in one
    transaction, so that a concurrent change of any of them is a conflict; with ``consults_stored``, those
    named that are not stored are left out (a programme's inspections not scheduled yet). ``reads`` gives, from
    the tenant's Application, the command and the loaded aggregate, what else a rule reads as stored but does not
    change (the register of units a plan's coverage is checked against), given to ``act`` after the consulted
    aggregates."""

    aggregate: type[A]
    target: Callable[[Any], UUID]
    act: Callable[..., object]
    references: References = no_references
    consults: Callable[[Any, A], Iterable[tuple[type[IsotrailAggregate], UUID]]] | None = None
    reads: Reads[A] | None = None
    consults_stored: bool = False
    start: Callable[[Any], A] | None = None  # makes the target when it is not stored yet (a first template)


@dataclass(frozen=True)
class Several:
    """Decide on several aggregates of ``aggregate``'s type at once (a reorganisation's units): ``decide`` reads
    what it needs from the tenant's Application under the caller's authority and returns the aggregates it changed
    or made, the first the one the answer names; all are saved in one transaction, or none."""

    aggregate: type[IsotrailAggregate]
    decide: Callable[[TenantApplication, Any], list[IsotrailAggregate]]
    references: References = no_references


def changes(aggregate: type[A], id_field: str) -> Callable[..., Change[A]]:
    """The maker of :class:`Change` handlers for commands on ``aggregate``, found by ``id_field``."""

    def change(act: Callable[..., object], *, references: References = no_references,
               consults: Callable[[Any, A], Iterable[tuple[type[IsotrailAggregate], UUID]]] | None = None,
               reads: Reads[A] | None = None, consults_stored: bool = False) -> Change[A]:
        return Change(aggregate, attrgetter(id_field), act, references, consults, reads, consults_stored)

    return change
