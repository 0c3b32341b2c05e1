"""Plans of read-only queries that can be answered without graphql-core's execution.

A dashboard is a few lists of read-model rows and their plain fields: ``programmes { nodes { planNumber
summary { … } } }``, ``units(first: 100) { nodes { name openNonconformities overdue } }``. graphql-core resolves
it field by field (a resolve-info object, a path and a completion per field, an object built per row), which
was four times PostGraphile's CPU per request. For such a document the shape of the answer is known before any
row is read, as PostGraphile's plans know it: :func:`plan_of` walks the operation once and, when every field is
one it knows how to read straight from a row, returns a :class:`Plan` that compiled_reads.py runs per request
with the same reads (the request's :class:`~isotrail.graphql.reading.Reader`, so the same scoping, filters,
orderings and pages), the same argument coercion and permission, and the same output coercion of each value.

What a plan knows how to read, and nothing else (any other field, a directive, a field on an abstract type:
no plan, graphql-core answers):

- a root list field whose strawberry field carries :func:`page_read` (its page through the reader) and only the
  permission extension (graphql/permissions.py), with ``nodes``, ``edges { cursor node }``, ``pageInfo``,
  ``totalCount`` and ``__typename`` under it;
- on a row's type (one declaring ``ROW_ID`` and ``ROW_FIELDS``): the fields ``from_row`` copies unchanged from
  the column of the same name (``ROW_FIELDS``), ``uuid`` and the node's global ``id`` (from ``ROW_ID``),
  ``__typename``, and a field carrying :func:`relation_read` (one row of another read model per row, read in
  the page's own statement by a join of its read, where its resolver reads it through a DataLoader: a
  programme's ``summary``).

tests/graphql/test_compiled_reads.py asks every such field, through both paths, and compares the answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLSchema,
    Node,
    OperationDefinitionNode,
    OperationType,
    get_nullable_type,
    get_operation_ast,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from strawberry.permission import PermissionExtension

from isotrail.graphql.execution import STRAWBERRY_TYPE, UNCHANGED, coerce_output, node_id_prefix
from isotrail.graphql.json_shapes import json_shape
from isotrail.graphql.permissions import Allowed
from isotrail.graphql.selection_fields import NoPlan, SelectionFields, has_variables
from isotrail.projections.json_pages import JsonValue

COMPILED = "isotrail-compiled-read"  # where a strawberry field's metadata says how a plan reads it


@dataclass(frozen=True)
class PageRead:
    """How a root list field reads its page: ``read(reader, columns, joins, **arguments)``, ``arguments`` being
    the field's own, converted as strawberry converts them for its resolver, ``joins`` the columns of each join
    by name."""

    read: Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class RelationRead:
    """How a row's object field is read by a plan: in the page's own statement, as the join of that name its
    read takes (``PROGRAMME_JOINS`` in projections/programme_queries.py), with the columns its selection reads."""

    join: str


def page_read(read: Callable[..., Awaitable[Any]]) -> dict[str, PageRead]:
    """A root list field's metadata: how a plan reads its page, ``read(reader, columns, joins, **arguments)``."""
    return {COMPILED: PageRead(read)}


def relation_read(join: str) -> dict[str, RelationRead]:
    """An object field's metadata: the join of its page's read that a plan reads it by."""
    return {COMPILED: RelationRead(join)}


@dataclass
class Row:
    """What is read of each row of one type: ``columns`` (the id first) and how each response key is made."""

    columns: list[str]
    # (key, "column", column, coerce, non_null, the type coerce keeps unchanged, the leaf type) | (key, "const", value)
    # | (key, "id", prefix, column)
    # | (key, "relation", RelationRead, Row, non_null): a joined row, itself without relations
    fields: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class ConnectionRead:
    """A root list field: its page read, permission and argument nodes, and what of the page is answered."""

    key: str
    graphql_field: GraphQLField
    node: FieldNode
    read: PageRead
    permissions: list[Allowed]
    literal: bool  # whether its arguments hold no variable (then converted once, here)
    # (key, "nodes", Row) | (key, "edges", [(key, "cursor"|"node"|"typename", Row|str)]) | (key, "total")
    # | (key, "page_info", [(key, attribute | None, typename)]) | (key, "const", value)
    fields: list[tuple[Any, ...]] = field(default_factory=list)
    arguments: dict[str, Any] | None = None
    json: tuple[JsonValue, ...] | None = None  # how PostgreSQL writes the rows, when they are all it answers
    columns: tuple[str, ...] = ()  # what the page reads of each row, under nodes and edges { node }
    joins: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the columns of each join, by its name


