"""The check-item catalogues (danh mục kiểm tra): the items an inspection checks, by version, with their
Vietnamese and English titles — where a client finds the ``itemCode`` that ``assessItem`` and
``raiseNonconformity`` take. Read from the shipped data files (services/catalogues.py), not the tenant's
database."""

from __future__ import annotations

from functools import cache
from typing import Annotated

import strawberry
from strawberry.types import Info

from isotrail.domain import catalogue as domain
from isotrail.graphql.enums import CatalogueStatus
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.page_sizes import costed_at
from isotrail.graphql.permissions import allowed
from isotrail.services.catalogues import available_catalogue_versions, load_catalogue
from isotrail.services.permissions import Action

# What the cost counts, from the shipped data (a version added as a file needs no change here).
CATALOGUE_VERSIONS = len(available_catalogue_versions())
CHECK_ITEMS = max(len(load_catalogue(version).items) for version in available_catalogue_versions())


@strawberry.type(description="Điểm kiểm tra (check item): a clause of the standard, or an item of Art. 36 of "
                             "Circular 26/2014 or of Decision 19/2014.")
class CheckItem:
    code: str = strawberry.field(description="Its code, as assessItem's and raiseNonconformity's itemCode take it.")
    title_vi: str = strawberry.field(description="Its title in Vietnamese.")
    title_en: str = strawberry.field(description="Its title in English.")
    group: str = strawberry.field(description='"clause" (of the standard), "art36" or "qd19".')
    parent: str | None = strawberry.field(description="The code of the item it belongs to (null: top level).")

    @classmethod
    def of(cls, item: domain.CheckItem) -> CheckItem:
        return cls(code=item.code, title_vi=item.title_vi, title_en=item.title_en, group=item.group,
                   parent=item.parent)


@strawberry.type(description="Danh mục kiểm tra (check-item catalogue): one version, named by the programmes "
                             "that use it (catalogueVersion).")
class Catalogue:
    version: str = strawberry.field(description=(
        'Its version ("tt26-2014+iso9001-2015"), as draftProgramme\'s catalogueVersion and catalogue(version) '
        "take it."))
    standard: str = strawberry.field(description=(
        'The edition of the standard whose clauses it lists ("TCVN ISO 9001:2015"; an ISO edition while TCVN '
        "has not adopted it, see status)."))
    status: CatalogueStatus = strawberry.field(description=(
        "Tình trạng (status): ADOPTED, the edition TCVN has published; DRAFT, based on an ISO draft that TCVN has "
        "not adopted yet (titles provisional; noteVi/noteEn say what is expected to change)."))
    note_vi: str | None = strawberry.field(description=(
        "Ghi chú (note) in Vietnamese: what a reader must know of this version; a draft says what it is based on "
        "and what is expected to change. Null when there is nothing to say."))
    note_en: str | None = strawberry.field(description="The same note in English (null with noteVi).")
    title_vi: str = strawberry.field(description="Its title in Vietnamese.")
    title_en: str = strawberry.field(description="Its title in English.")
    items: list[CheckItem] = strawberry.field(description="Its items, in the catalogue's order.",
                                              metadata=costed_at(CHECK_ITEMS))

    @classmethod
    def of(cls, catalogue: domain.Catalogue) -> Catalogue:
        return cls(version=catalogue.version, standard=catalogue.standard, status=catalogue.status,
                   note_vi=catalogue.note_vi, note_en=catalogue.note_en, title_vi=catalogue.title_vi,
                   title_en=catalogue.title_en, items=[CheckItem.of(item) for item in catalogue.items.values()])


@cache
def catalogue_of(version: str) -> Catalogue:
    """The catalogue of ``version`` (shipped data, built once per process); raises its not-found error."""
    return Catalogue.of(load_catalogue(version))


def check_item(version: str, code: str) -> CheckItem | None:
    """The item ``code`` of catalogue ``version``; None when that catalogue does not hold it."""
    item = load_catalogue(version).items.get(code)
    return CheckItem.of(item) if item is not None else None


@strawberry.type
class CatalogueQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT),
                      description="One catalogue version (error code catalogue_not_found: no such version).")
    @typed_errors
    async def catalogue(self, info: Info, version: Annotated[str, strawberry.argument(
            description='The version ("tt26-2014+iso9001-2015"); `catalogues` lists them.')]) -> Catalogue | None:
        return catalogue_of(version)

    @strawberry.field(extensions=allowed(Action.READ_TENANT), description="Every catalogue version shipped.",
                      metadata=costed_at(CATALOGUE_VERSIONS))
    def catalogues(self, info: Info) -> list[Catalogue]:
        return [catalogue_of(version) for version in available_catalogue_versions()]
