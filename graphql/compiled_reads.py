"""Read-only queries answered by their plan (graphql/read_plans.py) instead of graphql-core's execution.

:class:`CompiledReads` runs last among the schema's extensions, after the document, its arguments and its cost
were checked and the response cache was asked: when the operation has a plan, it converts each root field's
arguments as strawberry would for the resolver, checks the field's permission as the field's extension would,
reads the page through the request's reader, and builds the answer from the rows, coercing each value with its
type's own output coercion. Anything a plan cannot answer exactly as graphql-core would — a refused permission,
a typed error of a read (a bad cursor, a page too large), a null in a non-null field, a value that does not
coerce — leaves the request to graphql-core, which answers it (errors included) as usual; so a plan only ever
answers requests that succeed, with the same data.

Plans are kept per query text and operation name, as checked documents are (graphql/document_cache.py), a
document without one too.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Hashable
from types import SimpleNamespace
from typing import Any

import structlog
from graphql import ExecutionResult, GraphQLError, Undefined
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.types.arguments import convert_arguments

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.document_cache import CACHED_DOCUMENTS, MAX_CACHED_TEXT
from isotrail.graphql.execution import STRAWBERRY_TYPE, global_id
from isotrail.graphql.metrics import JSON_PAGES, PLANNED_READS
from isotrail.graphql.read_plans import ConnectionRead, Plan, Row, plan_of
from isotrail.projections.json_pages import JsonPage
from isotrail.projections.pages import Page

log = structlog.get_logger(__name__)


class _Unanswerable(Exception):  # noqa: N818 - not an error: graphql-core answers the request
    """A value a plan may not answer (a null in a non-null field, one that does not coerce)."""


class PlanCache:
    """A bounded LRU of plans (or their absence) by schema, query text and operation name."""

    def __init__(self, max_entries: int = CACHED_DOCUMENTS) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Plan | None] = OrderedDict()

    def plan(self, execution: Any) -> Plan | None:
        query, document = execution.query, execution.graphql_document
        if not isinstance(query, str) or document is None or len(query) > MAX_CACHED_TEXT:
            return None
        schema = execution.schema._schema  # graphql-core's
        key = (id(schema), query, execution.operation_name)
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        try:
            plan = plan_of(schema, document, execution.operation_name)
        except Exception:  # graphql-core answers it; a fault of the planner is logged, never the client's
            log.warning("read_plan_failed", exc_info=True)
            plan = None
        self._entries[key] = plan
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return plan


PLANS = PlanCache()


class CompiledReads(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        if execution.result is None and getattr(context, "principal", None) is not None:
            plan = PLANS.plan(execution)
            if plan is not None:
                data = await answer(plan, execution)
                if data is not None:
                    execution.result = ExecutionResult(data=data, errors=None)
                    PLANNED_READS.inc()
        yield


async def answer(plan: Plan, execution: Any) -> dict[str, Any] | None:
    """The operation's data by its plan, or None when graphql-core must answer it."""
    context = execution.context
    data: dict[str, Any] = {}
    try:
        variables = _variables(plan, execution)
        for root in plan.roots:
            if isinstance(root, tuple):
                data[root[0]] = root[1]
                continue
            info = SimpleNamespace(context=context)
            for permission in root.permissions:
                permission.has_permission(None, info)
            arguments = _arguments(root, execution, variables)
            page = None
            if root.json is not None:  # PostgreSQL writes the rows; the rows' path answers what it refuses
                page = await root.read.read(context.reader, root.columns, root.joins, root.json, **arguments)
                if page.refused:
                    page = None
                else:
                    JSON_PAGES.inc()
            if page is None:
                page = await root.read.read(context.reader, root.columns, root.joins, None, **arguments)
            data[root.key] = await _connection(root, page, context.reader)
    except (_Unanswerable, IsotrailError, GraphQLError):
        return None
    except Exception:  # graphql-core answers it, and reports what it meets; the plan's own fault is logged
        log.warning("compiled_read_failed", exc_info=True)
        return None
    return data


def _variables(plan: Plan, execution: Any) -> VariableValues | None:
    """The operation's variables coerced as graphql-core coerces them; raises :class:`_Unanswerable` on one
    that does not coerce (graphql-core refuses it)."""
    if not plan.variables:
        return None
    inputs = execution.variables if isinstance(execution.variables, dict) else {}
    coerced = get_variable_values(execution.schema._schema, plan.variables, inputs)
    if isinstance(coerced, list):
        raise _Unanswerable
    return coerced


def _arguments(root: ConnectionRead, execution: Any, variables: VariableValues | None) -> dict[str, Any]:
    """The root field's arguments as its resolver gets them (converted once when they hold no variable)."""
    if root.literal and root.arguments is not None:
        return root.arguments
    values = get_argument_values(root.graphql_field, root.node, variables)
    strawberry_schema = execution.schema
    definition = root.graphql_field.extensions[STRAWBERRY_TYPE]
    arguments = convert_arguments(values, definition.arguments,
                                  scalar_registry=strawberry_schema.schema_converter.scalar_registry,
                                  config=strawberry_schema.config)
    if root.literal:
        root.arguments = arguments
    return arguments


async def _connection(root: ConnectionRead, page: Page | JsonPage, reader: Any) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    for key, kind, *rest in root.fields:
        if kind == "const":
            answer[key] = rest[0]
        elif kind == "nodes":
            answer[key] = page.json if isinstance(page, JsonPage) else _rows(rest[0], page.items)
        elif kind == "total":
            answer[key] = await reader.total(page)
        elif kind == "page_info":
            answer[key] = {field_key: getattr(page, attribute) if attribute else typename
                           for field_key, attribute, typename in rest[0]}
        elif kind == "edges":
            answer[key] = _edges(rest[0], page)
    return answer


def _edges(fields: list[tuple[Any, ...]], page: Page) -> list[dict[str, Any]]:
    columns: list[tuple[str, list[Any]]] = []
    for key, kind, value in fields:
        if kind == "cursor":
            columns.append((key, page.cursors()))
        elif kind == "node":
            columns.append((key, _rows(value, page.items)))
        else:
            columns.append((key, [value] * len(page.items)))
    return [{key: values[index] for key, values in columns} for index in range(len(page.items))]


def _rows(plan: Row, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row's answer: its columns coerced, its ids, its joined rows'."""
    related = {field[0]: _related(field, rows) for field in plan.fields if field[1] == "relation"}
    answers = []
    for index, row in enumerate(rows):
        item: dict[str, Any] = {}
        for field in plan.fields:
            key, kind = field[0], field[1]
            if kind == "column":
                value = row[field[2]]
                if type(value) is field[5]:
                    item[key] = value
                    continue
                if value is None:
                    if field[4]:
                        raise _Unanswerable
                    item[key] = None
                    continue
                coerced = field[3](value)
                if coerced is None or coerced is Undefined:
                    raise _Unanswerable
                item[key] = coerced
            elif kind == "const":
                item[key] = field[2]
            elif kind == "id":
                item[key] = global_id(field[2], str(row[field[3]]))
            else:
                item[key] = related[key][index]
        answers.append(item)
    return answers


def _related(field: tuple[Any, ...], rows: list[dict[str, Any]]) -> list[Any]:
    """Each row's joined row's answer (None where it has none)."""
    _, _, relation, plan, non_null = field
    joined = [row[relation.join] for row in rows]
    found = [item for item in joined if item is not None]
    if non_null and len(found) < len(joined):
        raise _Unanswerable
    answers = iter(_rows(plan, found))
    return [None if item is None else next(answers) for item in joined]
