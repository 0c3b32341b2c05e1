"""The bodies a province's papers come from, named from the tenant's own name ("Sở Khoa học và Công nghệ tỉnh Sóc
Trăng"): the DOST under its People's Committee, and the People's Committee itself. A province's templates may
say otherwise (their letterhead wins); these are the defaults."""

from __future__ import annotations

import re
import unicodedata

from isotrail.domain.documents.form import Issuer, Signature

DOST = "Sở Khoa học và Công nghệ"
_PROVINCE = re.compile(r"\b(?P<level>tỉnh|thành phố)\s+(?P<name>\S.*?)\s*$", re.IGNORECASE)


def province_of(display_name: str) -> tuple[str, str]:
    """("tỉnh", "Sóc Trăng") from "Sở Khoa học và Công nghệ tỉnh Sóc Trăng"; a name that does not say its province
    is taken as the province's own name."""
    text = unicodedata.normalize("NFC", display_name).strip()
    found = _PROVINCE.search(text)
    return (found["level"].lower(), found["name"]) if found else ("tỉnh", text)


def department(display_name: str) -> Issuer:
    """The DOST, under "UBND tỉnh …", dated at the province."""
    level, name = province_of(display_name)
    return Issuer(name=DOST, parent=f"UBND {level} {name}", place=name)


def people_committee(display_name: str) -> Issuer:
    """The province's People's Committee, which issues and approves the yearly plan (Art. 34)."""
    level, name = province_of(display_name)
    return Issuer(name=f"Ủy ban nhân dân {level} {name}", parent=None, place=name)


def signature_of(issuer: Issuer) -> Signature:
    """The head's signature block: a People's Committee signs collectively (TM.) by its chairman."""
    if issuer.name.lower().startswith("ủy ban nhân dân"):
        return Signature(position="Chủ tịch", authority=("TM. ỦY BAN NHÂN DÂN",))
    return Signature(position="Giám đốc")
