"""A reorganisation decision's list read from a file, CSV (UTF-8, a BOM tolerated) or XLSX (its first sheet, read
only, formulas refused), into the rows of one ``ReorganiseUnits`` (domain/reorganisation.py).

The header row names the columns (``old_tenant, old_code, old_unit_id, new_code, new_name, new_kind``, in any order;
old_code or old_unit_id and new_code needed). Every cell is cleaned as any text (NFC, no control characters) and
every fault is kept at its row's path, so that the whole list's faults are reported at once; a file that is no such
list at all (too big, unreadable, columns wrong) is a :class:`MappingFileError`. Nothing here reads more than
``MAX_BYTES`` of a file nor more than ``MAX_ROWS`` rows and ``len(COLUMNS)`` columns of a sheet.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

from openpyxl import load_workbook

from isotrail.domain.errors import IsotrailError
from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.reorganisation import MAX_ROWS, ReorganisationRow
from isotrail.domain.reorganisation_errors import at_row
from isotrail.domain.text import clean_optional_text
from isotrail.domain.unit_values import UnitKind


class MappingFileError(IsotrailError):  # the CLI's, never a mutation's: no user error code, here beside its one use
    """The file is no reorganisation list this command reads: too big, not CSV (UTF-8) nor XLSX, or its header row
    lacks or has unknown columns."""

    code = "mapping_file_invalid"
    field = "file"
    template_vi = "Tệp danh sách sắp xếp không đọc được: {reason_vi}."
    template_en = "The reorganisation list file cannot be read: {reason_en}."


MAX_BYTES = 5 * 1024 * 1024  # a province's list is a few hundred rows: tens of kilobytes
COLUMNS = ("old_tenant", "old_code", "old_unit_id", "new_code", "new_name", "new_kind")
_CAMEL = {"old_tenant": "oldTenant", "old_code": "oldCode", "old_unit_id": "oldUnitId", "new_code": "newCode",
          "new_name": "newName", "new_kind": "newKind"}


def _refused(reason_vi: str, reason_en: str) -> MappingFileError:
    return MappingFileError(reason_vi=reason_vi, reason_en=reason_en)


def read_mapping(path: Path) -> tuple[list[ReorganisationRow], list[IsotrailError], list[int]]:
    """The rows of the list in ``path``, every row's faults (at ``rows[i].field``; a faulty row's values left
    None) and each row's line in the file (blank lines and cells over several lines counted, as an editor shows
    them). Raises :class:`MappingFileError` for a file that is no list."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _refused(f"lớn hơn {MAX_BYTES // 1024 // 1024} MB", f"larger than {MAX_BYTES // 1024 // 1024} MB")
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # a file growing meanwhile is read no further
    except OSError:
        raise _refused("không mở được tệp", "the file cannot be opened") from None
    if len(data) > MAX_BYTES:
        raise _refused(f"lớn hơn {MAX_BYTES // 1024 // 1024} MB", f"larger than {MAX_BYTES // 1024 // 1024} MB")
    table = _xlsx(data) if data[:4] == b"PK\x03\x04" else _csv(data)
    return _rows(table)


Table = list[tuple[int, Sequence[Any]]]  # each row of the file, with the line it begins on


def _csv(data: bytes) -> Table:
    try:
        text = unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _refused("không phải CSV mã UTF-8 hay tệp XLSX", "neither UTF-8 CSV nor XLSX") from None
    try:
        reader = csv.reader(io.StringIO(text), strict=True)  # an unclosed quote is no cell running to the end

        def numbered() -> Iterator[tuple[int, Sequence[Any]]]:
            line = 1
            for row in reader:
                yield line, row
                line = reader.line_num + 1

        return _kept(numbered())
    except csv.Error as error:
        raise _refused(f"CSV sai định dạng ({error})", f"malformed CSV ({error})") from None


def _xlsx(data: bytes) -> Table:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheet = book.worksheets[0]
            return _kept(enumerate(sheet.iter_rows(max_col=len(COLUMNS) + 1, values_only=True), start=1))
        finally:
            book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError) as error:
        raise _refused(f"tệp XLSX hỏng ({type(error).__name__})", f"a broken XLSX file ({type(error).__name__})") \
            from None


