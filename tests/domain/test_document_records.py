"""The documents' records: a province's template keeps every upload as a numbered version, and each file handed
out is recorded once, with what identifies it."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from isotrail.domain.document_template import DocumentTemplate, template_version
from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.issued_document import IssuedDocument

DAY = date(2021, 3, 1)


def test_each_upload_of_a_template_is_its_next_numbered_version() -> None:
    template = DocumentTemplate.start(kind="inspection-plan", format="docx", occurred_on=DAY)
    assert template.id == DocumentTemplate.create_id("inspection-plan", "docx") and template.number == 0
    template.upload(filename=" mau-ke-hoach.docx ", sha256="a" * 64, byte_size=10, content="UEsD", occurred_on=DAY)
    template.upload(filename="mau-moi.docx", sha256="b" * 64, byte_size=11, content="UEsE", occurred_on=DAY)
    events = template.collect_events()
    assert [type(e).__name__ for e in events] == ["Opened", "Uploaded", "Uploaded"]
    assert [e.number for e in events[1:]] == [1, 2] and events[1].filename == "mau-ke-hoach.docx"
    assert (template.number, template.sha256, template.content) == (2, "b" * 64, "UEsE")
    assert template_version(template.number, template.sha256) == "tenant-2-bbbbbbbbbbbb"


def test_a_template_s_filename_must_show_something() -> None:
    template = DocumentTemplate.start(kind="inspection-plan", format="docx", occurred_on=DAY)
    with pytest.raises(InvalidValueError):
        template.upload(filename="   ", sha256="a" * 64, byte_size=10, content="UEsD", occurred_on=DAY)


def test_an_issued_document_records_the_file_under_the_id_its_link_names() -> None:
    issue_id, programme_id = uuid4(), uuid4()
    issued = IssuedDocument.issue(issue_id, kind="inspection-plan", format="pdf", object_id=programme_id,
                                  owner="programme", unit_id=None, as_of=DAY, template_version="default-0123456789ab",
                                  content_digest="c" * 64, sha256="d" * 64, filename="ke-hoach.pdf", byte_size=123,
                                  occurred_on=DAY)
    (event,) = issued.collect_events()
    assert issued.id == issue_id and event.object_id == programme_id and event.sha256 == "d" * 64
    assert (event.meta.actor_id, event.occurred_on) == ("actor-1", DAY)
