"""A bounded set of open tenant Applications, leased per command, least recently used closed first.

Each open Application holds a small connection pool, so bounding how many are open bounds the
connections one process holds, however many tenants the server carries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from isotrail.domain.tenancy import Tenant
from isotrail.services.tenant_application import TenantApplication


@dataclass
class _Slot:
    app: TenantApplication | None = None
    leases: int = 0
    discarded: bool = False  # no longer handed out; closed when its last lease ends


class ApplicationPool:
    def __init__(self, open_application: Callable[[Tenant], TenantApplication], capacity: int) -> None:
        self._open_application = open_application
        self._capacity = capacity
        self._slots: OrderedDict[Tenant, _Slot] = OrderedDict()
        self._changed = threading.Condition()

    @contextmanager
    def lease(self, tenant: Tenant) -> Iterator[TenantApplication]:
        """The tenant's Application, kept open for the duration of the block."""
        slot = self._acquire(tenant)
        try:
            yield slot.app
        finally:
            with self._changed:
                slot.leases -= 1
                close = slot.discarded and not slot.leases
                self._changed.notify_all()
            if close:
                slot.app.close()

    @property
    def open_count(self) -> int:
        with self._changed:
            return len(self._slots)

    def close(self) -> None:
        with self._changed:
            slots, self._slots = list(self._slots.values()), OrderedDict()
        for slot in slots:
            if slot.app is not None:
                slot.app.close()

    def evict(self, tenant: Tenant) -> None:
        """Close the tenant's Application once nobody holds it (e.g. before its schema is dropped)."""
        with self._changed:
            while (slot := self._slots.get(tenant)) is not None and slot.leases:
                self._changed.wait()
            slot = self._slots.pop(tenant, None)
            self._changed.notify_all()
        if slot is not None and slot.app is not None:
            slot.app.close()

    def discard(self, tenant: Tenant) -> None:
        """Hand out a new Application for this tenant from now on; the current one closes once nobody holds
        it. After PostgreSQL went away, a fresh connection pool connects at once where the old one would
        wait out its reconnection back-off."""
        with self._changed:
            slot = self._slots.get(tenant)
            if slot is None or slot.app is None:
                return
            del self._slots[tenant]
            slot.discarded = True
            close = not slot.leases
            self._changed.notify_all()
        if close:
            slot.app.close()

    def _acquire(self, tenant: Tenant) -> _Slot:
        evicted: list[TenantApplication] = []
        with self._changed:
            while True:
                slot = self._slots.get(tenant)
                if slot is not None:
                    if slot.app is not None:
                        slot.leases += 1
                        self._slots.move_to_end(tenant)
                        return slot
                    self._changed.wait()  # another thread is opening it
                    continue
                if len(self._slots) < self._capacity or self._pop_idle(evicted):
                    slot = _Slot(leases=1)
                    self._slots[tenant] = slot
                    break
                self._changed.wait()
        for app in evicted:
            app.close()
        try:
            app = self._open_application(tenant)
        except BaseException:
            with self._changed:
                del self._slots[tenant]
                self._changed.notify_all()
            raise
        with self._changed:
            slot.app = app
            self._changed.notify_all()
        return slot

    def _pop_idle(self, evicted: list[TenantApplication]) -> bool:
        for tenant, slot in self._slots.items():
            if slot.leases == 0 and slot.app is not None:
                del self._slots[tenant]
                evicted.append(slot.app)
                return True
        return False
