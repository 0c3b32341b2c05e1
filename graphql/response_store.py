"""Whole results of read-only queries by tenant, each kept with the read-models version it was computed at.

Each tenant has a cache of its own (:data:`TENANT_BYTES` at most, measured as the JSON of the request and of
its result), so one tenant's requests never evict another's results; a request or a result larger than
:data:`MAX_ENTRY_BYTES` is not kept at all, and the tenants whose cache was used least lately are forgotten
past :data:`MAX_TENANTS`. Memory is therefore bounded by about ``MAX_TENANTS × TENANT_BYTES`` of JSON.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from litestar.serialization import encode_json

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
