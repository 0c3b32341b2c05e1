"""A tenant's share of rendering (services/documents/tenant_slots.py) and the files kept for links
(services/documents/kept_files.py), without a server: slots pass first come first served, a wait has its bound,
a cancelled wait keeps nothing, and the kept files never hold more bytes than their bound."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
from uuid import UUID

import pytest

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.tenancy import Tenant
from isotrail.services.documents.kept_files import FileKey, KeptFiles
from isotrail.services.documents.rendering import DocumentFormat, RenderedDocument
from isotrail.services.documents.tenant_slots import DocumentRenderBusyError, TenantSlots

ONE, TWO = Tenant("mot"), Tenant("hai")


def test_a_tenant_waits_its_turn_and_is_refused_after_its_bound_while_others_go_on() -> None:
    async def scenario() -> None:
        slots = TenantSlots(per_tenant=1, wait_seconds=0.2)
        await slots.acquire(ONE)
        await asyncio.wait_for(slots.acquire(TWO), 0.05)  # another tenant is not held up
        with pytest.raises(DocumentRenderBusyError) as busy:
            await slots.acquire(ONE)
        assert busy.value.code == "document_render_busy" and "0.2 seconds" in busy.value.message_en
        assert "Sở đã có 1 văn bản" in busy.value.message_vi
        waiting = asyncio.ensure_future(slots.acquire(ONE))
        await asyncio.sleep(0.05)
        slots.release(ONE)  # handed to the one waiting
        await asyncio.wait_for(waiting, 0.05)
        assert slots.held(ONE) == 1
        slots.release(ONE)
        slots.release(TWO)
        assert slots.held(ONE) == slots.held(TWO) == 0

    asyncio.run(scenario())


def test_a_wait_given_up_keeps_no_slot() -> None:
    async def scenario() -> None:
        slots = TenantSlots(per_tenant=1, wait_seconds=5)
        await slots.acquire(ONE)
        waiting = asyncio.ensure_future(slots.acquire(ONE))
        await asyncio.sleep(0.05)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        slots.release(ONE)
        assert slots.held(ONE) == 0
        await asyncio.wait_for(slots.acquire(ONE), 0.05)

    asyncio.run(scenario())


def _file(sha: str, size: int) -> tuple[FileKey, RenderedDocument]:
    key = FileKey(ONE, "inspection-plan", UUID(int=1), "pdf", date(2021, 3, 1), "default-x", sha * 64)
    return key, RenderedDocument(DocumentKind.INSPECTION_PLAN, DocumentFormat.PDF, "a.pdf", "default-x", "c",
                                 sha * 64, b"x" * size)


def test_kept_files_hold_at_most_their_bytes_the_least_recently_used_dropped_first() -> None:
    kept = KeptFiles(max_bytes=250)
    (a, file_a), (b, file_b), (c, file_c) = _file("a", 100), _file("b", 100), _file("c", 100)
    kept.keep(a, file_a)
    kept.keep(b, file_b)
    assert kept.get(a) is file_a  # a used last: b is dropped for c
    kept.keep(c, file_c)
    assert kept.get(b) is None and kept.get(a) is file_a and kept.get(c) is file_c and kept.bytes == 200
    large_key, large = _file("d", 251)
    kept.keep(large_key, large)
    assert kept.get(large_key) is None and kept.bytes == 200
    kept.keep(replace(a, sha256="e" * 64), file_a)  # a file is kept only under its own sha256
    assert len(kept) == 2
