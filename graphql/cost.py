"""What an operation costs: every field counted as often as it would be resolved.

The fields inside a list are multiplied by its length: its ``first`` or ``last`` (a literal, or the request's variable),
else the page size of the connection whose selection holds it, else the length a list under a parent declares
(:func:`~isotrail.graphql.page_sizes.costed_at`), else :data:`UNPAGED_LIST_SIZE`; the lists of
introspection (``__schema { types { fields … } }``) by their mean length in this schema, and an ``ofType``
nested deeper than any type of the schema is wrapped resolves to null, so that one introspection query
costs about what it returns (6,000 fields counted for the 4,000 it resolves). Each fragment is summed up
once, after the fragments it spreads (:func:`in_dependency_order`), as a :class:`Cost` that still depends
on the page size of the connection it is spread in: the walk is linear in the document, however often its
fragments are spread.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    get_named_type,
    get_nullable_type,
)

from isotrail.graphql.fragments import in_dependency_order
from isotrail.graphql.introspection_sizes import deepest_wrapping, introspection_list_sizes
from isotrail.graphql.page_sizes import PAGE_SIZES, asked_page_size, declared_length

UNPAGED_LIST_SIZE = 20  # the length assumed for a list without a page size (weaknesses by clause, …)
META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


@dataclass(frozen=True, slots=True)
class Cost:
    """A selection's fields: ``fixed`` whatever the page, ``paged`` per row of the page of the connection
    it is the selection of, or ``unpaged`` in all when there is no such page."""

    fixed: float  # whole numbers but for the mean lengths of introspection's lists
    paged: float = 0
    unpaged: float = 0

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.fixed + other.fixed, self.paged + other.paged, self.unpaged + other.unpaged)

    def at(self, page: int | None) -> float:
        return self.fixed + (self.paged * page if page is not None else self.unpaged)


NOTHING = Cost(0)


def operation_cost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
                   sizes: Mapping[str, int]) -> int:
    """The fields ``operation`` resolves with the page sizes its variables give (the document is valid)."""
    walk = _Walk(schema, sizes)
    for fragment in in_dependency_order(document):
        walk.fragments[fragment.name.value] = walk.selection(
            schema.get_type(fragment.type_condition.name.value), fragment.selection_set)
    return math.ceil(walk.selection(schema.get_root_type(operation.operation), operation.selection_set).at(None))


class _Walk:
    def __init__(self, schema: GraphQLSchema, variable_sizes: Mapping[str, int]) -> None:
        self.schema, self.variable_sizes = schema, variable_sizes
        self.list_sizes = introspection_list_sizes(schema)
        self.wrapping = deepest_wrapping(schema)
        self.fragments: dict[str, Cost] = {}  # a fragment closing a cycle is not there: the document is refused

    def selection(self, parent: Any, selections: SelectionSetNode, wrapped: int = 0) -> Cost:
        """``wrapped``: how many ``ofType`` of introspection hold this selection (a fragment counts from 0)."""
        cost = NOTHING
        for selection in selections.selections:
            if isinstance(selection, FragmentSpreadNode):
                cost += self.fragments.get(selection.name.value, NOTHING)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                cost += self.selection(inner, selection.selection_set, wrapped)
            elif isinstance(selection, FieldNode):
                cost += self.field(parent, selection, wrapped)
        return cost

    def field(self, parent: Any, selection: FieldNode, wrapped: int) -> Cost:
        name = selection.name.value
        field: GraphQLField | None = META_FIELDS.get(name) or getattr(parent, "fields", {}).get(name)
        if field is None or selection.selection_set is None:
            return Cost(1)
        wrapped = wrapped + 1 if (parent.name, name) == ("__Type", "ofType") else 0
        if wrapped > self.wrapping:  # no type of the schema is wrapped this deep: it resolves to null
            return Cost(1)
        first = asked_page_size(selection, self.variable_sizes) if field.args.keys() & PAGE_SIZES else None
        field_type = get_nullable_type(field.type)
        inner = self.selection(get_named_type(field_type), selection.selection_set, wrapped)
        if not isinstance(field_type, GraphQLList):
            return Cost(1 + inner.at(first))
        if first is not None:
            return Cost(1 + first * inner.at(None))
        unpaged = self.list_sizes.get((parent.name, name))
        if unpaged is None:
            unpaged = declared_length(field) or UNPAGED_LIST_SIZE
        return Cost(1, inner.at(None), unpaged * inner.at(None))
