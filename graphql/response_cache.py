"""Whole results of read-only queries, kept while the read models they came from have not changed.

A province's dashboard is asked again and again by its inspectors, and between two projector batches
the answer cannot differ. :class:`CachedResponses` first reads the tenant's read-models version (one
statement: each projection's position and the transaction that last wrote it, and today's date, see
:func:`queries.read_models_version`); a result stored under the same request and the same version is
returned without executing, anything else executes and is stored. A result is therefore never older
than the read models it is served beside.

A request is the token's tenant, role and unit (a unit representative sees only its own), the query
text, the operation name and the variables; only queries whose root fields all read the tenant's
projections (:data:`CACHEABLE_FIELDS`) and that finished without an error are kept, so ``me``
(the token's subject), ``national`` (every tenant) and time travel (the event store) always execute.
Validation, the cost limit and the token check happen before, on every request.

Each tenant has a cache of its own (:data:`TENANT_BYTES` at most, measured as the JSON of the request and of
its result), so one tenant's requests never evict another's results; a request or a result larger than
:data:`MAX_ENTRY_BYTES` is not kept at all, and the tenants whose cache was used least lately are forgotten
past :data:`MAX_TENANTS`. Memory is therefore bounded by about ``MAX_TENANTS × TENANT_BYTES`` of JSON.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import AsyncIterator, Hashable
from typing import Any

from graphql import ExecutionResult, FieldNode, OperationType, get_operation_ast
from litestar.serialization import encode_json
from strawberry.extensions import SchemaExtension

from isotrail.graphql.unavailable import UNAVAILABLE
from isotrail.projections import queries

CACHEABLE_FIELDS = frozenset({"units", "programmes", "findings", "timeline"})
MAX_ENTRY_BYTES = 128 * 1024  # a page of 200 units with every field is ~50 KB of JSON
TENANT_BYTES = 1024 * 1024
MAX_TENANTS = 64  # the provinces, about


class _TenantCache:
    """One tenant's LRU, bounded by the bytes of its entries."""

    def __init__(self) -> None:
        self.bytes = 0
        self.entries: OrderedDict[Hashable, tuple[Hashable, Any, int]] = OrderedDict()

    def put(self, key: Hashable, entry: tuple[Hashable, Any, int], max_bytes: int) -> None:
        self.remove(key)
        self.entries[key] = entry
        self.bytes += entry[2]
        while self.bytes > max_bytes:
            self.bytes -= self.entries.popitem(last=False)[1][2]

    def remove(self, key: Hashable) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old[2]


class ResponseCache:
    """Query results by tenant, each with the read-models version it was computed at; read and written on
    the event loop only. Keys are ``(tenant, …)``."""

    def __init__(self, tenant_bytes: int = TENANT_BYTES, max_entry_bytes: int = MAX_ENTRY_BYTES,
                 max_tenants: int = MAX_TENANTS) -> None:
        self.tenant_bytes, self.max_entry_bytes, self.max_tenants = tenant_bytes, max_entry_bytes, max_tenants
        self._tenants: OrderedDict[Hashable, _TenantCache] = OrderedDict()

    def get(self, key: tuple, version: Hashable) -> Any | None:
        tenant = self._tenants.get(key[0])
        entry = tenant.entries.get(key) if tenant is not None else None
        if entry is None or entry[0] != version:
            return None
        tenant.entries.move_to_end(key)
        self._tenants.move_to_end(key[0])
        return entry[1]

    def put(self, key: tuple, version: Hashable, data: Any) -> bool:
        """Keeps the result unless the request or the result is too large; whether it was kept."""
        size = _size(key, self.max_entry_bytes)
        size += _size(data, self.max_entry_bytes - size) if size <= self.max_entry_bytes else 0
        tenant = self._tenants.get(key[0])
        if size > self.max_entry_bytes:
            if tenant is not None:
                tenant.remove(key)  # an older, smaller result is no answer to this one
            return False
        if tenant is None:
            tenant = self._tenants[key[0]] = _TenantCache()
            while len(self._tenants) > self.max_tenants:
                self._tenants.popitem(last=False)
        self._tenants.move_to_end(key[0])
        tenant.put(key, (version, data, size), self.tenant_bytes)
        return True


def _size(value: Any, limit: int) -> int:
    """The bytes of ``value`` as JSON (strings of the key counted by length, without encoding them when
    they alone are over ``limit``)."""
    if isinstance(value, tuple):
        total = 0
        for part in value:
            total += len(part) if isinstance(part, str) else len(encode_json(part))
            if total > limit:
                break
        return total
    return len(encode_json(value))


class CachedResponses(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        key = _request_key(execution)
        if key is None:
            yield
            return
        try:
            async with context.pool.acquire() as conn:
                version = await queries.read_models_version(conn, context.storage)
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
    if getattr(context, "response_cache", None) is None or principal is None or context.storage is None:
        return None
    operation = get_operation_ast(execution.graphql_document, execution.operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    roots = operation.selection_set.selections
    if not all(isinstance(field, FieldNode) and field.name.value in CACHEABLE_FIELDS for field in roots):
        return None
    if len(execution.query) > MAX_ENTRY_BYTES:  # never kept: no need to read the version either
        return None
    variables = json.dumps(execution.variables or {}, sort_keys=True, default=str)
    if len(execution.query) + len(variables) > MAX_ENTRY_BYTES:
        return None
    return (principal.tenant, principal.role, principal.unit_id, execution.query, execution.operation_name,
            variables)
