"""Printing from the command line after a merge: the successor names a predecessor's programme by its code (and
an inspection's unit by its code), and its papers come from the body that issued them; a merged tenant is
refused, naming its successor (services/entrypoints/printed_records.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, project_all, seeded_tenant
from tests.documents import docx_lines, pdf_text
from tests.services.test_cli import _run


def test_a_successor_prints_its_predecessor_s_papers_by_code_and_the_predecessor_is_refused(
    registry: TenantRegistry, database_url: str, tmp_path: Path
) -> None:
    with (seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as predecessor,
          fresh_tenant(registry, "Sở Khoa học và Công nghệ thành phố Cần Thơ") as successor):
        merge_tenants(registry, successor, [predecessor], date(2025, 7, 1))
        project_all(database_url, successor, registry)

        report = _run(database_url, "report", "results-report", "--tenant", successor.slug, "--programme", "2020",
                      "--format", "pdf", "--out", tmp_path / "report.pdf")
        assert report.returncode == 0, report.stderr
        text = pdf_text((tmp_path / "report.pdf").read_bytes())
        assert "UBND TỈNH SÓC TRĂNG" in text and "Sóc Trăng, ngày 20 tháng 11 năm 2020" in text

        minutes = _run(database_url, "report", "inspection-minutes", "--tenant", successor.slug, "--programme",
                       "2020", "--unit", "SNV", "--format", "docx", "--out", tmp_path / "minutes.docx")
        assert minutes.returncode == 0, minutes.stderr
        assert "Số: 2/BB-ĐKT" in docx_lines((tmp_path / "minutes.docx").read_bytes())

        whole = _run(database_url, "documents", "--tenant", successor.slug, "--programme", "2020", "--format",
                     "xlsx", "--out", tmp_path / "set")
        assert whole.returncode == 0, whole.stderr
        assert any(path.suffix == ".xlsx" for path in (tmp_path / "set").iterdir())

        refused = _run(database_url, "report", "results-report", "--tenant", predecessor.slug, "--programme", "2020",
                       "--format", "pdf", "--out", tmp_path / "refused.pdf")
        assert refused.returncode != 0 and "tenant_merged" in refused.stdout + refused.stderr
        assert successor.slug in refused.stdout + refused.stderr and not (tmp_path / "refused.pdf").exists()
