"""A shorter path through graphql-core for objects whose selected fields are plain attributes.

The dashboard resolves ~320 fields, nearly all of them leaves such as ``Unit.name`` that strawberry
resolves by reading an attribute (a "basic" field: no resolver, no permission, no extension). For
each, graphql-core builds a resolve-info object, a path and a completion call; that was most of a
request's time. When every field an object's selection asks is such a leaf, :class:`ExecutionContext`
reads the attributes and coerces them with the same scalar functions in one loop; a node's global
``id`` (graphql/global_ids.py) is read the same way, from its type's name and ``resolve_id``, and so is an
object held in a plain attribute whose own selection is such leaves (a connection's ``edges { cursor node
{ … } }``, GitHub's and Relay's shape, beside its ``nodes { … }``). Anything
else — a resolver, arguments, ``__typename``, middleware, a null in a non-null field, a value that does
not coerce — takes graphql-core's own path, which also reports the error as usual. A list of such
objects is read the same way, row by row, without completing each item on its own (once each item is
checked to be of the list's type, as graphql-core checks it).
"""

from __future__ import annotations

from base64 import b64encode
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    GraphQLBoolean,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLObjectType,
    GraphQLString,
    Undefined,
    get_nullable_type,
    is_leaf_type,
    is_non_null_type,
    is_object_type,
)
from strawberry import relay
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# response key, read (the source's value), coerce, non-null, the Python type coerce returns unchanged
Leaf = tuple[str, Callable[[Any], Any], Callable[[Any], Any], bool, type | None]
STRAWBERRY_TYPE = "strawberry-definition"  # where strawberry keeps a type's definition in graphql-core's
UNCHANGED = {GraphQLString: str, GraphQLID: str, GraphQLBoolean: bool}  # the built-in scalars' identity cases


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._leaves: dict[int, tuple[Any, list[Leaf] | None]] = {}

    def execute_fields(self, parent_type: GraphQLObjectType, source_value: Any, path: Any,
                       grouped_field_set: Any, position_context: Any) -> Any:
        leaves = self._plain_leaves(parent_type, grouped_field_set)
        if leaves is not None:
            results = _read(leaves, source_value)
            if results is not None:
                return results
        return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)

    def complete_list_value(self, return_type: GraphQLList, field_details_list: Any, info: Any, path: Any,
                            result: Any, position_context: Any) -> Any:
        """A list of such objects (the 78 units) is read row by row without completing each item."""
        item_type = get_nullable_type(return_type.of_type)
        if (isinstance(result, list) and is_object_type(item_type)
                and _all_of_type(item_type, result, info)
                and self.get_stream_usage(field_details_list, path) is None):
            grouped_field_set, defer_usages, _ = self.collect_subfields(item_type, field_details_list)
            leaves = None if defer_usages else self._plain_leaves(item_type, grouped_field_set)
            if leaves is not None:
                rows = [_read(leaves, item) for item in result]
                if None not in rows:
                    return rows
        return super().complete_list_value(return_type, field_details_list, info, path, result, position_context)

    def _plain_leaves(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> list[Leaf] | None:
        """The selection's fields if all are plain leaves, else None; worked out once per selection
        (graphql-core reuses one grouped field set for every item of a list)."""
        known = self._leaves.get(id(grouped_field_set))
        if known is not None and known[0] is grouped_field_set:
            return known[1]
        leaves: list[Leaf] | None = []
        if self.middleware_manager is not None and self.middleware_manager.middlewares:
            leaves = None
        node_id = _node_id(parent_type)
        for response_key, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            field = self.schema.get_field(parent_type, node.name.value)
            resolve = node_id if node_id is not None and node.name.value == "id" else getattr(field, "resolve", None)
            if (leaves is None or field is None or field.args or node.arguments
                    or not (resolve is node_id or getattr(resolve, "_is_default", False))):
                leaves = None
                break
            field_type = get_nullable_type(field.type)
            coerce = (coerce_output(field_type) if is_leaf_type(field_type)
                      else self._plain_object(field_type, field_details_list) if is_object_type(field_type) else None)
            if coerce is None:
                leaves = None
                break
            read = resolve if resolve is node_id else _attribute(field, resolve)
            leaves.append((response_key, read, coerce, is_non_null_type(field.type), UNCHANGED.get(field_type)))
        self._leaves[id(grouped_field_set)] = (grouped_field_set, leaves)
        return leaves

    def _plain_object(self, object_type: GraphQLObjectType, field_details_list: Any) -> Callable[[Any], Any] | None:
        """How an object under a plain attribute (an edge's ``node``) is read when its own selection is plain
        leaves: its values, or None (graphql-core's path) for an object not of the exact class of its type."""
        grouped_field_set, defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        leaves = None if defer_usages else self._plain_leaves(object_type, grouped_field_set)
        if leaves is None:
            return None
        origin, checked = _origin(object_type), object_type.is_type_of is not None
        return lambda value: None if checked and type(value) is not origin else _read(leaves, value)


def _attribute(field: GraphQLField, resolve: Callable[..., Any]) -> Callable[[Any], Any]:
    """How a basic field's value is read: strawberry's default resolver (``getattr`` unless configured otherwise)
    of the field's Python name, without strawberry's call through the field per value."""
    definition = (field.extensions or {}).get(STRAWBERRY_TYPE)
    if getattr(definition, "default_resolver", None) is getattr and definition.python_name:
        return attrgetter(definition.python_name)
    return lambda source: resolve(source, None)


def coerce_output(scalar: Any) -> Callable[[Any], Any]:
    """The scalar's output coercion; an ``Int`` already a Python int in range is kept as it is, as graphql-core
    would keep it, without its checks of every other type."""
    coerce = scalar.coerce_output_value
    if scalar is not GraphQLInt:
        return coerce
    return lambda value: (value if type(value) is int and GRAPHQL_MIN_INT <= value <= GRAPHQL_MAX_INT
                          else coerce(value))


def _origin(object_type: GraphQLObjectType) -> Any:
    """The Python class strawberry made ``object_type`` from."""
    return getattr((object_type.extensions or {}).get(STRAWBERRY_TYPE), "origin", None)


def _all_of_type(item_type: GraphQLObjectType, items: list[Any], info: Any) -> bool:
    """Whether every item is of the list's type, as graphql-core checks it (``is_type_of``, which strawberry
    gives a type implementing an interface), the exact class first."""
    is_type_of = item_type.is_type_of
    if is_type_of is None:
        return True
    origin = _origin(item_type)
    return all(type(item) is origin or is_type_of(item, info) for item in items)


def node_id_prefix(object_type: GraphQLObjectType) -> str | None:
    """What a node type's global ids start with (relay.GlobalID's text before the id: ``"Unit:"``); None: not a
    node type."""
    origin = _origin(object_type)
    if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
        return None
    return f"{object_type.name}:"


def global_id(prefix: str, node_id: str) -> str:
    """relay.GlobalID's text, without building one per row."""
    return b64encode((prefix + node_id).encode()).decode()


def _node_id(parent_type: GraphQLObjectType) -> Callable[[Any], str] | None:
    """How a node type's global id is read without graphql-core's resolution (None: not a node type)."""
    prefix = node_id_prefix(parent_type)
    if prefix is None:
        return None
    resolve_id = _origin(parent_type).resolve_id
    return lambda source: global_id(prefix, resolve_id(source, info=None))


def _read(leaves: list[Leaf], source: Any) -> dict[str, Any] | None:
    """The object's values, or None when one of them needs graphql-core's error handling."""
    results: dict[str, Any] = {}
    try:
        for response_key, read, coerce, non_null, unchanged in leaves:
            value = read(source)
            if type(value) is unchanged:
                results[response_key] = value
                continue
            if value is None:
                if non_null:
                    return None
                results[response_key] = None
                continue
            coerced = coerce(value)
            if coerced is None or coerced is Undefined:
                return None
            results[response_key] = coerced
    except Exception:  # graphql-core's path raises it again and reports it
        return None
    return results