@dataclass
class Plan:
    roots: list[ConnectionRead | tuple[str, str]]  # a connection, or (key, "Query") for ``__typename``
    variables: tuple[Any, ...] = ()  # the operation's variable definitions


def plan_of(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None) -> Plan | None:
    """The plan of the document's operation, or None when graphql-core must answer it."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY or operation.directives:
        return None
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    try:
        return _Planner(schema, fragments).plan(operation)
    except NoPlan:
        return None


class _Planner:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.schema, self.fields = schema, SelectionFields(fragments)

    def plan(self, operation: OperationDefinitionNode) -> Plan:
        query = self.schema.query_type
        roots: list[ConnectionRead | tuple[str, str]] = []
        for key, nodes in self.fields.of(query, operation.selection_set).items():
            name = nodes[0].name.value
            if name == "__typename":
                roots.append((key, query.name))
                continue
            roots.append(self.connection(key, query.fields[name], nodes))
        return Plan(roots, tuple(_bare(definition) for definition in operation.variable_definitions or ()))

    def connection(self, key: str, graphql_field: GraphQLField, nodes: list[FieldNode]) -> ConnectionRead:
        definition = (graphql_field.extensions or {}).get(STRAWBERRY_TYPE)
        read = (getattr(definition, "metadata", None) or {}).get(COMPILED)
        if len(nodes) != 1 or not isinstance(read, PageRead):
            raise NoPlan
        connection = get_nullable_type(graphql_field.type)
        plan = ConnectionRead(key, graphql_field, _bare(nodes[0]), read, _permissions(definition),
                              literal=not has_variables(nodes[0]))
        for sub_key, sub_nodes in self.fields.of(connection, nodes[0].selection_set).items():
            name = sub_nodes[0].name.value
            if name == "__typename":
                plan.fields.append((sub_key, "const", connection.name))
            elif name == "nodes":
                plan.fields.append((sub_key, "nodes", self.row(_list_item(connection.fields[name]), sub_nodes)))
            elif name == "totalCount":
                plan.fields.append((sub_key, "total"))
            elif name == "pageInfo":
                plan.fields.append((sub_key, "page_info", self.page_info(connection.fields[name], sub_nodes)))
            elif name == "edges":
                plan.fields.append((sub_key, "edges", self.edges(connection.fields[name], sub_nodes)))
            else:
                raise NoPlan
        kinds = [field[1] for field in plan.fields]
        if kinds.count("nodes") == 1 and set(kinds) <= {"const", "nodes", "total"}:  # one JSON array: one shape
            plan.json = json_shape(next(field[2] for field in plan.fields if field[1] == "nodes").fields)
        rows = [row for _, kind, *rest in plan.fields for row in _rows_of(kind, rest)]
        plan.columns = tuple(dict.fromkeys(column for row in rows for column in row.columns))
        plan.joins = _joins(rows)
        return plan

    def edges(self, graphql_field: GraphQLField, nodes: list[FieldNode]) -> list[tuple[Any, ...]]:
        edge = _list_item(graphql_field)
        fields: list[tuple[Any, ...]] = []
        for key, sub_nodes in self.fields.under(edge, nodes).items():
            name = sub_nodes[0].name.value
            if name == "__typename":
                fields.append((key, "typename", edge.name))
            elif name == "cursor":
                fields.append((key, "cursor", None))
            elif name == "node":
                fields.append((key, "node", self.row(get_nullable_type(edge.fields[name].type), sub_nodes)))
            else:
                raise NoPlan
        return fields

    def page_info(self, graphql_field: GraphQLField, nodes: list[FieldNode]) -> list[tuple[Any, ...]]:
        page_info = get_nullable_type(graphql_field.type)
        attributes = {"hasNextPage": "has_next_page", "hasPreviousPage": "has_previous_page",
                      "startCursor": "start_cursor", "endCursor": "end_cursor"}
        fields = []
        for key, sub_nodes in self.fields.under(page_info, nodes).items():
            name = sub_nodes[0].name.value
            if name == "__typename":
                fields.append((key, None, page_info.name))
            elif name in attributes:
                fields.append((key, attributes[name], None))
            else:
                raise NoPlan
        return fields

    def row(self, object_type: Any, nodes: list[FieldNode], *, joined: bool = False) -> Row:
        if not is_object_type(object_type):
            raise NoPlan
        origin = getattr((object_type.extensions or {}).get(STRAWBERRY_TYPE), "origin", None)
        row_id, row_fields = getattr(origin, "ROW_ID", None), getattr(origin, "ROW_FIELDS", None)
        if row_id is None or row_fields is None:
            raise NoPlan
        row = Row(columns=[row_id])
        prefix = node_id_prefix(object_type)
        for key, sub_nodes in self.fields.under(object_type, nodes).items():
            name = sub_nodes[0].name.value
            if name == "__typename":
                row.fields.append((key, "const", object_type.name))
                continue
            graphql_field = object_type.fields[name]
            definition = (graphql_field.extensions or {}).get(STRAWBERRY_TYPE)
            python_name = getattr(definition, "python_name", None)
            if sub_nodes[0].arguments or graphql_field.args or getattr(definition, "extensions", None):
                raise NoPlan
            if name == "id" and prefix is not None:
                row.fields.append((key, "id", prefix, row_id))
            elif python_name == "uuid" and definition.base_resolver is None:
                leaf = get_nullable_type(graphql_field.type)
                row.fields.append((key, "column", row_id, coerce_output(leaf), is_non_null_type(graphql_field.type),
                                   UNCHANGED.get(leaf), leaf))
            elif python_name in row_fields and definition.base_resolver is None:
                leaf = get_nullable_type(graphql_field.type)
                if not is_leaf_type(leaf):
                    raise NoPlan
                row.fields.append((key, "column", python_name, coerce_output(leaf),
                                   is_non_null_type(graphql_field.type), UNCHANGED.get(leaf), leaf))
                row.columns.append(python_name)
            elif not joined and isinstance((getattr(definition, "metadata", None) or {}).get(COMPILED), RelationRead):
                relation = definition.metadata[COMPILED]
                target = get_nullable_type(graphql_field.type)
                row.fields.append((key, "relation", relation, self.row(target, sub_nodes, joined=True),
                                   is_non_null_type(graphql_field.type)))
            else:
                raise NoPlan
        row.columns = list(dict.fromkeys(row.columns))
        return row


def _bare(node: Any) -> Any:
    """``node`` without its locations, as a plan keeps it: a location links every token of the document (comments
    too, which parse's token limit does not count), and a plan outlives its document in the cache."""
    if isinstance(node, Node):
        return type(node)(**{key: _bare(getattr(node, key)) for key in node.keys if key != "loc"})
    if isinstance(node, tuple):
        return tuple(_bare(item) for item in node)
    return node


def _joins(rows: list[Row]) -> dict[str, tuple[str, ...]]:
    """The columns of each join the rows' relations read, by the join's name."""
    joins: dict[str, dict[str, None]] = {}
    for row in rows:
        for read in row.fields:
            if read[1] == "relation":
                joins.setdefault(read[2].join, {}).update(dict.fromkeys(read[3].columns))
    return {name: tuple(columns) for name, columns in joins.items()}


def _rows_of(kind: str, rest: list[Any]) -> list[Row]:
    """What is read of the page's rows under a connection's field: ``nodes``, ``edges { node }``."""
    if kind == "nodes":
        return [rest[0]]
    if kind == "edges":
        return [field[2] for field in rest[0] if field[1] == "node"]
    return []


def _list_item(graphql_field: GraphQLField) -> Any:
    listed = get_nullable_type(graphql_field.type)
    if not is_list_type(listed):
        raise NoPlan
    return get_nullable_type(listed.of_type)


def _permissions(definition: Any) -> list[Allowed]:
    """The field's permissions, when its one extension is the permission one with :class:`Allowed` only."""
    extensions = list(getattr(definition, "extensions", None) or ())
    if len(extensions) != 1 or not isinstance(extensions[0], PermissionExtension):
        raise NoPlan
    permissions = list(extensions[0].permissions)
    if not permissions or not all(isinstance(permission, Allowed) for permission in permissions):
        raise NoPlan
    return permissions
