"""The scalars the schema uses beyond GraphQL's own, as strawberry parses and prints them, with words for
clients: a business date (``Date``), a recorded time (``DateTime``) and a ``UUID``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from uuid import UUID

from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition, UUIDDefinition
from strawberry.types.scalar import ScalarDefinition

SCALARS: dict[object, ScalarDefinition] = {
    date: replace(DateDefinition, description=(
        "A calendar date, ISO 8601 (2020-03-05): a business date, the date a paper bears, with no time or zone.")),
    datetime: replace(DateTimeDefinition, description=(
        "An instant, ISO 8601 with its time zone (2020-03-05T08:30:00+07:00): a recorded time, when something was "
        "stored (never a business date).")),
    UUID: replace(UUIDDefinition, description=(
        "A uuid (8-4-4-4-12 hexadecimal digits): the id of a unit, programme, inspection or nonconformity that "
        "commands and arguments take; an object's global `id` is another thing.")),
}
