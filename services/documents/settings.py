"""The settings of documents (``ISOTRAIL_DOCUMENTS__*``): the key that signs their download links and how long a
link lives, and how long and how many renderings may run at once. Read by services/settings.py."""

from __future__ import annotations

from pydantic import BaseModel, Field


class DocumentSettings(BaseModel):
    """``link_secret`` signs download links (HMAC-SHA256, ≥ 32 characters; every API replica must share it).
    Unset, it is derived from ``ISOTRAIL_AUTH__SECRET``, else kept in ``$ISOTRAIL_HOME/document-link-secret``.
    A link lives ``link_ttl_seconds`` (5 minutes by default: it is a bearer capability). At most
    ``render_workers`` documents are rendered at once per process, each for at most ``render_seconds``;
    a request asks for at most ``max_per_request`` of them. A document from a province's own template is rendered
    in one of ``template_workers`` processes of its own (services/documents/sandbox.py), killed after
    ``template_seconds`` and limited to ``template_memory_mb`` MiB of address space. Those threads and processes
    are shared by every tenant: one tenant renders at most ``tenant_renders`` documents at once, a further one
    waits at most ``tenant_wait_seconds`` for its turn (services/documents/tenant_slots.py). The file a link was
    signed for is kept in at most ``kept_files_mb`` MiB, so its downloads serve it without rendering it again."""

    link_secret: str | None = Field(None, min_length=32)
    link_ttl_seconds: int = Field(300, ge=10, le=3600)
    render_seconds: float = Field(30.0, gt=0, le=300)
    render_workers: int = Field(2, ge=1, le=32)
    max_per_request: int = Field(10, ge=1, le=200)
    template_seconds: float = Field(10.0, gt=0, le=300)
    template_memory_mb: int = Field(1024, ge=256, le=16384)
    template_workers: int = Field(2, ge=1, le=32)
    tenant_renders: int = Field(1, ge=1, le=32)
    tenant_wait_seconds: float = Field(10.0, gt=0, le=300)
    kept_files_mb: int = Field(64, ge=0, le=4096)
