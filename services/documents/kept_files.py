"""The files signed links were made for, kept so that a link's downloads (a link may be fetched again and again
until it expires) serve the very bytes handed over without rendering them again: rendering is the shared, costly
part, and a replayed link must not be a way to flood it. :class:`KeptFiles` is a process-wide LRU bounded by the
bytes it holds (``ISOTRAIL_DOCUMENTS__KEPT_FILES_MB``), keyed by everything a link names of its file
(:class:`FileKey`: the tenant, the kind, the record, the format, the date, the template version and the sha256), so
a link can only find the file it was signed for. It decides nothing: the download re-checks the tenant, role and
unit before it looks here, and on a miss (another replica signed the link, or the file was evicted) renders as
before and compares the sha256. Used on the event loop only."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.tenancy import Tenant
from isotrail.services.documents.links import DocumentLink
from isotrail.services.documents.rendering import RenderedDocument


@dataclass(frozen=True)
class FileKey:
    """What a link names of the file it was signed for."""

    tenant: Tenant
    kind: str
    object_id: UUID
    format: str
    as_of: date
    template_version: str
    sha256: str

    @classmethod
    def of(cls, link: DocumentLink) -> FileKey:
        return cls(link.tenant, link.kind, link.object_id, link.format, link.as_of, link.template_version,
                   link.sha256)


class KeptFiles:
    """Rendered files, the least recently used dropped first so that their contents total at most ``max_bytes``
    (a file larger than that is not kept; 0 keeps none)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._files: OrderedDict[FileKey, RenderedDocument] = OrderedDict()

    def keep(self, key: FileKey, rendered: RenderedDocument) -> None:
        """Keep ``rendered`` under ``key`` (its sha256 must be the key's), dropping the oldest past the bound."""
        if rendered.sha256 != key.sha256 or len(rendered.content) > self.max_bytes:
            return
        old = self._files.pop(key, None)
        if old is not None:
            self.bytes -= len(old.content)
        self._files[key] = rendered
        self.bytes += len(rendered.content)
        while self.bytes > self.max_bytes:
            _key, dropped = self._files.popitem(last=False)
            self.bytes -= len(dropped.content)

    def get(self, key: FileKey) -> RenderedDocument | None:
        """The file kept under ``key``, or None."""
        rendered = self._files.get(key)
        if rendered is not None:
            self._files.move_to_end(key)
        return rendered

    def __len__(self) -> int:
        return len(self._files)
