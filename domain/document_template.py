"""A province's own template for one kind of document in one format (its letterhead, its signers' titles, its
numbering): the file a tenant admin uploaded, each upload a new numbered version, every earlier one kept in the
event store. Whether the file is a template that renders is checked before it is recorded
(services/documents/templates.py): the aggregate records what was accepted."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.identity import natural_id
from isotrail.domain.text import clean_text


class DocumentTemplate(IsotrailAggregate):
    """Mẫu văn bản của tỉnh (a province's template) for ``kind`` (a DocumentKind's value) as ``format``."""

    class Opened(IsotrailAggregate.Created):
        kind: str
        format: str

    class Uploaded(IsotrailAggregate.Event):
        kind: str  # the template's, again: each version reads alone
        format: str
        number: int  # 1, 2, …: the template's version in the province
        filename: str
        sha256: str  # of the file
        byte_size: int
        content: str  # the file, base64

    @staticmethod
    def create_id(kind: str, format: str) -> UUID:  # noqa: A002 - the document's format
        """One template per kind and format in a tenant (whose own schema holds it)."""
        return natural_id("document-template", kind, format)

    @classmethod
    def start(cls, *, kind: str, format: str, occurred_on: date) -> DocumentTemplate:  # noqa: A002
        """The template of ``kind`` as ``format``, with no version yet: its first upload follows."""
        return cls(kind=kind, format=format, occurred_on=occurred_on)

    @event(Opened)
    def __init__(self, kind: str, format: str, occurred_on: date) -> None:  # noqa: A002
        self.kind, self.format = kind, format
        self.number = 0
        self.filename: str | None = None
        self.sha256: str | None = None
        self.content: str | None = None

    def upload(self, *, filename: str, sha256: str, byte_size: int, content: str, occurred_on: date) -> None:
        """Record an accepted file as the template's next version."""
        self._uploaded(kind=self.kind, format=self.format, number=self.number + 1,
                       filename=clean_text(filename, "filename", max_length=200), sha256=sha256, byte_size=byte_size,
                       content=content, occurred_on=occurred_on)

    @event(Uploaded)
    def _uploaded(self, kind: str, format: str, number: int, filename: str, sha256: str,  # noqa: A002
                  byte_size: int, content: str, occurred_on: date) -> None:
        self.number, self.filename, self.sha256, self.content = number, filename, sha256, content


def template_version(number: int, sha256: str) -> str:
    """What a document made from a province's template says of it: "tenant-3-1a2b3c4d5e6f" (its number and
    the start of its file's sha256), beside the repo's "default-<digest>"."""
    return f"tenant-{number}-{sha256[:12]}"
