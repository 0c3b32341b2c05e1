"""A fair share of rendering for every tenant: the API's rendering threads and template processes
(services/documents/renderer.py, sandbox.py) are shared by all provinces, so one province whose template runs to
its deadline, asked for a few times at once, would hold them all and every other province's documents would time
out. :class:`TenantSlots` lets a tenant hold at most ``per_tenant`` renderings at once; its next one waits, first
come first served, at most ``wait_seconds`` for one of them to end, then is refused with
:class:`DocumentRenderBusyError`, while other tenants' renderings go on. Used on the event loop only."""

from __future__ import annotations

import asyncio
from collections import deque

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant


class DocumentRenderBusyError(IsotrailError):
    """The tenant already renders as many documents at once as it may, and none ended in the time allowed."""

    code = "document_render_busy"
    template_vi = ("Sở đã có {limit} văn bản đang được lập cùng lúc (mức tối đa); chờ {seconds} giây vẫn chưa đến "
                   "lượt văn bản này. Vui lòng thử lại sau ít phút.")
    template_en = ("{limit} of this tenant's documents are already being rendered (as many as it may at once) and none "
                   "ended within {seconds} seconds. Please retry shortly.")


class TenantSlots:
    """At most ``per_tenant`` slots held by one tenant at once; a further :meth:`acquire` waits at most
    ``wait_seconds``."""

    def __init__(self, *, per_tenant: int = 1, wait_seconds: float = 10.0) -> None:
        self.per_tenant, self.wait_seconds = per_tenant, wait_seconds
        self._held: dict[Tenant, int] = {}
        self._waiting: dict[Tenant, deque[asyncio.Future[None]]] = {}

    def held(self, tenant: Tenant) -> int:
        """How many slots ``tenant`` holds now."""
        return self._held.get(tenant, 0)

    async def acquire(self, tenant: Tenant) -> None:
        """A slot for ``tenant`` (give it back with :meth:`release`); raises :class:`DocumentRenderBusyError`
        after ``wait_seconds`` without one."""
        waiting = self._waiting.get(tenant)
        if self.held(tenant) < self.per_tenant and not waiting:
            self._held[tenant] = self.held(tenant) + 1
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(tenant, deque()).append(turn)
        try:
            await asyncio.wait_for(turn, self.wait_seconds)
        except TimeoutError:
            self._forget(tenant, turn)
            raise DocumentRenderBusyError(limit=str(self.per_tenant), seconds=f"{self.wait_seconds:g}") from None
        except BaseException:  # cancelled (the client went away): a slot handed over meanwhile is given back
            self._forget(tenant, turn)
            if turn.done() and not turn.cancelled():
                self.release(tenant)
            raise

    def release(self, tenant: Tenant) -> None:
        """Give back one of ``tenant``'s slots: to its longest waiting rendering, if any."""
        waiting = self._waiting.get(tenant)
        while waiting:
            turn = waiting.popleft()
            if not turn.done():
                turn.set_result(None)  # the slot passes on: held stays the same
                return
        self._waiting.pop(tenant, None)
        left = self.held(tenant) - 1
        if left > 0:
            self._held[tenant] = left
        else:
            self._held.pop(tenant, None)

    def _forget(self, tenant: Tenant, turn: asyncio.Future[None]) -> None:
        waiting = self._waiting.get(tenant)
        if waiting is not None and turn in waiting:
            waiting.remove(turn)
        if not waiting:
            self._waiting.pop(tenant, None)
