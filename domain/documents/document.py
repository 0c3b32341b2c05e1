"""A document as isotrail prints it: its kind, the date it speaks as of, its Decree 30 frame (none on a register)
and its body of facts — plain values that every renderer (DOCX, PDF, XLSX) reads alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from isotrail.domain.documents.form import Frame


class DocumentKind(StrEnum):
    """The documents a DOST hands over that isotrail prints."""

    INSPECTION_PLAN = "inspection-plan"  # Kế hoạch kiểm tra, Mẫu 19 (Circular 26/2014 Art. 34)
    FINDINGS_REGISTER = "findings-register"  # Sổ theo dõi điểm không phù hợp


@dataclass(frozen=True)
class Document:
    """One document's content: ``stem`` names its file ("ke-hoach-35-KH-UBND")."""

    kind: DocumentKind
    stem: str
    as_of: date
    frame: Frame | None
    body: Mapping[str, Any]

    def data(self) -> dict[str, Any]:
        """What a template reads: ``frame`` (None on a register) and ``body``."""
        return {"kind": self.kind.value, "frame": self.frame.data() if self.frame else None, "body": self.body}


def file_stem(*parts: str) -> str:
    """A file name from words and a số/ký hiệu: "ke-hoach-35-KH-UBND" (slashes and blanks become dashes)."""
    return "-".join("-".join(part.replace("/", " ").split()) for part in parts if part)
