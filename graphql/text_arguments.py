"""Which of a document's arguments may hold text, with each one's type (which tells where a mutation's
command checks a text as its field's): found once per document, each fragment visited once. The texts
themselves are :mod:`argument_texts`'.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLInputType,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    visit,
)
from graphql.language import Visitor

# (argument, value, its type: None for an argument the schema does not know) triples; the variables' defaults
Plan = tuple[tuple[tuple[str, ValueNode, GraphQLInputType | None], ...], dict[str, ValueNode]]
_PLANS: dict[int, tuple[DocumentNode, Plan]] = {}  # by the document's identity (parsed ones are cached)
_MAX_PLANS = 512


class _Arguments(Visitor):
    """Collects each argument whose value holds text or a variable, and each variable's default."""

    def __init__(self, types: TypeInfo) -> None:
        super().__init__()
        self.types = types
        self.arguments: list[tuple[str, ValueNode, GraphQLInputType | None]] = []
        self.defaults: dict[str, ValueNode] = {}

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        if _may_hold_text(node.value):
            argument = self.types.get_argument()
            self.arguments.append((node.name.value, node.value, argument.type if argument is not None else None))

    def enter_variable_definition(self, node: Any, *_: Any) -> None:
        if node.default_value is not None:
            self.defaults[node.variable.name.value] = node.default_value


def _may_hold_text(node: ValueNode) -> bool:
    if isinstance(node, StringValueNode | VariableNode):
        return True
    if isinstance(node, ListValueNode):
        return any(map(_may_hold_text, node.values))
    if isinstance(node, ObjectValueNode):
        return any(_may_hold_text(field.value) for field in node.fields)
    return False


def plan(document: DocumentNode, schema: GraphQLSchema) -> Plan:
    """The document's arguments worth looking at, found in one walk (each fragment once) per document."""
    known = _PLANS.get(id(document))
    if known is not None and known[0] is document:
        return known[1]
    types = TypeInfo(schema)
    collected = _Arguments(types)
    visit(document, TypeInfoVisitor(types, collected))
    plan = (tuple(collected.arguments), collected.defaults)
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    _PLANS[id(document)] = (document, plan)
    return plan
