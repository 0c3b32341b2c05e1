"""Rendering from a province's own template in processes of their own: an uploaded template passed the sample check
(services/documents/templates.py), yet on real records it may loop for ever or eat memory. So it never runs in the
server's process: :class:`TemplateSandbox` keeps ``workers`` spawned processes (services/documents/sandbox_worker.py,
each capped at ``memory_bytes`` and cut off from the network), hands each rendering to an idle one and waits for it
at most ``seconds``. A rendering past its deadline has its process killed and a fresh one started in its place; the
caller gets :class:`TemplateRenderTimeoutError`, and a template's own error, a MemoryError, a process that died or a
file larger than ``max_bytes`` or a Word file holding a field that fetches or runs something (word_fields.py: its
Jinja may write any WordprocessingML) :class:`TemplateRenderFailedError` — both naming the template's version. What a
process answers is read as plain bytes, at most ``max_bytes`` of them, never unpickled (it runs a province's code);
the file's names and digests are made here. :meth:`TemplateSandbox.render` blocks:
the API calls it from a rendering thread (services/documents/renderer.py), the CLI directly."""

from __future__ import annotations

import multiprocessing
import queue
import threading
from multiprocessing.process import BaseProcess

from isotrail.domain.documents.document import Document
from isotrail.services.documents.rendering import (
    KIND_EN,
    KIND_VI,
    DocumentFormat,
    RenderedDocument,
    TenantTemplate,
    printable_only,
    rendered_file,
)
from isotrail.services.documents.sandbox_worker import READY, serve
from isotrail.services.documents.template_errors import TemplateRenderFailedError, TemplateRenderTimeoutError
from isotrail.services.documents.word_fields import fetching_fields

MAX_FILE_BYTES = 64 * 1024 * 1024  # the seed's largest paper is ~150 kB; a province's letterhead adds a logo
START_SECONDS = 60.0  # a fresh process imports the renderers (about a second) before its first job


class _Worker:
    """One spawned rendering process and the parent's end of its pipe."""

    def __init__(self, context: multiprocessing.context.SpawnContext, memory_bytes: int) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=serve, args=(child, memory_bytes), daemon=True,
                                                    name="isotrail-template")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> bool:
        """Whether the process imported its renderers and said so (waiting for that at most START_SECONDS)."""
        if not self.ready:
            try:
                self.ready = self.conn.poll(START_SECONDS) and self.conn.recv_bytes(len(READY)) == READY
            except (EOFError, OSError):  # it ended before it was ready (or said something else)
                return False
        return self.ready

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class TemplateSandbox:
    """At most ``workers`` renderings from tenants' templates at once, each in its own process, at most ``seconds``
    and ``memory_bytes`` each, making a file of at most ``max_bytes``. Processes start on first use."""

    def __init__(self, *, workers: int = 2, seconds: float = 10.0, memory_bytes: int = 1024 * 1024 * 1024,
                 max_bytes: int = MAX_FILE_BYTES) -> None:
        self.seconds, self.memory_bytes, self.max_bytes = seconds, memory_bytes, max_bytes
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        self._running: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(workers):
            self._idle.put(None)

    def render(self, document: Document, fmt: DocumentFormat, template: TenantTemplate) -> RenderedDocument:
        """``document`` as ``fmt`` from ``template``, rendered in a sandboxed process; raises
        :class:`TemplateRenderTimeoutError` or :class:`TemplateRenderFailedError` (and nothing else of the
        template's), or, before any process runs, :class:`UnprintableCharactersError`. Blocks the calling thread
        (never call it on an event loop)."""
        if fmt is DocumentFormat.PDF:
            printable_only(document)  # typed here: raised in a process, it would be the template's failure
        worker = self._idle.get()
        try:
            worker = self._sent(worker, (document, fmt, template))
            if worker is None:
                raise self._failed(document, template, "the rendering process did not start")
            if not worker.conn.poll(self.seconds):
                worker = self._replace(worker)
                raise TemplateRenderTimeoutError(template_version=template.version, seconds=f"{self.seconds:g}",
                                                 document_vi=KIND_VI[document.kind], document_en=KIND_EN[document.kind])
            try:
                answer = worker.conn.recv_bytes(self.max_bytes + len(b"ok\n"))
            except EOFError:
                worker = self._replace(worker)
                raise self._failed(document, template, "its process ended (out of memory?)") from None
            except OSError:  # longer than max_bytes (the rest is left in the pipe: the process is replaced)
                worker = self._replace(worker)
                raise self._failed(document, template, f"the file is larger than {self.max_bytes} bytes") from None
            status, _, value = answer.partition(b"\n")
            if status == b"fatal":  # the process ends after telling why
                worker = self._replace(worker)
            if status != b"ok":
                raise self._failed(document, template, value.decode(errors="replace")[:500])
            fields = fetching_fields(value) if fmt is DocumentFormat.DOCX else []
            if fields:  # its Jinja wrote WordprocessingML: the file would fetch or run something when opened
                raise self._failed(document, template, f"the file holds a field that fetches or runs something "
                                                       f"outside it ({', '.join(fields)})")
            return rendered_file(document, fmt, value, template.version)
        finally:
            self._idle.put(worker)

    def _sent(self, worker: _Worker | None, job: tuple[object, ...]) -> _Worker | None:
        """The worker ``job`` was handed to: ``worker``, or a fresh one if it is gone (it ended after its last job,
        or never started); None if a fresh one does not take it either."""
        for _attempt in range(2):
            if worker is None or not worker.process.is_alive() or not worker.wait_ready():
                worker = self._replace(worker)
                if not worker.wait_ready():
                    continue
            try:
                worker.conn.send(job)
            except OSError:  # its pipe broke: it ended
                worker = self._replace(worker)
                continue
            return worker
        self._discard(worker)
        return None

    def _discard(self, worker: _Worker | None) -> None:
        """Kill ``worker`` (if it still runs) and forget it."""
        if worker is not None:
            with self._lock:
                self._running.discard(worker)
            worker.kill()

    def _replace(self, worker: _Worker | None) -> _Worker:
        """A fresh process in place of ``worker`` (killed, if it still runs)."""
        self._discard(worker)
        with self._lock:
            fresh = _Worker(self._context, self.memory_bytes)
            self._running.add(fresh)
            return fresh

    @staticmethod
    def _failed(document: Document, template: TenantTemplate, reason: str) -> TemplateRenderFailedError:
        return TemplateRenderFailedError(template_version=template.version, reason=reason,
                                         document_vi=KIND_VI[document.kind], document_en=KIND_EN[document.kind])

    def close(self) -> None:
        """Kill every rendering process (a rendering under way fails; a later one starts a fresh process)."""
        with self._lock:
            running, self._running = self._running, set()
        for worker in running:
            worker.kill()

    def __enter__(self) -> TemplateSandbox:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

