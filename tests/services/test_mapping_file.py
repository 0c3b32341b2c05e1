"""A reorganisation list read from a file (services/mapping_file.py): CSV with or without a BOM and XLSX into the
same rows; hostile files (huge, wrong columns, control characters, formulas, not a list at all) give typed errors
at their rows, never a traceback."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from uuid import uuid4

import pytest
from openpyxl import Workbook

from isotrail.domain.reorganisation import ReorganisationRow
from isotrail.domain.unit_values import UnitKind
from isotrail.services.mapping_file import MAX_BYTES, MappingFileError, read_mapping

HEADER = ["old_tenant", "old_code", "new_code", "new_name", "new_kind"]
LINES = [["soc_trang", "STP", "STP", "", ""],
         ["hau_giang", "STP", "STP", "", ""],
         ["soc_trang", "BQLDA", "BQLDA-CT", unicodedata.normalize("NFD", "Ban Quản lý dự án"), "public_service_unit"]]
EXPECTED = [ReorganisationRow(old_tenant="soc_trang", old_code="STP", new_code="STP"),
            ReorganisationRow(old_tenant="hau_giang", old_code="STP", new_code="STP"),
            ReorganisationRow(old_tenant="soc_trang", old_code="BQLDA", new_code="BQLDA-CT",
                              new_name="Ban Quản lý dự án", new_kind=UnitKind.PUBLIC_SERVICE_UNIT)]


def _csv(tmp_path: Path, lines: list[list[str]], *, bom: bool = False) -> Path:
    path = tmp_path / "danh-sach.csv"
    text = "\n".join(",".join(line) for line in lines)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def _xlsx(tmp_path: Path, lines: list[list[object]]) -> Path:
    book = Workbook()
    for line in lines:
        book.active.append(line)
    path = tmp_path / "danh-sach.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("bom", [False, True])
def test_a_csv_list_with_or_without_a_bom_reads_as_rows_in_nfc(tmp_path: Path, bom: bool) -> None:
    rows, faults, _ = read_mapping(_csv(tmp_path, [HEADER, *LINES], bom=bom))
    assert (rows, faults) == (EXPECTED, [])


def test_an_xlsx_list_reads_as_the_same_rows(tmp_path: Path) -> None:
    rows, faults, _ = read_mapping(_xlsx(tmp_path, [HEADER, *LINES]))
    assert (rows, faults) == (EXPECTED, [])


def test_control_characters_formulas_bad_kinds_and_ids_are_each_a_fault_at_its_row(tmp_path: Path) -> None:
    lines: list[list[object]] = [["old_unit_id", "new_code", "new_name", "new_kind"],
                                 [str(uuid4()), "A", "Tên\u202elạ", "other"],  # a bidi control
                                 ["không-phải-uuid", "B", "=HYPERLINK(\"http://x\")", "bogus"]]
    rows, faults, _ = read_mapping(_xlsx(tmp_path, lines))
    assert len(rows) == 2
    assert sorted((error.path, error.code) for error in faults) == [  # type: ignore[attr-defined]
        (("rows", "0", "newName"), "invalid_value"), (("rows", "1", "newKind"), "invalid_value"),
        (("rows", "1", "newName"), "invalid_value"), (("rows", "1", "oldUnitId"), "invalid_value")]


@pytest.mark.parametrize(("content", "reason"), [
    (b"old_code,new_code,colour\nA,B,red\n", "colour"),  # an unknown column
    (b"new_name\nA\n", "new_code"),  # the needed columns missing
    (b"\xff\xfe\x00o\x00l\x00d", "UTF-8"),  # UTF-16: not this command's
    (b"PK\x03\x04not really a zip", "XLSX"),
    (b"", "trống"),
])
def test_a_file_that_is_no_list_is_refused_with_a_typed_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(MappingFileError) as refused:
        read_mapping(path)
    assert refused.value.code == "mapping_file_invalid"
    assert reason in refused.value.message_vi + refused.value.message_en


def test_a_directory_or_a_missing_file_is_refused_with_a_typed_error(tmp_path: Path) -> None:
    for path in (tmp_path, tmp_path / "missing.csv"):
        with pytest.raises(MappingFileError, match="cannot be opened"):
            read_mapping(path)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as file:
        file.truncate(MAX_BYTES + 1)
    with pytest.raises(MappingFileError, match="larger than"):
        read_mapping(path)


def test_a_control_character_in_a_csv_cell_is_a_fault_at_its_row(tmp_path: Path) -> None:
    _rows, faults, _ = read_mapping(_csv(tmp_path, [HEADER, ["", "STP\x00", "STP", "Tên\x1b[31m", ""]]))
    assert sorted((error.path, error.code) for error in faults) == [  # type: ignore[attr-defined]
        (("rows", "0", "newName"), "invalid_value"), (("rows", "0", "oldCode"), "invalid_value")]


def test_blank_rows_are_skipped_uncounted_and_each_row_keeps_its_line_in_the_file(tmp_path: Path) -> None:
    """Review of issue 17: the rows after 5,002 lines of a file were dropped unseen when blank lines came first, an
    unclosed quote swallowed the rest of the file into one cell, and the CLI printed a row's index, not its line."""
    row = "soc_trang,STP,STP,,"
    path = tmp_path / "blank-lines.csv"
    path.write_text(",".join(HEADER) + "\n" + "\n" * 6_000 + row + '\n\nhau_giang,STP,STP,"Sở Tư pháp\n(mới)",\n'
                    + row + "\n")
    rows, faults, lines = read_mapping(path)
    assert (len(rows), lines) == (3, [6_002, 6_004, 6_006])
    assert [fault.path for fault in faults] == [("rows", "1", "newName")]  # type: ignore[attr-defined]  # a line break
    book = Workbook()
    for line in [HEADER, LINES[0], [], [], LINES[1]]:
        book.active.append(line)
    book.save(tmp_path / "gaps.xlsx")
    assert read_mapping(tmp_path / "gaps.xlsx")[2] == [2, 5]
    path.write_text(",".join(HEADER) + '\nsoc_trang,STP,STP,"Sở Tư pháp,\nhau_giang,STP,STP,,\n')
    with pytest.raises(MappingFileError, match="malformed CSV"):
        read_mapping(path)
    path.write_text("old_code,new_code,old_code\nA,B,C\n")
    with pytest.raises(MappingFileError, match="«old_code»"):
        read_mapping(path)
