"""Every string an argument's value holds, whether written in the document or sent as a variable (a
variable not sent gives its default's). Which arguments are worth asking is found once per document
(:mod:`text_arguments`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import ListValueNode, ObjectValueNode, StringValueNode, ValueNode, VariableNode


def texts(node: ValueNode, variables: Mapping[str, Any], defaults: Mapping[str, ValueNode]) -> Iterator[str]:
    """Every string an argument's value holds, whether written in the document or sent as a variable."""
    if isinstance(node, StringValueNode):
        yield node.value
    elif isinstance(node, VariableNode):
        name = node.name.value
        if name in variables:
            yield from _sent_texts(variables[name])
        elif name in defaults:
            yield from texts(defaults[name], variables, defaults)
    elif isinstance(node, ListValueNode):
        for value in node.values:
            yield from texts(value, variables, defaults)
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            yield from texts(field.value, variables, defaults)


def _sent_texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _sent_texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _sent_texts(item)
