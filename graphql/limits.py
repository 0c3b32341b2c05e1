"""What one request may ask, checked once per distinct document, and only for a caller with a valid token.

A request without a valid token is refused with ``invalid_token`` before its text is even parsed
(introspection included): strangers cost nothing. For the others, :func:`check` parses (at most
:data:`MAX_TOKENS` tokens), refuses a document nested deeper than :data:`MAX_DEPTH` or with more than
:data:`MAX_ALIASES` aliases (:mod:`document_shape`), or whose selection sets ask more than
:data:`MAX_FIELDS_PER_SELECTION` fields or one name more than :data:`MAX_REPEATS` times (:mod:`selection_width`),
then runs graphql-core's validation with the work of field merging bounded (:class:`BoundedFieldMerging`).
Each step is linear in the document, however its fragments spread each other, or bounded; the worst document
that fits still takes a few milliseconds of Python to check, so a document seen for the first time is checked
in a thread of its own (:data:`CHECKER`) while the event loop goes on answering, one at a time per caller and
charged to the caller's budget of checking time (:mod:`checking_budget`). The result is kept in a
process-wide LRU of :data:`CACHED_DOCUMENTS`, keyed by query text, schema and rules, unless the text is longer
than :data:`MAX_CACHED_TEXT` (a long string argument, say: kept, 256 of them would hold hundreds of MB).
Each request's cost (:mod:`cost`) depends on its variables; it is worked out on the event loop, once per
document, operation and page sizes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Hashable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_operation_ast,
    parse,
)
from graphql import OperationType as NodeOperationType
from graphql.validation import OverlappingFieldsCanBeMergedRule, ValidationContext
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types.execution import ExecutionContext
from strawberry.types.graphql import OperationType

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.checking_budget import CheckingBudgets, TooManyNewQueriesError
from isotrail.graphql.cost import operation_cost, page_variables, variable_sizes
from isotrail.graphql.document_shape import shape_errors
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.selection_width import too_wide
from isotrail.services.auth import InvalidTokenError

MAX_DEPTH = 8  # deep enough for programme → summary / weaknesses, far from abusive nesting
MAX_ALIASES = 30
MAX_TOKENS = 2000
MAX_FIELDS_PER_SELECTION = 100  # fragments spread in; real selection sets ask a few dozen
MAX_REPEATS = 10  # one response name in one selection set: 20 cost ~3 ms to merge, 490 ~27 ms
MAX_COST = 10_000  # the dashboard costs ~700; 200 units with every field ~2,200; 30 such aliases ~66,000
# graphql-core's units of field-merging work, ~1–3 µs each: documents without repeated fields spend none,
# 30 fragments of five shared fields spread side by side ~7,500, 490 ``me { tenant }`` ~600,000
MERGE_BUDGET = 10_000
CACHED_DOCUMENTS = 256
MAX_CACHED_TEXT = 32 * 1024  # characters; the examples are under 2 KB, introspection ~1.5 KB
COSTS_PER_DOCUMENT = 64  # distinct page sizes remembered per document
CHECKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="isotrail-documents")


class QueryTooCostlyError(IsotrailError):
    """A query would resolve more fields than one request may."""

    code = "query_too_costly"
    template_vi = ("Truy vấn quá lớn: ước tính {cost} trường, vượt giới hạn {maximum}. "
                   "Hãy giảm «first» hoặc bớt trường.")
    template_en = ("Query too costly: about {cost} fields, above the limit of {maximum}. "
                   "Lower `first` or ask fewer fields.")


class QueryTooComplexError(IsotrailError):
    """Checking the document would take more work than one request may (fields of one name asked too often)."""

    code = "query_too_complex"
    template_vi = "Truy vấn quá phức tạp để kiểm tra. Hãy bớt các trường trùng tên hoặc các fragment lặp lại."
    template_en = "Query too complex to check. Ask fewer fields of the same name or repeated fragments."


class BoundedFieldMerging(OverlappingFieldsCanBeMergedRule):
    """graphql-core's field-merging rule compares every pair of fields of the same response name: ~500
    ``me { tenant }`` in 2,000 tokens took 1.5 s. Its own budget (500,000) is cut to :data:`MERGE_BUDGET`;
    past it, validation stops and the document is refused with :class:`QueryTooComplexError`."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.rule_context.remaining_complexity_budget = MERGE_BUDGET


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
        bounded = tuple(BoundedFieldMerging if rule is OverlappingFieldsCanBeMergedRule else rule for rule in rules)
        errors = [as_graphql_error(QueryTooComplexError()) if _out_of_budget(error) else error
                  for error in validate_document(schema, document, bounded)]
    return CheckedDocument(schema, document, tuple(errors), frozenset() if errors else page_variables(document))


def _out_of_budget(error: GraphQLError) -> bool:
    """graphql-core stopped for its work budgets (or the interpreter's recursion limit), not its error limit."""
    return isinstance(error, ValidationAbortedError) and error.message == "Validation aborted."


class DocumentCache:
    """A bounded LRU of checked documents, none longer than :data:`MAX_CACHED_TEXT`; read and written on the
    event loop only."""

    def __init__(self, max_entries: int = CACHED_DOCUMENTS) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, CheckedDocument] = OrderedDict()
        self._budgets = CheckingBudgets()

    async def checked(self, schema: GraphQLSchema, query: str, rules: tuple[type, ...],
                      caller: Hashable) -> CheckedDocument:
        """The document checked, from the cache or by :func:`check` on the caller's budget.

        Raises:
            TooManyNewQueriesError: the document is new and the caller has had too many checked lately.
        """
        key = (schema, query, rules)
        known = self._entries.get(key)
        if known is None:
            known = await self._budgets.run(caller, CHECKER, partial(check, schema, query, rules))
            if len(query) > MAX_CACHED_TEXT:
                return known
            self._entries[key] = known
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return known


DOCUMENTS = DocumentCache()


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
    :data:`DOCUMENTS`, then refuses a request above :data:`MAX_COST`."""

    checked: CheckedDocument | None = None
    refusal: list[GraphQLError] | None = None

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
            if cost > MAX_COST:
                errors.append(as_graphql_error(QueryTooCostlyError(cost=cost, maximum=MAX_COST)))
            execution.pre_execution_errors = errors
        yield
