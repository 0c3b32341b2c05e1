"""Every element of the schema a client sees is described, in NFC: each type the project defines (objects,
interfaces, input objects, enums, unions, scalars beyond GraphQL's own), its fields, their arguments, input
fields and enum values. A new one without its words fails here, listed by its path (``Unit.code``,
``Query.units(search)``, ``UnitKind.OTHER``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from enum import StrEnum

import pytest
import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    specified_scalar_types,
)

from isotrail.domain.described import describe_members
from isotrail.graphql.enums import graphql_enum
from isotrail.graphql.schema import schema


def described_elements(executable: GraphQLSchema) -> Iterator[tuple[str, str | None]]:
    """Each element a client sees, by its path, with its description; introspection's types (``__Type``) and
    GraphQL's own scalars (``String``, ``ID``, …) are not the project's to describe."""
    for name, named in sorted(executable.type_map.items()):
        if name.startswith("__") or name in specified_scalar_types:
            continue
        yield name, named.description
        yield from _members(name, named)


def _members(name: str, named: GraphQLNamedType) -> Iterator[tuple[str, str | None]]:
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        for field_name, field in named.fields.items():
            yield f"{name}.{field_name}", field.description
            for argument_name, argument in field.args.items():
                yield f"{name}.{field_name}({argument_name})", argument.description
    elif isinstance(named, GraphQLInputObjectType):
        for field_name, input_field in named.fields.items():
            yield f"{name}.{field_name}", input_field.description
    elif isinstance(named, GraphQLEnumType):
        for value_name, value in named.values.items():
            yield f"{name}.{value_name}", value.description


def undescribed(executable: GraphQLSchema) -> list[str]:
    """The paths of the elements with no description, or a blank one."""
    return [path for path, description in described_elements(executable) if not (description or "").strip()]


def not_nfc(executable: GraphQLSchema) -> list[str]:
    """The paths of the elements whose description is not in NFC (Vietnamese typed with combining marks)."""
    return [path for path, description in described_elements(executable)
            if description and unicodedata.normalize("NFC", description) != description]


def test_every_type_field_argument_input_field_and_enum_value_is_described() -> None:
    missing = undescribed(schema._schema)
    assert missing == [], f"{len(missing)} elements without a description:\n" + "\n".join(missing)


def test_every_description_is_in_nfc() -> None:
    decomposed = not_nfc(schema._schema)
    assert decomposed == [], "descriptions not in NFC:\n" + "\n".join(decomposed)


def test_the_walk_reaches_every_kind_of_element() -> None:
    """The walk sees what the schema holds: a type, a field, an argument, an input field, an enum value, a
    project's scalar; and leaves introspection's types and GraphQL's scalars out."""
    paths = dict(described_elements(schema._schema))
    for path in ("Unit", "Unit.code", "Query.units(filter)", "UnitFilter.search", "RenameUnitInput.name",
                 "TeamMemberInput.position",
                 "UnitKind.COMMUNE_COMMITTEE", "UserErrorCode.STALE_VERSION", "UUID", "Date", "CommandPayload.ok",
                 "Node.id", "Subscription.events(unitId)"):
        assert path in paths, path
    assert not any(path.startswith("__") or path in ("String", "ID", "Boolean", "Int") for path in paths)


@strawberry.input(description="Bộ lọc (filter)")
class Filter:
    name: str


@strawberry.type(name="Query", description="Truy vấn (query)")
class LooseQuery:
    @strawberry.field(description=unicodedata.normalize("NFD", "Điểm không phù hợp (nonconformity)"))
    def nonconformities(self, given: Filter, first: int = 10) -> list[str]:
        return []


def test_an_undescribed_element_and_a_decomposed_description_are_named() -> None:
    """The checks fail on what they are meant to catch, each by its path."""
    executable = strawberry.Schema(query=LooseQuery)._schema
    assert undescribed(executable) == ["Filter.name", "Query.nonconformities(given)", "Query.nonconformities(first)"]
    assert not_nfc(executable) == ["Query.nonconformities"]


class Stage(StrEnum):
    """Giai đoạn (stage)."""

    OPEN = "open"
    CLOSED = "closed"


describe_members(Stage, {Stage.OPEN: "Đang mở (open).", Stage.CLOSED: "Đã đóng (closed)."})


def test_a_domain_enum_made_a_graphql_enum_elsewhere_first_still_gets_its_words() -> None:
    strawberry.enum(Stage)  # as a module reading it on an object's field might, before any command input does
    definition = graphql_enum(Stage).__strawberry_definition__  # type: ignore[attr-defined]
    assert definition.description == "Giai đoạn (stage)."
    assert [value.description for value in definition.values] == ["Đang mở (open).", "Đã đóng (closed)."]


def test_an_enum_member_left_without_words_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="Stage: no description for CLOSED"):
        describe_members(Stage, {Stage.OPEN: "Đang mở (open)."})
