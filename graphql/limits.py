"""What one request may ask, checked once per distinct document, and only for a caller with a valid token.

A request without a valid token is refused with ``invalid_token`` before its text is even parsed
(introspection included): strangers cost nothing. For the others, the document is checked
(:mod:`checked_document`: its tokens, depth, aliases, selection widths, then graphql-core's validation with
field merging bounded). Each step is linear in the document, however its fragments spread each other, or
bounded; the worst document that fits still takes a few milliseconds of Python to check, so a document seen
for the first time is checked off the event loop, on the caller's budget, and kept (:mod:`document_cache`).
Each request's cost (:mod:`cost`) depends on its variables; it is worked out on the event loop, once per
document, operation and page sizes, and a request above :func:`max_cost` is refused.
"""

from __future__ import annotations

import functools
import math
from collections.abc import AsyncIterator, Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_introspection_query,
    get_operation_ast,
    parse,
)
from graphql import OperationType as NodeOperationType
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionContext
from strawberry.types.graphql import OperationType

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.checked_document import CheckedDocument
from isotrail.graphql.checking_budget import TooManyNewQueriesError
from isotrail.graphql.cost import operation_cost
from isotrail.graphql.document_cache import DOCUMENTS
from isotrail.graphql.errors import as_graphql_error
from isotrail.services.token_claims import InvalidTokenError

# the dashboard costs ~700; 200 units with every field ~2,200; 200 programmes' weaknesses and scope ~36,600;
# 30 aliased walks of the schema ~80,000. One full introspection query (GraphiQL's, a code generator's) costs
# what the schema holds (~21,000 with issue 15's records) and grows with it: the limit follows it.
BASE_COST = 20_000
INTROSPECTION_HEADROOM = 1.25  # a full introspection fits with room to spare; two in one document do not


@functools.cache
def max_cost(executable: GraphQLSchema) -> int:
    """The most one request may cost: :data:`BASE_COST`, or 1.25 × what this schema's full introspection query
    costs, whichever is more, so that a client can always read the schema however it grows, and a document
    asking for it twice (or walking it through aliases) is still refused."""
    document = parse(get_introspection_query(descriptions=True, specified_by_url=True, directive_is_repeatable=True,
                                             schema_description=True, input_value_deprecation=True))
    introspection = operation_cost(executable, document, get_operation_ast(document), {})
    return max(BASE_COST, math.ceil(INTROSPECTION_HEADROOM * introspection))


class QueryTooCostlyError(IsotrailError):
    """A query would resolve more fields than one request may."""

    code = "query_too_costly"
    template_vi = ("Truy vấn quá lớn: ước tính {cost} trường, vượt giới hạn {maximum}. "
                   "Hãy giảm «first» hoặc bớt trường.")
    template_en = ("Query too costly: about {cost} fields, above the limit of {maximum}. "
                   "Lower `first` or ask fewer fields.")


def stand_in(execution: ExecutionContext) -> DocumentNode:
    """A document in place of one refused unparsed: strawberry asks the operation's type (by the requested
    operation name) of the document before it reads the errors that refuse the request."""
    allowed = set(execution.allowed_operations)
    kind = OperationType.QUERY if OperationType.QUERY in allowed else next(iter(allowed))
    name = execution.operation_name
    typename = SelectionSetNode(selections=(FieldNode(name=NameNode(value="__typename"), arguments=(), directives=()),))
    return DocumentNode(definitions=(OperationDefinitionNode(
        operation=NodeOperationType(kind.value), name=NameNode(value=name) if name else None,
        variable_definitions=(), directives=(), selection_set=typename),))


class CheckedDocuments(SchemaExtension):
    """Refuses a request without a valid token unparsed, checks the others' documents through
    :data:`DOCUMENTS`, then refuses a request above :func:`max_cost`."""

    checked: CheckedDocument | None = None
    refusal: list[GraphQLError] | None = None
    cost: int | None = None

    async def on_parse(self) -> AsyncIterator[None]:
        execution = self.execution_context
        if execution.query is not None and execution.graphql_document is None:
            context = execution.context
            if getattr(context, "principal", None) is None:
                error = getattr(context, "auth_error", None) or InvalidTokenError(reason="no bearer token")
                self.refusal = [as_graphql_error(error)]
            else:
                try:
                    self.checked = await DOCUMENTS.checked(execution.schema._schema, execution.query,
                                                           tuple(execution.validation_rules),
                                                           (context.principal.tenant, context.principal.subject))
                except TooManyNewQueriesError as error:
                    self.refusal = [as_graphql_error(error)]
                else:
                    if self.checked.document is None:
                        self.refusal = list(self.checked.errors)
            execution.graphql_document = stand_in(execution) if self.refusal else self.checked.document
        yield

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        if self.refusal is not None:
            execution.pre_execution_errors = self.refusal
        elif self.checked is not None:
            errors = list(self.checked.errors)
            cost = 0 if errors else self.checked.cost(execution.variables or {}, execution.operation_name)
            self.cost = None if errors else cost
            maximum = max_cost(execution.schema._schema)
            if cost > maximum:
                errors.append(as_graphql_error(QueryTooCostlyError(cost=cost, maximum=maximum)))
            execution.pre_execution_errors = errors
        yield

    def get_results(self) -> dict[str, Any]:
        """What the document cost, beside the limit, in the response's ``extensions.cost`` (as GitHub's and
        Shopify's APIs tell it), so that a client sees how close its query is to ``query_too_costly``."""
        if self.cost is None:
            return {}
        maximum = max_cost(self.execution_context.schema._schema)
        return {"cost": {"requestedQueryCost": self.cost, "maximumAvailable": maximum}}
