"""Errors of a reorganisation list read from a file (services/mapping_file.py): a file that is no list at all. A
row's faults are the rows' own errors (domain/reorganisation_errors.py), at their paths."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError


class MappingFileError(IsotrailError):
    """The file is no reorganisation list this command reads: too big, not CSV (UTF-8) nor XLSX, or its header row
    lacks or has unknown columns."""

    code = "mapping_file_invalid"
    field = "file"
    template_vi = "Tệp danh sách sắp xếp không đọc được: {reason_vi}."
    template_en = "The reorganisation list file cannot be read: {reason_en}."
