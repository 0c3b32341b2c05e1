"""What introspection returns for this schema, so that an introspection query costs what it resolves: the mean
length of each of its lists (:func:`introspection_list_sizes`), and how deep ``ofType`` can nest before it
resolves to null (:func:`deepest_wrapping`). Each is worked out once per schema.
"""

from __future__ import annotations

import functools
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLSchema,
    GraphQLWrappingType,
    is_abstract_type,
)


@functools.cache
def introspection_list_sizes(schema: GraphQLSchema) -> dict[tuple[str, str], float]:
    """The mean length of each list of introspection in this schema, per object that has the list (a type's
    ``inputFields`` over every type, most of which have none): the type count for ``__schema { types }``."""
    types = list(schema.type_map.values())
    fields = [field for t in types for field in getattr(t, "fields", {}).values() if isinstance(field, GraphQLField)]
    directives = schema.directives

    def mean(total: int, count: int) -> float:
        return total / max(count, 1)

    return {
        ("__Schema", "types"): len(types),
        ("__Schema", "directives"): len(directives),
        ("__Type", "fields"): mean(len(fields), len(types)),
        ("__Type", "interfaces"): mean(sum(len(getattr(t, "interfaces", ())) for t in types), len(types)),
        ("__Type", "possibleTypes"): mean(sum(len(schema.get_possible_types(t)) for t in types
                                              if is_abstract_type(t)), len(types)),
        ("__Type", "enumValues"): mean(sum(len(t.values) for t in types if isinstance(t, GraphQLEnumType)),
                                       len(types)),
        ("__Type", "inputFields"): mean(sum(len(t.fields) for t in types if isinstance(t, GraphQLInputObjectType)),
                                        len(types)),
        ("__Field", "args"): mean(sum(len(f.args) for f in fields), len(fields)),
        ("__Directive", "args"): mean(sum(len(d.args) for d in directives), len(directives)),
    }


@functools.cache
def deepest_wrapping(schema: GraphQLSchema) -> int:
    """The most list and non-null wrappers around any type the schema refers to (``[Unit!]!``: 3)."""
    def wrappers(type_: Any) -> int:
        count = 0
        while isinstance(type_, GraphQLWrappingType):
            type_, count = type_.of_type, count + 1
        return count

    fields = [field for t in schema.type_map.values() for field in getattr(t, "fields", {}).values()]
    arguments = [a for f in fields for a in getattr(f, "args", {}).values()]
    arguments += [a for d in schema.directives for a in d.args.values()]
    return max(wrappers(f.type) for f in fields + arguments)
