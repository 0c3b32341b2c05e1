"""The one cache of the registry's rows in a process: each tenant's row (or that there is none), kept
:data:`CACHE_SECONDS` unless forgotten first.

A moving tenant is never kept, so that its commands are accepted as soon as the move ends. The registry
forgets a tenant when it changes it, and when the NOTIFY of another process's change arrives; a row read
before a forgetting (a read :meth:`RecentTenants.stamp` dates) is returned but not kept.
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
        self._forgettings = 0  # how many times a row was forgotten: a row read before one is not kept
        self._lock = threading.Lock()  # the sync readers run in worker threads, the async ones on the loop

    def get(self, slug: str) -> tuple[bool, TenantRecord | None]:
        """(whether the tenant's row is kept, the row or None for no such tenant)."""
        with self._lock:
            seen = self._seen.get(slug)
        if seen is not None and time.monotonic() - seen[0] < CACHE_SECONDS:
            return True, seen[1]
        return False, None

    def stamp(self) -> int:
        """Taken before a row is read, and given back to :meth:`keep`."""
        with self._lock:
            return self._forgettings

    def keep(self, slug: str, record: TenantRecord | None, stamp: int) -> TenantRecord | None:
        """Keep the row just read (None: no such tenant) unless the tenant is moving or something was
        forgotten since ``stamp`` (the row may be older than the change); returns it."""
        if record is None or record.status is not TenantStatus.MOVING:
            with self._lock:
                if stamp != self._forgettings:
                    return record
                if len(self._seen) >= MAX_CACHED:
                    self._seen.clear()
                self._seen[slug] = (time.monotonic(), record)
        return record

    def forget(self, slug: str) -> None:
        with self._lock:
            self._forgettings += 1
            self._seen.pop(slug, None)

    def forget_all(self) -> list[str]:
        """Forget every row; returns the slugs forgotten."""
        with self._lock:
            self._forgettings += 1
            forgotten, self._seen = list(self._seen), {}
        return forgotten
