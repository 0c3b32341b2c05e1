"""What one request may ask, checked once per distinct document.

Parsing and validating a document (graphql-core's rules plus the depth and alias limits) took longer
than executing the province dashboard. :class:`CheckedDocuments` keeps a process-wide, bounded LRU of
parsed and validated documents keyed by query text, schema and rules, so each distinct document is
checked once. Its cost — every field counted as often as it would be resolved, the fields inside a
list multiplied by the page size above them (``first``, else the default page size) — depends on the
request's variables, so a cost plan is cached with the document and evaluated per request.
Introspection (``__schema``, ``__type``, ``__typename``) is neither depth-limited nor costed.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    parse,
)
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_limit
from strawberry.extensions.query_depth_limiter import create_validator as depth_limit
from strawberry.schema.schema import validate_document

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import as_graphql_error
from isotrail.projections.pages import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

MAX_DEPTH = 8  # deep enough for programme → summary / weaknesses, far from abusive nesting
MAX_ALIASES = 30
MAX_TOKENS = 2000
MAX_COST = 10_000  # the dashboard costs ~700; 200 units with every field ~2,200; 30 such aliases ~66,000
UNPAGED_LIST_SIZE = 20  # the length assumed for a list without ``first`` (weaknesses by clause, …)
CACHED_DOCUMENTS = 256
LIMIT_RULES = (depth_limit(MAX_DEPTH, None), alias_limit(MAX_ALIASES))

Factor = int | str  # a page size, or the name of the variable that gives it


class QueryTooCostlyError(IsotrailError):
    """A query would resolve more fields than one request may."""

    code = "query_too_costly"
    template_vi = ("Truy vấn quá lớn: ước tính {cost} trường, vượt giới hạn {maximum}. "
                   "Hãy giảm «first» hoặc bớt trường.")
    template_en = ("Query too costly: about {cost} fields, above the limit of {maximum}. "
                   "Lower `first` or ask fewer fields.")


@dataclass(frozen=True)
class CostPlan:
    """How many fields an operation resolves: counts by the page sizes they are multiplied by."""

    counts: Mapping[tuple[Factor, ...], int]
    defaults: Mapping[str, int]

    def cost(self, variables: Mapping[str, Any]) -> int:
        sizes: dict[str, int] = {}
        for name in {factor for factors in self.counts for factor in factors if isinstance(factor, str)}:
            value = variables.get(name, self.defaults.get(name))
            sizes[name] = _page_size(value if isinstance(value, int) and not isinstance(value, bool) else None)
        return sum(count * math.prod(sizes[f] if isinstance(f, str) else f for f in factors)
                   for factors, count in self.counts.items())


@dataclass(frozen=True)
class CheckedDocument:
    document: DocumentNode
    errors: tuple[GraphQLError, ...]
    plans: tuple[CostPlan, ...]

    def cost(self, variables: Mapping[str, Any]) -> int:
        return max((plan.cost(variables) for plan in self.plans), default=0)


def _page_size(first: int | None) -> int:
    """What a page may hold: larger requests are refused by the page-size cap, so they cost the cap."""
    return DEFAULT_PAGE_SIZE if first is None else max(0, min(first, MAX_PAGE_SIZE))


@functools.lru_cache(maxsize=CACHED_DOCUMENTS)
def check(schema: GraphQLSchema, query: str, rules: tuple[type, ...]) -> CheckedDocument:
    """Parse (at most :data:`MAX_TOKENS` tokens) and validate once; raises the parser's GraphQLError."""
    document = parse(query, max_tokens=MAX_TOKENS)
    try:
        errors = tuple(validate_document(schema, document, (*rules, *LIMIT_RULES)))
    except KeyError:  # strawberry's depth limiter on a spread of an unknown fragment, which graphql-core reports
        errors = tuple(validate_document(schema, document, rules))
    return CheckedDocument(document, errors, () if errors else cost_plans(schema, document))


def cost_plans(schema: GraphQLSchema, document: DocumentNode) -> tuple[CostPlan, ...]:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    plans = []
    for operation in (d for d in document.definitions if isinstance(d, OperationDefinitionNode)):
        root = schema.get_root_type(operation.operation)
        counts: Counter[tuple[Factor, ...]] = Counter()
        for factors in _fields(schema, fragments, root, operation.selection_set, (), None):
            counts[factors] += 1
        defaults = {v.variable.name.value: int(v.default_value.value) for v in operation.variable_definitions or ()
                    if isinstance(v.default_value, IntValueNode)}
        plans.append(CostPlan(counts, defaults))
    return tuple(plans)


def _fields(schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode], parent: Any,
            selections: SelectionSetNode, factors: tuple[Factor, ...], page: Factor | None,
            ) -> Iterator[tuple[Factor, ...]]:
    """For each field the selection resolves, the list sizes above it; ``page`` is the ``first`` of the
    connection whose selection this is (it sizes the connection's ``nodes``)."""
    for selection in selections.selections:
        if isinstance(selection, FragmentSpreadNode):
            fragment = fragments[selection.name.value]
            inner = schema.get_type(fragment.type_condition.name.value)
            yield from _fields(schema, fragments, inner, fragment.selection_set, factors, page)
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            inner = schema.get_type(condition.name.value) if condition else parent
            yield from _fields(schema, fragments, inner, selection.selection_set, factors, page)
        elif isinstance(selection, FieldNode) and not selection.name.value.startswith("__"):
            yield factors
            field = getattr(parent, "fields", {}).get(selection.name.value)
            if field is None or selection.selection_set is None:
                continue
            first = _first(selection) if "first" in field.args else None
            field_type = get_nullable_type(field.type)
            if isinstance(field_type, GraphQLList):
                size = first if first is not None else page if page is not None else UNPAGED_LIST_SIZE
                yield from _fields(schema, fragments, get_named_type(field_type), selection.selection_set,
                                   (*factors, size), None)
            else:
                yield from _fields(schema, fragments, field_type, selection.selection_set, factors, first)


def _first(field: FieldNode) -> Factor:
    """The page size a paginated field asks for: a literal, a variable's name, or the default."""
    argument = next((a for a in field.arguments or () if a.name.value == "first"), None)
    if argument is not None and isinstance(argument.value, VariableNode):
        return argument.value.name.value
    if argument is not None and isinstance(argument.value, IntValueNode):
        return _page_size(int(argument.value.value))
    return DEFAULT_PAGE_SIZE


class CheckedDocuments(SchemaExtension):
    """Parses and validates through :func:`check`'s cache, then refuses a request above :data:`MAX_COST`."""

    checked: CheckedDocument | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is None:
            try:
                self.checked = check(context.schema._schema, context.query, tuple(context.validation_rules))
            except GraphQLError:  # strawberry parses again and reports the syntax error
                context.parse_options["max_tokens"] = MAX_TOKENS
            else:
                context.graphql_document = self.checked.document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if self.checked is not None:
            errors = list(self.checked.errors)
            cost = 0 if errors else self.checked.cost(context.variables or {})
            if cost > MAX_COST:
                errors.append(as_graphql_error(QueryTooCostlyError(cost=cost, maximum=MAX_COST)))
            context.pre_execution_errors = errors
        yield
