"""Thể thức văn bản hành chính (Decree 30/2020/NĐ-CP, Art. 8 and Phụ lục I): what every paper carries around its
body — quốc hiệu and tiêu ngữ, the issuing body under its parent, số/ký hiệu, place and date, tên loại and trích
yếu, nơi nhận and the signature block (quyền hạn, chức vụ, name). The renderers lay it out once for every
document (services/documents/templates: van_ban.typ and the DOCX partials); this module decides what it says.

Three papers vary it as the decree's own templates do: a công văn (a letter) has no tên loại, its trích yếu
"V/v …" stands under its số/ký hiệu; a biên bản (minutes) has no place-and-date line, its day being in its
text; and minutes are signed by two sides — the countersignature on the left, nơi nhận (if any) below both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from isotrail.domain.vietnamese_dates import place_and_date

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # quốc hiệu
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # tiêu ngữ


@dataclass(frozen=True)
class Issuer:
    """Cơ quan ban hành: the body issuing a paper, under the body it belongs to (a People's Committee has none),
    and the place its papers are dated at."""

    name: str  # "Sở Khoa học và Công nghệ", "Ủy ban nhân dân tỉnh Sóc Trăng"
    parent: str | None  # "UBND tỉnh Sóc Trăng"
    place: str  # "Sóc Trăng"


@dataclass(frozen=True)
class Signature:
    """The signature block: quyền hạn ("TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"), chức vụ, and the signer's name —
    left blank, for the signer to write, when the records do not hold it."""

    position: str  # "CHỦ TỊCH", "GIÁM ĐỐC"
    authority: tuple[str, ...] = ()
    name: str | None = None


@dataclass(frozen=True)
class Frame:
    """One paper's frame; ``number`` is None on a paper not numbered yet (the số is then left for the văn thư).
    A blank ``kind_title`` makes a công văn; ``dated=False`` a paper dated in its text (a biên bản)."""

    issuer: Issuer
    number: str | None  # số, ký hiệu: "35/KH-UBND"
    issued_on: date
    kind_title: str  # tên loại: "KẾ HOẠCH"; "" for a công văn
    subject: str  # trích yếu
    recipients: tuple[str, ...]  # nơi nhận, the last one "Lưu: VT"; none on minutes kept by both sides
    signature: Signature
    countersignature: Signature | None = None  # the other side's (the inspected agency's head on Mẫu 21)
    dated: bool = True

    def data(self) -> dict[str, Any]:
        """What the templates print, as text: every line already in the decree's form (upper case where it says)."""
        return {
            "national_name": NATIONAL_NAME,
            "motto": MOTTO,
            "parent": self.issuer.parent.upper() if self.issuer.parent else None,
            "issuer": self.issuer.name.upper(),
            "number": f"Số: {self.number}" if self.number else "Số:        /",
            "place_and_date": place_and_date(self.issuer.place, self.issued_on) if self.dated else None,
            "kind_title": self.kind_title.upper(),
            "subject": self.subject,
            "letter_subject": None if self.kind_title else f"V/v {self.subject}",
            "recipients": [f"- {line}{'.' if i == len(self.recipients) - 1 else ';'}"
                           for i, line in enumerate(self.recipients)],
            "authority": list(self.signature.authority),
            "position": self.signature.position.upper(),
            "signer": self.signature.name or "",
            "countersignature": _signature(self.countersignature) if self.countersignature else None,
        }


def _signature(signature: Signature) -> dict[str, Any]:
    return {"authority": list(signature.authority), "position": signature.position.upper(),
            "signer": signature.name or ""}
