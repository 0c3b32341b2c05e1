"""Whole results of read-only queries, kept while the read models they came from have not changed.

A province's dashboard is asked again and again by its inspectors, and between two projector batches
the answer cannot differ. :class:`CachedResponses` first asks the tenant's read-models version (each
projection's position and the transaction that last wrote it, and today's date): read by one statement, and
then known without one while the process hears nothing of the tenant's projectors, for at most a second
(projections/read_models_version.py's ``KnownVersions``); a result stored under the same request and the same
version is returned without executing, anything else executes and is stored. A result is therefore never older
than the read models it is served beside, but for a write committed and not yet heard of (as a statement
racing the commit would miss it too), and for at most a second past midnight or a lost notice.

A request is the token's tenant, role and unit (a unit representative sees only its own), the query
text, the operation name and the variables; only queries whose root fields all read the tenant's
projections (:data:`CACHEABLE_FIELDS`), that print no document (each asks for a fresh link and records its
issue) and that finished without an error are kept, so ``me`` (the token's subject), ``national`` (every
tenant) and time travel (the event store) always execute.
Validation, the cost limit and the token check happen before, on every request.

The results are kept in the request context's :class:`~isotrail.graphql.response_store.ResponseCache`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Hashable
from typing import Any

from graphql import ExecutionResult, FieldNode, OperationType, get_operation_ast, visit
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from isotrail.graphql.document_fields import DOCUMENT_FIELDS
from isotrail.graphql.response_store import MAX_ENTRY_BYTES
from isotrail.graphql.unavailable import UNAVAILABLE

CACHEABLE_FIELDS = frozenset({"units", "programmes", "findings", "timeline", "unit", "programme", "inspection",
                              "finding", "node", "nodes"})


class CachedResponses(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        key = _request_key(execution)
        if key is None:
            yield
            return
        try:
            version = await context.read_models_versions.version(context.pool.acquire, context.storage)
        except UNAVAILABLE:  # no cache then: the resolvers meet the same failure and answer it typed
            version = None
        data = context.response_cache.get(key, version) if version is not None else None
        if data is not None:
            execution.result = ExecutionResult(data=data, errors=None)
            yield
            return
        yield
        result = execution.result
        if version is not None and isinstance(result, ExecutionResult) and not result.errors and result.data:
            context.response_cache.put(key, version, result.data)


def _request_key(execution: Any) -> Hashable | None:
    """What the result depends on besides the read models, or None when it must not be cached."""
    context = execution.context
    principal = getattr(context, "principal", None)
    if (getattr(context, "response_cache", None) is None or principal is None or context.storage is None
            or getattr(context, "read_models_versions", None) is None):
        return None
    operation = get_operation_ast(execution.graphql_document, execution.operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    roots = operation.selection_set.selections
    if not all(isinstance(field, FieldNode) and field.name.value in CACHEABLE_FIELDS for field in roots):
        return None
    if len(execution.query) > MAX_ENTRY_BYTES or _prints_documents(execution.graphql_document):
        return None  # too long to keep (no need to read the version either); or a new link each time, recorded
    variables = json.dumps(execution.variables or {}, sort_keys=True, default=str)
    if len(execution.query) + len(variables) > MAX_ENTRY_BYTES:
        return None
    return (principal.tenant, principal.role, principal.unit_id, execution.query, execution.operation_name,
            variables)


class _DocumentFields(Visitor):
    found = False

    def enter_field(self, node: FieldNode, *_: Any) -> Any:
        if node.name.value in DOCUMENT_FIELDS:
            self.found = True
            return Visitor.BREAK
        return None


def _prints_documents(document: Any) -> bool:
    """Whether any field of the document (its fragments' too) is a document's (graphql/document_fields.py)."""
    fields = _DocumentFields()
    visit(document, fields)
    return fields.found
