"""graphql/selected_columns.py: a list asks its page for the columns of the fields selected on its rows, through
``nodes`` and ``edges { node }``, fragments included; a field it does not know reads every column."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from strawberry.types import Info

from isotrail.graphql.schema import schema as isotrail_schema
from isotrail.graphql.selected_columns import columns_selected
from isotrail.graphql.units import Unit

EVERY = ("row_id", "name", "size", "owner_ids")
COLUMNS_OF = {"__typename": (), "id": ("row_id",), "name": ("name",), "size": ("size",), "owners": ("owner_ids",),
              "parent": None}
asked: list[tuple[str, ...]] = []


@strawberry.type
class Row:
    id: strawberry.ID
    name: str
    size: int
    owners: list[str]
    note: str  # no entry: every column
    parent: str  # None: every column


@strawberry.type
class Edge:
    cursor: str
    node: Row


@strawberry.type
class Page:
    nodes: list[Row]
    edges: list[Edge]
    total: int


@strawberry.type
class Query:
    @strawberry.field
    def rows(self, info: Info) -> Page:
        asked.append(columns_selected(info, COLUMNS_OF, EVERY))
        return Page(nodes=[], edges=[], total=0)


SCHEMA = strawberry.Schema(Query)


@pytest.mark.parametrize(("query", "columns"), [
    ("{ rows { nodes { name } } }", ("row_id", "name")),
    ("{ rows { total } }", ("row_id",)),
    ("{ rows { edges { cursor node { size } } nodes { __typename } } }", ("row_id", "size")),
    ("{ rows { ...R } } fragment R on Page { nodes { ...N } edges { node { ... on Row { owners } } } } "
     "fragment N on Row { name @skip(if: true) }", ("row_id", "name", "owner_ids")),
    ("{ rows { nodes { name note } } }", EVERY),
    ("{ rows { edges { node { name parent } } } }", EVERY),
    ("{ a: rows { nodes { name } } b: rows { nodes { size } } }", None),
])
def test_the_columns_are_those_the_selected_fields_read(query: str, columns: tuple[str, ...] | None) -> None:
    asked.clear()
    result = SCHEMA.execute_sync(query)
    assert result.errors is None, result.errors
    assert asked[0] == (columns or ("row_id", "name")) and asked[-1] == (columns or ("row_id", "size"))


def test_every_field_of_a_unit_says_the_columns_it_reads() -> None:
    unit = isotrail_schema.schema_converter.type_map["Unit"].implementation
    fields: Any = unit.fields
    assert set(fields) <= set(Unit.COLUMNS_OF)
    assert {column for columns in Unit.COLUMNS_OF.values() for column in columns or ()} <= set(Unit.COLUMNS)
