"""One document checked: parsed (at most :data:`MAX_TOKENS` tokens), its shape bounded (:mod:`document_shape`,
:mod:`selection_width`), then validated by graphql-core with the work of field merging bounded
(:mod:`bounded_validation`); each step only if the one before passed. What it costs depends on the
request's variables, so :class:`CheckedDocument` works the cost out per page sizes and remembers it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, get_operation_ast, parse

from isotrail.graphql.bounded_validation import QueryTooComplexError, validation_errors
from isotrail.graphql.cost import operation_cost
from isotrail.graphql.document_shape import shape_errors
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.page_sizes import page_variables, variable_sizes
from isotrail.graphql.selection_width import too_wide

MAX_DEPTH = 8  # deep enough for programme → summary / weaknesses, far from abusive nesting
MAX_ALIASES = 30
MAX_TOKENS = 2000
MAX_FIELDS_PER_SELECTION = 100  # fragments spread in; real selection sets ask a few dozen
MAX_REPEATS = 10  # one response name in one selection set: 20 cost ~3 ms to merge, 490 ~27 ms
COSTS_PER_DOCUMENT = 64  # distinct page sizes remembered per document


@dataclass(frozen=True)
class CheckedDocument:
    schema: GraphQLSchema
    document: DocumentNode | None  # None: it did not parse
    errors: tuple[GraphQLError, ...]
    page_variables: frozenset[str] = frozenset()
    costs: dict[Hashable, int] = field(default_factory=dict, compare=False)

    def cost(self, variables: Mapping[str, Any], operation_name: str | None) -> int:
        """The fields the operation would resolve with these variables (0 without such an operation:
        strawberry refuses the request)."""
        operation = get_operation_ast(self.document, operation_name) if self.document is not None else None
        if operation is None:
            return 0
        sizes = variable_sizes(operation, variables, self.page_variables)
        key = (operation_name, *sorted(sizes.items()))
        known = self.costs.get(key)
        if known is None:
            if len(self.costs) >= COSTS_PER_DOCUMENT:
                self.costs.clear()
            known = self.costs[key] = operation_cost(self.schema, self.document, operation, sizes)
        return known


def check(schema: GraphQLSchema, query: str, rules: tuple[type, ...]) -> CheckedDocument:
    """Parse and validate, each step only if the one before passed."""
    try:
        document = parse(query, max_tokens=MAX_TOKENS)
    except GraphQLError as error:
        return CheckedDocument(schema, None, (error,))
    errors = shape_errors(document, MAX_DEPTH, MAX_ALIASES)
    if not errors and too_wide(document, MAX_FIELDS_PER_SELECTION, MAX_REPEATS):
        errors = [as_graphql_error(QueryTooComplexError())]
    if not errors:
        errors = validation_errors(schema, document, rules)
    return CheckedDocument(schema, document, tuple(errors), frozenset() if errors else page_variables(document))
