"""``isotrail documents`` prints a programme's whole set as the API prints each document: from the province's own
template of a kind and format when it uploaded one (a Word file for DOCX, Typst for PDF), and records every file it
writes as issued — for the record the document is printed for (the programme, or an inspection and its unit), by
the CLI's actor, with the template version and the file's sha256."""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from datetime import date
from pathlib import Path

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.unit import Unit
from isotrail.services.commands import UploadDocumentTemplate
from isotrail.services.commands.handle import handle
from isotrail.services.documents.rendering import DocumentFormat, default_template_version
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import project_all, seeded_tenant
from tests.documents import docx_lines, pdf_text
from tests.documents_files import LETTERHEAD, b64, paragraph, typst_letterhead, with_body

MINUTES_LETTERHEAD = "BIÊN BẢN THEO MẪU RIÊNG CỦA TỈNH"


def _upload(kind: DocumentKind, fmt: DocumentFormat, content: bytes) -> UploadDocumentTemplate:
    return UploadDocumentTemplate(document_kind=kind, format=fmt, filename=f"mau.{fmt.value}",
                                  content_base64=b64(content), occurred_on=date(2021, 3, 1))


def test_the_whole_set_comes_from_the_province_s_templates_and_every_file_is_recorded(
    registry: TenantRegistry, database_url: str, admin: Caller, tmp_path: Path,
) -> None:
    from tests.services.test_cli import _run
    from tests.services.test_document_templates import _issued

    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as slug:
        with registry.application(slug) as app:
            handle(app, admin, _upload(DocumentKind.INSPECTION_PLAN, DocumentFormat.DOCX,
                                       with_body(paragraph(LETTERHEAD))))
            handle(app, admin, _upload(DocumentKind.INSPECTION_MINUTES, DocumentFormat.PDF,
                                       typst_letterhead(MINUTES_LETTERHEAD)))
        project_all(database_url, slug)
        out = tmp_path / "set"
        done = _run(database_url, "documents", "--tenant", slug, "--programme", "2020", "--out", out)
        assert done.returncode == 0, done.stderr
        written = {path.name: path.read_bytes() for path in out.iterdir()}
        assert f"{len(written)} files, 160 documents" in done.stdout and f"{len(written)} recorded" in done.stdout
        assert LETTERHEAD in docx_lines(written["ke-hoach-35-KH-UBND.docx"])
        assert MINUTES_LETTERHEAD in pdf_text(written["bien-ban-2-BB-DKT.pdf"])
        assert MINUTES_LETTERHEAD not in " ".join(docx_lines(written["bien-ban-2-BB-DKT.docx"]))  # DOCX: the repo's
        project_all(database_url, slug)
        issued = asyncio.run(_issued(database_url, slug))
        assert len(issued) == len(written)
        assert {(row["actor_id"], row["role"]) for row in issued} == {("cli", "system")}
        assert all(hashlib.sha256(written[row["filename"]]).hexdigest() == row["sha256"] for row in issued)
        versions = Counter((row["kind"], row["format"], row["template_version"][:9]) for row in issued)
        assert versions[("inspection-plan", "docx", "tenant-1-")] == 1
        assert versions[("inspection-minutes", "pdf", "tenant-1-")] == 78
        assert all(row["template_version"] == default_template_version() for row in issued
                   if (row["kind"], row["format"]) not in {("inspection-plan", "docx"), ("inspection-minutes", "pdf")})
        programme_id = Programme.create_id(slug, "2020")
        plan = next(row for row in issued if row["kind"] == "inspection-plan")
        assert (plan["object_id"], plan["owner"], plan["unit_id"]) == (programme_id, "programme", None)
        minutes = next(row for row in issued if row["filename"] == "bien-ban-2-BB-DKT.pdf")
        unit_id = Unit.create_id(slug, "SNV")
        assert (minutes["object_id"], minutes["owner"], minutes["unit_id"]) == (
            Inspection.create_id(slug, programme_id, unit_id), "inspection", unit_id)
