"""Every string an argument's value holds, whether written in the document or sent as a variable (a
variable not sent gives its default's), each with where it is and whether the schema types that place a
``String``: the walk follows the argument's type into input objects and lists (``input.member.name``).
Which arguments are worth asking is found once per document (:mod:`text_arguments`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLString,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    get_named_type,
)

Text = tuple[str, str, bool]  # (where: ``input.member.name``, the text, whether that place is a ``String``)


def texts(node: ValueNode, of_type: GraphQLInputType | None, where: str, variables: Mapping[str, Any],
          defaults: Mapping[str, ValueNode]) -> Iterator[Text]:
    """Every string an argument's value holds, whether written in the document or sent as a variable."""
    if isinstance(node, StringValueNode):
        yield where, node.value, _is_string(of_type)
    elif isinstance(node, VariableNode):
        name = node.name.value
        if name in variables:
            yield from _sent_texts(variables[name], of_type, where)
        elif name in defaults:
            yield from texts(defaults[name], of_type, where, variables, defaults)
    elif isinstance(node, ListValueNode):
        for value in node.values:
            yield from texts(value, of_type, where, variables, defaults)
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            name = field.name.value
            yield from texts(field.value, _field_type(of_type, name), f"{where}.{name}", variables, defaults)


def _sent_texts(value: Any, of_type: GraphQLInputType | None, where: str) -> Iterator[Text]:
    if isinstance(value, str):
        yield where, value, _is_string(of_type)
    elif isinstance(value, list):
        for item in value:
            yield from _sent_texts(item, of_type, where)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _sent_texts(item, _field_type(of_type, name), f"{where}.{name}")


def _field_type(of_type: GraphQLInputType | None, name: str) -> GraphQLInputType | None:
    named = get_named_type(of_type) if of_type is not None else None
    if isinstance(named, GraphQLInputObjectType) and name in named.fields:
        return named.fields[name].type
    return None


def _is_string(of_type: GraphQLInputType | None) -> bool:
    return of_type is not None and get_named_type(of_type) is GraphQLString
