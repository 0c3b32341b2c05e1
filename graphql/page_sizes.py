"""How many rows a list is costed at: the page its ``first`` or ``last`` asks for — a literal, or the request's
variable — capped as the read side caps pages (:mod:`cost` multiplies the fields inside the list by it); a plain list
under a parent (a programme's inspections), the length its field declares with :func:`costed_at`.

A document's cost depends on its variables only through the ``first`` and ``last`` they give
(:func:`page_variables`), so a checked document remembers its cost per page sizes (:func:`variable_sizes`), not
per variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLField,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
)

from isotrail.projections.page_windows import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

LENGTH = "isotrail.costed_length"
STRAWBERRY_FIELD = "strawberry-definition"  # where strawberry keeps a field's definition in graphql-core's
PAGE_SIZES = ("first", "last")  # a connection's arguments giving its page size, forwards or backwards


def costed_at(length: int) -> dict[str, int]:
    """A plain list field's metadata: how many items its parent holds, as the cost counts them (what a
    large province's programme or unit holds, not the largest conceivable)."""
    return {LENGTH: length}


def declared_length(field: GraphQLField) -> int | None:
    """The length a plain list field declared with :func:`costed_at`, if it did."""
    definition = (field.extensions or {}).get(STRAWBERRY_FIELD)
    return getattr(definition, "metadata", {}).get(LENGTH) if definition is not None else None


def page_size(first: int | None) -> int:
    """What a page may hold: larger requests are refused by the page-size cap, so they cost the cap."""
    return DEFAULT_PAGE_SIZE if first is None else max(0, min(first, MAX_PAGE_SIZE))


def asked_page_size(field: FieldNode, variable_sizes: Mapping[str, int]) -> int:
    """The page size a paginated field asks for with ``first`` or ``last``: a literal, a variable's
    (``variable_sizes``), or the default; the larger if it gives both (a request the read side refuses)."""
    sizes = [_asked(a.value, variable_sizes) for a in field.arguments or () if a.name.value in PAGE_SIZES]
    sizes = [size for size in sizes if size is not None]
    return max(sizes) if sizes else DEFAULT_PAGE_SIZE


def _asked(value: object, variable_sizes: Mapping[str, int]) -> int | None:
    if isinstance(value, VariableNode):  # a variable given as null asks for the default page
        return variable_sizes.get(value.name.value, DEFAULT_PAGE_SIZE)
    if isinstance(value, IntValueNode):
        return page_size(int(value.value))
    return None


def page_variables(document: DocumentNode) -> frozenset[str]:
    """The variables the cost depends on: those given as a ``first`` or a ``last``."""
    names, pending = set(), [d.selection_set for d in document.definitions if hasattr(d, "selection_set")]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                names.update(a.value.name.value for a in selection.arguments or ()
                             if a.name.value in PAGE_SIZES and isinstance(a.value, VariableNode))
            if not isinstance(selection, FragmentSpreadNode) and selection.selection_set is not None:
                pending.append(selection.selection_set)
    return frozenset(names)


def variable_sizes(operation: OperationDefinitionNode, variables: Mapping[str, Any],
                   names: frozenset[str]) -> dict[str, int]:
    """The page size each variable of ``names`` gives: its value, else its default, else the default page."""
    sizes = {}
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in names:
            continue
        default = definition.default_value
        value = variables[name] if name in variables else (
            int(default.value) if isinstance(default, IntValueNode) else None)
        sizes[name] = page_size(value if isinstance(value, int) and not isinstance(value, bool) else None)
    return sizes
