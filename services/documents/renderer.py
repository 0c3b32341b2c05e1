"""Rendering off the event loop: DOCX, PDF and XLSX renderers are synchronous and take tens of milliseconds to
seconds, so the API hands each rendering to a worker thread of its own pool — at most ``workers`` at once per
process, never the loop's default executor, which other work shares — and waits for it at most ``seconds``
(its time in the queue included). A rendering that takes longer is answered
:class:`DocumentRenderTimeoutError`; its thread finishes unobserved (a renderer cannot be interrupted), and the
pool's bound keeps such threads few. A province's own template is never run in this process: its thread hands
it to the :class:`TemplateSandbox` (services/documents/sandbox.py), whose processes are killed at their deadline."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from isotrail.domain.documents.document import Document
from isotrail.domain.errors import IsotrailError
from isotrail.services.documents.rendering import DocumentFormat, RenderedDocument, TenantTemplate, render
from isotrail.services.documents.sandbox import TemplateSandbox
from isotrail.services.documents.settings import DocumentSettings

T = TypeVar("T")


class DocumentRenderTimeoutError(IsotrailError):
    """The document could not be rendered in the time allowed (the server is busy, or the document too large)."""

    code = "document_render_timeout"
    template_vi = "Chưa lập được văn bản trong {seconds} giây: máy chủ đang bận. Vui lòng thử lại sau ít phút."
    template_en = "The document could not be rendered within {seconds} seconds: the server is busy. Please retry."


class Renderer:
    """Runs renderings in ``workers`` threads, each waited for at most ``seconds``; those from a province's template
    in ``sandbox``'s processes."""

    def __init__(self, *, workers: int = 2, seconds: float = 30.0, sandbox: TemplateSandbox | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="isotrail-render")
        self.seconds = seconds
        self.sandbox = sandbox or TemplateSandbox(workers=workers)

    async def run(self, work: Callable[[], T]) -> T:
        """``work()``'s result, computed in a worker thread; raises its error, or
        :class:`DocumentRenderTimeoutError` once ``seconds`` have passed."""
        future = asyncio.get_running_loop().run_in_executor(self._pool, work)
        try:
            return await asyncio.wait_for(future, self.seconds)
        except TimeoutError:
            raise DocumentRenderTimeoutError(seconds=f"{self.seconds:g}") from None

    async def render(self, document: Document, fmt: DocumentFormat,
                     template: TenantTemplate | None = None) -> RenderedDocument:
        """``document`` as ``fmt``: from the repo's templates in a thread, from the province's ``template`` in the
        sandbox (raising its TemplateRenderTimeoutError / TemplateRenderFailedError)."""
        if template is None:
            return await self.run(lambda: render(document, fmt))
        return await self.run(lambda: self.sandbox.render(document, fmt, template))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.sandbox.close()


def template_sandbox(settings: DocumentSettings) -> TemplateSandbox:
    """The sandbox for provinces' templates the settings describe (``ISOTRAIL_DOCUMENTS__TEMPLATE_*``)."""
    return TemplateSandbox(workers=settings.template_workers, seconds=settings.template_seconds,
                           memory_bytes=settings.template_memory_mb * 1024 * 1024)
