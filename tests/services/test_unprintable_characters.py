"""A PDF prints only what its fonts can draw: Typst has no font to fall back on but the shipped faces, and a
character none of them holds (Chinese, an emoji, a check mark typed into a finding) is left out of the page without
a word — a blank in a signed paper, absent from the text layer too, so no reading of the PDF notices it. So a
document holding one is refused as PDF, saying which characters and that the DOCX (whose reader's Word falls back
on its own fonts) prints it; the Vietnamese of every record prints as ever."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from isotrail.domain.documents.blocks import paragraph
from isotrail.domain.documents.document import DocumentKind
from isotrail.services.commands import RenameUnit
from isotrail.services.commands.handle import handle
from isotrail.services.documents.rendering import DocumentFormat, TenantTemplate, render
from isotrail.services.documents.samples import generic
from isotrail.services.documents.sandbox import TemplateSandbox
from isotrail.services.documents.template_errors import UnprintableCharactersError
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import approved_programme, fresh_tenant, project_all
from tests.documents import assert_real_glyphs, docx_lines

VIETNAMESE = "Ủy ban nhân dân huyện Cù Lao Dung — “Đạt” ≥ 90%; Ỹ ỹ Ự ự Ở ở Ẫ ẫ № ₫ …"
PLAN = generic(DocumentKind.INSPECTION_PLAN)


def _holding(text: str):
    return replace(PLAN, body={"blocks": [paragraph(text)]})


def test_a_character_no_shipped_font_holds_is_refused_as_pdf_and_named() -> None:
    with pytest.raises(UnprintableCharactersError) as refused:
        render(_holding("Phòng Tư pháp 中 ✓ 🏛 ✓"), DocumentFormat.PDF)
    error = refused.value
    assert error.code == "document_unprintable_characters" and error.field == "format"
    for shown in ("'中' U+4E2D", "'✓' U+2713", "'🏛' U+1F3DB"):
        assert shown in error.message_en and shown in error.message_vi
    assert error.message_en.count("U+2713") == 1 and "DOCX" in error.message_vi
    text = "Phòng Tư pháp 中 ✓ 🏛 ✓"
    assert text in docx_lines(render(_holding(text), DocumentFormat.DOCX).content)


def test_the_province_s_own_typst_template_is_refused_the_same_before_its_process_runs() -> None:
    with TemplateSandbox(workers=1, seconds=20) as sandbox, pytest.raises(UnprintableCharactersError):
        sandbox.render(_holding("中"), DocumentFormat.PDF, TenantTemplate(b"#sys.inputs.data", "tenant-1-aaaaaaaaaaaa"))


def test_vietnamese_and_its_punctuation_print() -> None:
    printed = assert_real_glyphs(render(_holding(VIETNAMESE), DocumentFormat.PDF).content)
    assert set(VIETNAMESE.replace(" ", "")) <= printed


def test_the_whole_set_prints_every_other_file_and_says_which_it_could_not(
    registry: TenantRegistry, database_url: str, admin: Caller, tmp_path: Path,
) -> None:
    from tests.services.test_cli import _run

    with fresh_tenant(registry) as storage:
        with registry.application(storage) as app:
            _programme, units = approved_programme(app, admin, units=1)
            handle(app, admin, RenameUnit(unit_id=units[0], name="Phòng Tư pháp ✓", occurred_on=date(2020, 1, 3)))
        project_all(database_url, storage)
        done = _run(database_url, "documents", "--tenant", storage, "--programme", "2020", "--out", tmp_path / "set")
        written = sorted(path.suffix for path in (tmp_path / "set").iterdir())
        assert done.returncode == 2 and written == [".docx", ".xlsx"], done.stdout + done.stderr
        assert "U+2713" in " ".join(done.stdout.split())
