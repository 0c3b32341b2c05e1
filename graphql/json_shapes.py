"""What of a plan's rows PostgreSQL can write as JSON itself (projections/json_pages.py), with the values the API
would answer: a row's plain columns of GraphQL's own scalars, ``UUID`` and ``Date``, its enums (each stored value
by the name its type's own output coercion gives it), its ``__typename``, global ``id`` and joined object. Any
other field (a ``DateTime``, whose text PostgreSQL writes in its own way) and the row is read as rows."""

from __future__ import annotations

from enum import Enum
from typing import Any

from graphql import GraphQLBoolean, GraphQLID, GraphQLInt, GraphQLString, is_enum_type, is_scalar_type

from isotrail.graphql.execution import coerce_output
from isotrail.projections.json_pages import JsonValue, fits

AS_WRITTEN = (GraphQLString, GraphQLID, GraphQLBoolean)  # PostgreSQL's JSON of text, uuid and boolean is theirs


def json_shape(fields: list[tuple[Any, ...]]) -> tuple[JsonValue, ...] | None:
    """The JSON shape of a plan's row fields (read_plans.Row.fields), or None when PostgreSQL cannot write one."""
    shape = []
    for field in fields:
        key, kind = field[0], field[1]
        if kind == "const":
            shape.append(JsonValue(key, "text", text=field[2]))
        elif kind == "id":
            shape.append(JsonValue(key, "global_id", column=field[3], text=field[2]))
        elif kind == "column":
            value = _column(key, field[2], field[6], non_null=field[4])
            if value is None:
                return None
            shape.append(value)
        else:  # a joined row
            inner = json_shape(field[3].fields)
            if inner is None:
                return None
            shape.append(JsonValue(key, "object", column=field[2].join, non_null=field[4], fields=inner))
    return tuple(shape) if fits(shape) else None


def _column(key: str, column: str, leaf: Any, *, non_null: bool) -> JsonValue | None:
    if leaf in AS_WRITTEN or (is_scalar_type(leaf) and leaf.name == "UUID"):
        return JsonValue(key, "value", column=column, non_null=non_null)
    if leaf is GraphQLInt:
        return JsonValue(key, "int", column=column, non_null=non_null)
    if is_scalar_type(leaf) and leaf.name == "Date":  # strawberry's: date.isoformat(), as PostgreSQL's JSON
        return JsonValue(key, "date", column=column, non_null=non_null)
    if is_enum_type(leaf):
        return JsonValue(key, "enum", column=column, non_null=non_null, names=_names(leaf))
    return None


def _names(enum_type: Any) -> dict[str, str]:
    """Each stored value of the enum (its members' values) by the name the type's coercion answers for it."""
    coerce = coerce_output(enum_type)
    names = {}
    for value in enum_type.values.values():
        stored = value.value.value if isinstance(value.value, Enum) else value.value
        try:
            names[str(stored)] = coerce(stored)
        except Exception:  # noqa: S112 - a value the coercion refuses is left to the rows' path
            continue
    return names
