"""How deep a document nests and how many aliases it asks for, in one pass over its text.

These limits were strawberry's ``QueryDepthLimiter`` and ``MaxAliasesLimiter`` validators, which expand
every fragment spread: a 1 KB document of fragments spreading each other twice kept them busy for
seconds. Here each fragment is summed up once (:func:`in_dependency_order`), and the rules keep
strawberry's meaning and messages: the depth of a node is the number of fields around it (the fields of
``__schema`` and ``__type`` do not count, the cost limit bounds them), and every aliased field counts as
often as it is spread, introspection included. It runs before graphql-core's validation, so a document
over these limits is refused before anything costlier looks at it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from isotrail.graphql.fragments import in_dependency_order


class Shape(NamedTuple):
    deepest: int  # the deepest node, in fields around it, counted from where the selection starts
    aliases: int


def shape_errors(document: DocumentNode, max_depth: int, max_aliases: int) -> list[GraphQLError]:
    """An error for each operation nested deeper than ``max_depth``, and one if the document's operations
    ask more than ``max_aliases`` aliased fields."""
    fragments: dict[str, Shape] = {}
    for fragment in in_dependency_order(document):
        fragments[fragment.name.value] = _shape(fragment.selection_set, 0, fragments)
    errors, aliases = [], 0
    for operation in (d for d in document.definitions if isinstance(d, OperationDefinitionNode)):
        shape = _shape(operation.selection_set, 0, fragments)
        aliases += shape.aliases
        if shape.deepest > max_depth:
            name = operation.name.value if operation.name else "anonymous"
            errors.append(GraphQLError(f"'{name}' exceeds maximum operation depth of {max_depth}", operation))
    if aliases > max_aliases:
        errors.append(GraphQLError(f"{aliases} aliases found. Allowed: {max_aliases}"))
    return errors


def _shape(selection_set: SelectionSetNode, depth: int, fragments: Mapping[str, Shape]) -> Shape:
    """The selection's shape when it starts ``depth`` fields deep; a fragment not in ``fragments`` (unknown,
    or closing a cycle: other rules refuse both) adds nothing."""
    deepest, aliases = depth, 0
    for selection in selection_set.selections:
        if isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value, Shape(0, 0))
            deepest, aliases = max(deepest, depth + fragment.deepest), aliases + fragment.aliases
        elif isinstance(selection, InlineFragmentNode):
            inner = _shape(selection.selection_set, depth, fragments)
            deepest, aliases = max(deepest, inner.deepest), aliases + inner.aliases
        elif isinstance(selection, FieldNode):
            aliases += selection.alias is not None
            if selection.selection_set is not None:
                inner = _shape(selection.selection_set, depth + 1, fragments)
                aliases += inner.aliases
                if not selection.name.value.startswith("__"):
                    deepest = max(deepest, inner.deepest)
    return Shape(deepest, aliases)
