"""The check-item catalogue: what an inspection checks, as versioned data.

The items (Circular 26/2014 Art. 36, Decision 19/2014 and the clauses of one TCVN ISO 9001 edition)
live in data files, one per version; a programme names the version it uses. This module only turns
the parsed data into values and answers questions about it: reading the files is the services' job.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from isotrail.domain.codes import clean_code
from isotrail.domain.described import describe_members
from isotrail.domain.input_errors import UnknownCatalogueItemError


class CatalogueStatus(StrEnum):
    """Tình trạng danh mục (catalogue status): whether a version lists the clauses of an edition TCVN has
    published, or of an ISO draft."""

    ADOPTED = "adopted"
    DRAFT = "draft"


describe_members(CatalogueStatus, {
    CatalogueStatus.ADOPTED: "Đã ban hành (adopted): the clauses and titles of an edition TCVN has published.",
    CatalogueStatus.DRAFT: "Dự thảo (draft): based on an ISO draft that TCVN has not adopted yet; its titles are "
                           "provisional and its note says what is expected to change.",
})


def _nfc(text: str | None) -> str | None:
    return unicodedata.normalize("NFC", text) if text is not None else None


@dataclass(frozen=True)
class CheckItem:
    """One thing an inspection checks: a clause of the standard or an Art. 36 / Decision 19 item."""

    code: str
    title_vi: str
    title_en: str
    group: str  # "clause", "art36" or "qd19"
    parent: str | None


@dataclass(frozen=True)
class Catalogue:
    """One version of the check-item catalogue."""

    version: str
    standard: str
    title_vi: str
    title_en: str
    items: Mapping[str, CheckItem]
    status: CatalogueStatus = CatalogueStatus.ADOPTED
    note_vi: str | None = None  # what a reader must know of this version (a draft says so)
    note_en: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Catalogue:
        items = {
            item["code"]: CheckItem(
                code=item["code"],
                title_vi=unicodedata.normalize("NFC", item["title_vi"]),
                title_en=item["title_en"],
                group=item["group"],
                parent=item.get("parent"),
            )
            for item in data["items"]
        }
        return cls(
            version=data["version"],
            standard=data["standard"],
            title_vi=unicodedata.normalize("NFC", data["title_vi"]),
            title_en=data["title_en"],
            items=items,
            status=CatalogueStatus(data["status"]),
            note_vi=_nfc(data.get("note_vi")),
            note_en=data.get("note_en"),
        )

    def require(self, item_code: str) -> CheckItem:
        """The item with this code; raises :class:`UnknownCatalogueItemError` if there is none."""
        try:
            return self.items[item_code]
        except KeyError:
            clean_code(item_code, "item_code")  # what the error repeats back is a code, not any text
            raise UnknownCatalogueItemError(
                catalogue_version=self.version, item_code=item_code
            ) from None

    def top_level_clause(self, item_code: str) -> str:
        """The top-level clause an item belongs to ("6.2" → "6"); non-clause items map to themselves."""
        item = self.require(item_code)
        while item.parent is not None:
            item = self.require(item.parent)
        return item.code
