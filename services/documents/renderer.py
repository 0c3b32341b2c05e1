"""Rendering off the event loop: DOCX, PDF and XLSX renderers are synchronous and take tens of milliseconds to
seconds, so the API hands each rendering to a worker thread of its own pool — at most ``workers`` at once per
process, never the loop's default executor, which other work shares — and waits for it at most ``seconds``
(its time in the queue included). A rendering that takes longer is answered
:class:`DocumentRenderTimeoutError`; its thread finishes unobserved (a renderer cannot be interrupted), and the
pool's bound keeps such threads few. A province's own template is never run in this process: its thread hands
it to the :class:`TemplateSandbox` (services/documents/sandbox.py), whose processes are killed at their deadline.
Threads and processes are shared by every tenant, so a tenant holds at most its share of renderings at once
(:class:`TenantSlots`): a slot is held until its thread has ended, not merely until the request stopped waiting,
so a tenant's renderings past their deadline still count against it, never against the other tenants."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress

from isotrail.domain.documents.document import Document
from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant
from isotrail.services.documents.rendering import DocumentFormat, RenderedDocument, TenantTemplate, render
from isotrail.services.documents.sandbox import TemplateSandbox
from isotrail.services.documents.settings import DocumentSettings
from isotrail.services.documents.tenant_slots import TenantSlots


class DocumentRenderTimeoutError(IsotrailError):
    """The document could not be rendered in the time allowed (the server is busy, or the document too large)."""

    code = "document_render_timeout"
    template_vi = "Chưa lập được văn bản trong {seconds} giây: máy chủ đang bận. Vui lòng thử lại sau ít phút."
    template_en = "The document could not be rendered within {seconds} seconds: the server is busy. Please retry."


class Renderer:
    """Runs renderings in ``workers`` threads, each waited for at most ``seconds``; those from a province's template
    in ``sandbox``'s processes; at most as many of a tenant's at once as ``slots`` allow."""

    def __init__(self, *, workers: int = 2, seconds: float = 30.0, sandbox: TemplateSandbox | None = None,
                 slots: TenantSlots | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="isotrail-render")
        self.seconds = seconds
        self.sandbox = sandbox or TemplateSandbox(workers=workers)
        self.slots = slots or TenantSlots()

    async def render(self, tenant: Tenant, document: Document, fmt: DocumentFormat,
                     template: TenantTemplate | None = None) -> RenderedDocument:
        """``tenant``'s ``document`` as ``fmt``: from the repo's templates in a thread, from the province's
        ``template`` in the sandbox (raising its TemplateRenderTimeoutError / TemplateRenderFailedError), once the
        tenant has a slot (else DocumentRenderBusyError); DocumentRenderTimeoutError past ``seconds``."""
        await self.slots.acquire(tenant)
        loop = asyncio.get_running_loop()

        def ended(_done: Future[RenderedDocument]) -> None:  # in the rendering thread, or here if never started
            with suppress(RuntimeError):  # the loop is closed: the server stopped, and its slots with it
                loop.call_soon_threadsafe(self.slots.release, tenant)

        try:
            if template is None:
                running = self._pool.submit(render, document, fmt)
            else:
                running = self._pool.submit(self.sandbox.render, document, fmt, template)
        except BaseException:
            self.slots.release(tenant)
            raise
        running.add_done_callback(ended)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(running), self.seconds)
        except TimeoutError:
            raise DocumentRenderTimeoutError(seconds=f"{self.seconds:g}") from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.sandbox.close()


def template_sandbox(settings: DocumentSettings) -> TemplateSandbox:
    """The sandbox for provinces' templates the settings describe (``ISOTRAIL_DOCUMENTS__TEMPLATE_*``)."""
    return TemplateSandbox(workers=settings.template_workers, seconds=settings.template_seconds,
                           memory_bytes=settings.template_memory_mb * 1024 * 1024)


def tenant_slots(settings: DocumentSettings) -> TenantSlots:
    """Each tenant's share of rendering the settings describe (``ISOTRAIL_DOCUMENTS__TENANT_RENDERS``, waited for
    at most ``__TENANT_WAIT_SECONDS``)."""
    return TenantSlots(per_tenant=settings.tenant_renders, wait_seconds=settings.tenant_wait_seconds)
