"""The one cache of the registry's rows in a process: each tenant's row (or that there is none), kept
:data:`CACHE_SECONDS` unless forgotten first.

A moving tenant is never kept, so that its commands are accepted as soon as the move ends. The registry
forgets a tenant when it changes it, and when the NOTIFY of another process's change arrives.
"""

from __future__ import annotations

import threading
import time

from isotrail.domain.tenancy import TenantStatus
from isotrail.services.registry_tables import TenantRecord

CACHE_SECONDS = 5.0  # how long a tenant's row is kept when no NOTIFY forgets it first
MAX_CACHED = 10_000  # tenants remembered (known or not); past it the cache starts afresh


class RecentTenants:
    """Tenants' rows by slug, each with when it was read; safe to share between threads."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[float, TenantRecord | None]] = {}
        self._lock = threading.Lock()  # the sync readers run in worker threads, the async ones on the loop

    def get(self, slug: str) -> tuple[bool, TenantRecord | None]:
        """(whether the tenant's row is kept, the row or None for no such tenant)."""
        with self._lock:
            seen = self._seen.get(slug)
        if seen is not None and time.monotonic() - seen[0] < CACHE_SECONDS:
            return True, seen[1]
        return False, None

    def keep(self, slug: str, record: TenantRecord | None) -> TenantRecord | None:
        """Keep the row just read (None: no such tenant) unless the tenant is moving; returns it."""
        if record is None or record.status is not TenantStatus.MOVING:
            with self._lock:
                if len(self._seen) >= MAX_CACHED:
                    self._seen.clear()
                self._seen[slug] = (time.monotonic(), record)
        return record

    def forget(self, slug: str) -> None:
        with self._lock:
            self._seen.pop(slug, None)

    def forget_all(self) -> list[str]:
        """Forget every row; returns the slugs forgotten."""
        with self._lock:
            forgotten, self._seen = list(self._seen), {}
        return forgotten
