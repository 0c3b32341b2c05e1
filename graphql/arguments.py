"""Every text a read sends as an argument is checked once, here, before any resolver runs.

A NUL or a lone surrogate in a filter (``search``, ``kind``, ``clause``, ``statuses``, a cursor, an
ordering) reached PostgreSQL, which refused it, and the client got an error with no code. Rather than
each resolver checking its own arguments (and the next one forgetting), :class:`CheckedArguments` looks
at every argument of every field and directive of the document — string literals, and the variables'
values wherever an argument uses them (their defaults too) — with the same
:func:`~isotrail.domain.text.check_characters` as free text at the command boundary, and refuses the
request with ``invalid_value`` naming the argument; so is a text longer than :data:`MAX_ARGUMENT_CHARS`.

A mutation's text arguments (``String`` and input objects) are left to their commands: each is a
command's field, checked by the domain (multi-line fields may hold line breaks there), and refused in the
mutation's ``errors`` as any other broken rule. Its other arguments (a ``UUID``, a ``Date``, an enum) are
checked here as a query's are: graphql-core's refusal of such a value repeats it, and a lone surrogate in
that message made the answer unencodable (HTTP 500).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLArgument,
    GraphQLInputObjectType,
    GraphQLSchema,
    GraphQLString,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    get_named_type,
    visit,
)
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from isotrail.domain.errors import InvalidValueError
from isotrail.domain.text import check_characters
from isotrail.graphql.errors import as_graphql_error

# (argument, value, whether a mutation's command checks it) triples; the variables' defaults
Plan = tuple[tuple[tuple[str, ValueNode, bool], ...], dict[str, ValueNode]]
_PLANS: dict[int, tuple[DocumentNode, Plan]] = {}  # by the document's identity (parsed ones are cached)
_MAX_PLANS = 512
MAX_ARGUMENT_CHARS = 2000  # as long as a command's longest free text; a search term or cursor is far shorter


class _Arguments(Visitor):
    """Collects each argument whose value holds text or a variable, and each variable's default."""

    def __init__(self, types: TypeInfo) -> None:
        super().__init__()
        self.types = types
        self.arguments: list[tuple[str, ValueNode, bool]] = []
        self.defaults: dict[str, ValueNode] = {}

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        if _may_hold_text(node.value):
            self.arguments.append((node.name.value, node.value, _is_text(self.types.get_argument())))

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


def _is_text(argument: GraphQLArgument | None) -> bool:
    """Whether a command checks this argument as its field's text: a ``String`` or an input object (an
    argument the schema does not know is left to validation, which refuses it)."""
    if argument is None:
        return True
    named = get_named_type(argument.type)
    return named is GraphQLString or isinstance(named, GraphQLInputObjectType)


def _plan(document: DocumentNode, schema: GraphQLSchema) -> Plan:
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


def _texts(node: ValueNode, variables: Mapping[str, Any], defaults: Mapping[str, ValueNode]) -> Iterator[str]:
    """Every string an argument's value holds, whether written in the document or sent as a variable."""
    if isinstance(node, StringValueNode):
        yield node.value
    elif isinstance(node, VariableNode):
        name = node.name.value
        if name in variables:
            yield from _sent_texts(variables[name])
        elif name in defaults:
            yield from _texts(defaults[name], variables, defaults)
    elif isinstance(node, ListValueNode):
        for value in node.values:
            yield from _texts(value, variables, defaults)
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            yield from _texts(field.value, variables, defaults)


def _sent_texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _sent_texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _sent_texts(item)


def refused_argument(document: DocumentNode, schema: GraphQLSchema, variables: Mapping[str, Any], *,
                     mutation: bool = False) -> InvalidValueError | None:
    """The first argument holding a character no text of ours may hold, as the error naming it; in a
    ``mutation``, only among the arguments its command does not check."""
    arguments, defaults = _plan(document, schema)
    for name, node, text_field in arguments:
        if mutation and text_field:
            continue
        for text in _texts(node, variables, defaults):
            if len(text) > MAX_ARGUMENT_CHARS:  # before any work in proportion to it
                return InvalidValueError(field_name=name, reason_vi=f"dài quá {MAX_ARGUMENT_CHARS} ký tự",
                                         reason_en=f"longer than {MAX_ARGUMENT_CHARS} characters")
            try:
                check_characters(text, name)
            except InvalidValueError as error:
                return error
    return None


def _is_mutation(document: DocumentNode, operation_name: str | None) -> bool:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next((o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)),
                  None)
    return chosen is not None and chosen.operation == OperationType.MUTATION


class CheckedArguments(SchemaExtension):
    """Refuses a request whose arguments hold a refused character (see the module)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            variables = context.variables if isinstance(context.variables, Mapping) else {}
            refused = refused_argument(document, context.schema._schema, variables,  # graphql-core's schema
                                       mutation=_is_mutation(document, context.operation_name))
            if refused is not None:
                context.pre_execution_errors = [as_graphql_error(refused)]
        yield
