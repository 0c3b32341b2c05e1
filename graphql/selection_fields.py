"""The fields a selection asks of one object type, as a plan reads them (graphql/read_plans.py): by response
key, through fragments whose type condition is the type or an interface of it; a directive anywhere, or a
fragment of another type, and there is no plan (:class:`NoPlan`), graphql-core answers."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
)


class NoPlan(Exception):  # noqa: N818 - not an error: the document is answered by graphql-core
    """The document asks something a plan does not read."""


class SelectionFields:
    """The fields of selections of a document with ``fragments``."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments

    def under(self, object_type: GraphQLObjectType, nodes: list[FieldNode]) -> dict[str, list[FieldNode]]:
        """The fields under several nodes of one response key (``nodes { a } nodes { b }``), merged."""
        merged: dict[str, list[FieldNode]] = {}
        for node in nodes:
            if node.selection_set is None:
                raise NoPlan
            for key, fields in self.of(object_type, node.selection_set).items():
                merged.setdefault(key, []).extend(fields)
        return merged

    def of(self, object_type: GraphQLObjectType, selection_set: SelectionSetNode | None,
           into: dict[str, list[FieldNode]] | None = None) -> dict[str, list[FieldNode]]:
        """The fields of a selection on ``object_type`` by response key, through its fragments."""
        grouped: dict[str, list[FieldNode]] = {} if into is None else into
        for selection in selection_set.selections if selection_set else ():
            if selection.directives:
                raise NoPlan
            if isinstance(selection, FieldNode):
                grouped.setdefault((selection.alias or selection.name).value, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                _applies(object_type, selection.type_condition)
                self.of(object_type, selection.selection_set, grouped)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None or fragment.directives:
                    raise NoPlan
                _applies(object_type, fragment.type_condition)
                self.of(object_type, fragment.selection_set, grouped)
        return grouped


def has_variables(node: FieldNode) -> bool:
    """Whether the field's arguments hold a variable anywhere."""
    return any(_holds_variable(argument.value) for argument in node.arguments or ())


def _applies(object_type: GraphQLObjectType, condition: Any) -> None:
    if condition is None or condition.name.value == object_type.name:
        return
    if not any(interface.name == condition.name.value for interface in object_type.interfaces):
        raise NoPlan


def _holds_variable(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ObjectValueNode):
        return any(_holds_variable(item.value) for item in value.fields)
    if isinstance(value, ListValueNode):
        return any(_holds_variable(item) for item in value.values)
    return False
