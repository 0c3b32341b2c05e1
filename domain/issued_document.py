"""Văn bản đã lập (a document issued): one record per file handed out — which document of which record, in which
format, as of which date, made by which template version, with which digests — by whom and when (the event's
metadata and timestamp). A file is never stored, only what identifies it: the same facts and template give the
same file again. Each issue is an aggregate of its own, so that printing never contends with anything."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from isotrail.domain.aggregate import IsotrailAggregate


class IssuedDocument(IsotrailAggregate):
    """One file of a document handed out."""

    class Issued(IsotrailAggregate.Created):
        kind: str  # a DocumentKind's value
        format: str
        object_id: UUID  # the record it was printed for
        owner: str  # which kind of record that is (a DocumentOwner's value)
        unit_id: UUID | None  # the unit that record belongs to; None: the whole tenant's (a programme)
        as_of: date
        template_version: str
        content_digest: str
        sha256: str
        filename: str
        byte_size: int

    @classmethod
    def issue(cls, issue_id: UUID, *, kind: str, format: str, object_id: UUID, owner: str,  # noqa: A002
              unit_id: UUID | None, as_of: date, template_version: str, content_digest: str, sha256: str,
              filename: str, byte_size: int, occurred_on: date) -> IssuedDocument:
        """The record of one file issued (``issue_id`` chosen by the caller: the link names it)."""
        return cls._create(cls.Issued, id=issue_id, kind=kind, format=format, object_id=object_id, owner=owner,
                           unit_id=unit_id, as_of=as_of, template_version=template_version,
                           content_digest=content_digest, sha256=sha256, filename=filename, byte_size=byte_size,
                           occurred_on=occurred_on)

    @event(Issued)
    def __init__(self, kind: str, format: str, object_id: UUID, owner: str, unit_id: UUID | None,  # noqa: A002
                 as_of: date, template_version: str, content_digest: str, sha256: str, filename: str,
                 byte_size: int, occurred_on: date) -> None:
        self.kind, self.format, self.object_id, self.owner, self.unit_id = kind, format, object_id, owner, unit_id
        self.as_of, self.template_version, self.sha256 = as_of, template_version, sha256
        self.content_digest, self.filename, self.byte_size = content_digest, filename, byte_size