def _kept(numbered: Iterable[tuple[int, Sequence[Any]]]) -> Table:
    """The header row and the rows after it that hold a cell, each with its line, read no further than one row
    over ``MAX_ROWS``: blank rows are skipped, not counted, so none of the list's rows is left unread unseen."""
    table: Table = []
    for line, row in numbered:
        if table and not any(cell not in (None, "") for cell in row):
            continue
        table.append((line, list(row[:len(COLUMNS) + 1])))
        if len(table) > MAX_ROWS + 1:
            break
    return table


def _header(cells: Sequence[Any]) -> list[str | None]:
    names = [str(cell).strip().lower() if cell not in (None, "") else None for cell in cells]
    given = [name for name in names if name is not None]
    unknown = [name for name in given if name not in COLUMNS]
    unknown += sorted({name for name in given if name in COLUMNS and given.count(name) > 1})
    if unknown:
        named = ", ".join("«" + "".join(ch if ch.isprintable() else "?" for ch in name[:40]) + "»" for name in unknown)
        raise _refused(f"cột không rõ hoặc lặp lại {named}; hãy dùng {', '.join(COLUMNS)}",
                       f"unknown or repeated columns {named}; use {', '.join(COLUMNS)}")
    if "new_code" not in names or not {"old_code", "old_unit_id"} & set(filter(None, names)):
        raise _refused("thiếu cột new_code, hoặc cả old_code lẫn old_unit_id",
                       "no new_code column, or neither old_code nor old_unit_id")
    return names


def _rows(table: Table) -> tuple[list[ReorganisationRow], list[IsotrailError], list[int]]:
    if not table:
        raise _refused("tệp trống", "the file is empty")
    names = _header(table[0][1])
    lines, body = [line for line, _ in table[1:]], [row for _, row in table[1:]]
    if len(body) > MAX_ROWS:
        raise _refused(f"nhiều hơn {MAX_ROWS} dòng", f"more than {MAX_ROWS} rows")
    rows, faults = [], []
    for i, cells in enumerate(body):
        values: dict[str, Any] = {}
        for name, cell in zip(names, cells, strict=False):
            if name is not None:
                values[name] = _value(i, name, cell, faults)
        if len(cells) > len(names) and any(cell not in (None, "") for cell in cells[len(names):]):
            faults.append(at_row(InvalidValueError(field_name="rows", reason_vi="có ô ngoài các cột đã đặt tên",
                                                   reason_en="has cells outside the named columns"), i, "newCode"))
        rows.append(ReorganisationRow(**values))
    return rows, faults, lines


def _value(row: int, name: str, cell: Any, faults: list[IsotrailError]) -> Any:
    """One cell's value as the row's field takes it; None (and a fault kept) when it is not one."""
    if cell is None:
        return None
    if not isinstance(cell, str | int | float):
        cell = str(cell)
    text = str(cell) if not isinstance(cell, float) or not cell.is_integer() else str(int(cell))
    try:
        if text.lstrip().startswith("="):
            raise InvalidValueError(field_name=name, reason_vi="là công thức, không phải giá trị",
                                    reason_en="is a formula, not a value")
        value = clean_optional_text(text, name, max_length=300)
        if value is None:
            return None
        if name == "old_unit_id":
            return _uuid(value)
        if name == "new_kind":
            return _kind(value)
        return value
    except IsotrailError as error:
        faults.append(at_row(error, row, _CAMEL[name]))
        return None


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise InvalidValueError(field_name="old_unit_id", reason_vi="không phải uuid", reason_en="not a uuid") from None


def _kind(value: str) -> UnitKind:
    try:
        return UnitKind(value.lower())
    except ValueError:
        raise InvalidValueError(field_name="new_kind", reason_vi=f"không phải một trong {_kinds()}",
                                reason_en=f"not one of {_kinds()}") from None


def _kinds(kinds: Iterable[UnitKind] = UnitKind) -> str:
    return ", ".join(kind.value for kind in kinds)
