"""A document as isotrail prints it: its kind, the date it speaks as of, its Decree 30 frame (none on a register)
and its body of facts — plain values that every renderer (DOCX, PDF, XLSX) reads alike."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from isotrail.domain.documents.form import Frame


class DocumentKind(StrEnum):
    """The documents a DOST hands over that isotrail prints."""

    INSPECTION_PLAN = "inspection-plan"  # Kế hoạch kiểm tra, Mẫu 19 (Circular 26/2014 Art. 34)
    FINDINGS_REGISTER = "findings-register"  # Sổ theo dõi điểm không phù hợp
    INSPECTION_DECISION = "inspection-decision"  # Quyết định kiểm tra, Mẫu 20 (Art. 35), per on-site inspection
    INSPECTION_MINUTES = "inspection-minutes"  # Biên bản kiểm tra, Mẫu 21 (Art. 37), per on-site inspection
    FINDINGS_LETTER = "findings-letter"  # Văn bản yêu cầu khắc phục (Art. 37), per dossier inspection
    NON_ACCEPTANCE_NOTICE = "non-acceptance-notice"  # Thông báo chưa chấp nhận hành động khắc phục (Art. 37)
    RESULTS_REPORT = "results-report"  # Báo cáo kết quả kiểm tra, November, to the People's Committee (Art. 38.1)
    MINISTRY_REPORT = "ministry-report"  # Phụ lục II, December, to the Ministry (Decision 19/2014 Art. 12)
    NATIONAL_REPORT = "national-report"  # every province's Phụ lục II rows of a year, for the Ministry


@dataclass(frozen=True)
class Document:
    """One document's content: ``stem`` names its file ("ke-hoach-35-KH-UBND"); ``object_id`` is the record it is
    printed for (a programme or an inspection, domain/documents/owners.py; None for the Ministry's national
    workbook, nobody's record) and ``unit_id`` that record's unit (None: the whole tenant's) — what the record of
    its issue names. Neither is printed, so neither changes its content digest."""

    kind: DocumentKind
    stem: str
    as_of: date
    frame: Frame | None
    body: Mapping[str, Any]
    object_id: UUID | None = None
    unit_id: UUID | None = None

    def of(self, object_id: UUID, unit_id: UUID | None = None) -> Document:
        """This document, known as printed for ``object_id`` (of ``unit_id``)."""
        return replace(self, object_id=object_id, unit_id=unit_id)

    def data(self) -> dict[str, Any]:
        """What a template reads: ``frame`` (None on a register) and ``body``."""
        return {"kind": self.kind.value, "frame": self.frame.data() if self.frame else None, "body": self.body}


def file_stem(*parts: str) -> str:
    """A file name from words and a số/ký hiệu: "ke-hoach-35-KH-UBND", "bien-ban-12-BB-DKT" (slashes and blanks
    become dashes, letters lose their diacritics: a name any file system and mail client keeps)."""
    text = "-".join("-".join(part.replace("/", " ").split()) for part in parts if part)
    folded = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(char for char in folded if not unicodedata.combining(char))
