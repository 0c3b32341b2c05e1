"""graphql-core's validation of a document, with the work of its field-merging rule bounded.

graphql-core's field-merging rule (OverlappingFieldsCanBeMerged) compares every pair of fields of the same
response name: ~500 ``me { tenant }`` in 2,000 tokens took 1.5 s. Its own budget (500,000) is cut to
:data:`MERGE_BUDGET`; past it, validation stops and the document is refused with
:class:`QueryTooComplexError`, as one whose selection sets are too wide is (graphql/selection_width.py).
"""

from __future__ import annotations

from graphql import DocumentNode, GraphQLError, GraphQLSchema
from graphql.validation import OverlappingFieldsCanBeMergedRule, ValidationContext
from graphql.validation.validate import ValidationAbortedError
from strawberry.schema.schema import validate_document

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import as_graphql_error

# graphql-core's units of field-merging work, ~1–3 µs each: documents without repeated fields spend none,
# 30 fragments of five shared fields spread side by side ~7,500, 490 ``me { tenant }`` ~600,000
MERGE_BUDGET = 10_000


class QueryTooComplexError(IsotrailError):
    """Checking the document would take more work than one request may (fields of one name asked too often)."""

    code = "query_too_complex"
    template_vi = "Truy vấn quá phức tạp để kiểm tra. Hãy bớt các trường trùng tên hoặc các fragment lặp lại."
    template_en = "Query too complex to check. Ask fewer fields of the same name or repeated fragments."


class BoundedFieldMerging(OverlappingFieldsCanBeMergedRule):
    """graphql-core's field-merging rule, its work budget cut to :data:`MERGE_BUDGET`."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.rule_context.remaining_complexity_budget = MERGE_BUDGET


def validation_errors(schema: GraphQLSchema, document: DocumentNode, rules: tuple[type, ...]) -> list[GraphQLError]:
    """The document's errors under ``rules``, field merging bounded; a validation stopped for its work
    budgets gives :class:`QueryTooComplexError`."""
    bounded = tuple(BoundedFieldMerging if rule is OverlappingFieldsCanBeMergedRule else rule for rule in rules)
    return [as_graphql_error(QueryTooComplexError()) if _out_of_budget(error) else error
            for error in validate_document(schema, document, bounded)]


def _out_of_budget(error: GraphQLError) -> bool:
    """graphql-core stopped for its work budgets (or the interpreter's recursion limit), not its error limit."""
    return isinstance(error, ValidationAbortedError) and error.message == "Validation aborted."
