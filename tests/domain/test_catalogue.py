"""The check-item catalogue: the shipped versions, item look-up, clause hierarchy, and its use."""

from __future__ import annotations

import unicodedata
from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from isotrail.domain.catalogue import Catalogue, CatalogueStatus, CheckItem
from isotrail.domain.input_errors import InvalidValueError, UnknownCatalogueItemError
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_values import AssessmentResult
from isotrail.services.catalogues import load_catalogue

from .conftest import CATALOGUE_2008, CATALOGUE_2015, CONDUCTED_ON, raise_nc

CATALOGUE_2026 = "tt26-2014+iso9001-2026"
VERSIONS = [CATALOGUE_2008, CATALOGUE_2015, CATALOGUE_2026]
ART36 = {"art36.scope", "art36.training", "art36.conformity", "art36.processes",
         "art36.review_audit_action", "art36.complaints", "art36.improvement"}
QD19 = {"qd19.leadership", "qd19.head_confirmation", "qd19.announcement", "qd19.legal_updates",
        "qd19.reannouncement", "qd19.consultant"}


@pytest.mark.parametrize(("version", "standard", "count"), [
    (CATALOGUE_2008, "TCVN ISO 9001:2008", 70),
    (CATALOGUE_2015, "TCVN ISO 9001:2015", 80),
    (CATALOGUE_2026, "ISO 9001:2026", 83),
])
def test_each_shipped_version_loads_with_its_standard(
    version: str, standard: str, count: int
) -> None:
    catalogue = load_catalogue(version)
    assert (catalogue.version, catalogue.standard) == (version, standard)
    assert len(catalogue.items) == count
    assert "Thông tư 26/2014" in catalogue.title_vi
    assert catalogue.title_en


@pytest.mark.parametrize("version", VERSIONS)
def test_every_version_holds_all_art36_and_decision19_items(version: str) -> None:
    items = load_catalogue(version).items
    assert {code for code, item in items.items() if item.group == "art36"} == ART36
    assert {code for code, item in items.items() if item.group == "qd19"} == QD19
    assert {item.group for item in items.values()} == {"clause", "art36", "qd19"}
    assert all(items[code].parent is None for code in ART36 | QD19)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_item_is_keyed_by_its_code_and_has_nfc_titles(version: str) -> None:
    for code, item in load_catalogue(version).items.items():
        assert item.code == code
        assert item.title_vi and item.title_en
        assert unicodedata.is_normalized("NFC", item.title_vi)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_parent_is_an_item_of_the_same_catalogue(version: str) -> None:
    catalogue = load_catalogue(version)
    missing = {item.code: item.parent for item in catalogue.items.values()
               if item.parent is not None and item.parent not in catalogue.items}
    assert missing == {}
    for code in catalogue.items:
        assert catalogue.items[catalogue.top_level_clause(code)].parent is None


def test_require_answers_the_item_or_a_typed_error() -> None:
    catalogue = load_catalogue(CATALOGUE_2015)
    assert catalogue.require("6.2") == catalogue.items["6.2"]
    assert catalogue.require("6.2").group == "clause"
    with pytest.raises(UnknownCatalogueItemError) as caught:
        catalogue.require("4.2.3")  # a 2008 clause
    assert (caught.value.catalogue_version, caught.value.item_code) == (CATALOGUE_2015, "4.2.3")
    assert "4.2.3" in caught.value.message_vi


@pytest.mark.parametrize(("version", "item", "top"), [
    (CATALOGUE_2015, "6.2", "6"),
    (CATALOGUE_2015, "6", "6"),
    (CATALOGUE_2015, "10.2", "10"),
    (CATALOGUE_2015, "art36.scope", "art36.scope"),
    (CATALOGUE_2015, "qd19.consultant", "qd19.consultant"),
    (CATALOGUE_2008, "5.4.1", "5"),
    (CATALOGUE_2008, "4.2.3", "4"),
    (CATALOGUE_2008, "8.2.2", "8"),
    (CATALOGUE_2008, "8.5.2", "8"),
])
def test_top_level_clause_climbs_to_the_root(version: str, item: str, top: str) -> None:
    assert load_catalogue(version).top_level_clause(item) == top


def test_top_level_clause_of_an_unknown_item_is_refused() -> None:
    with pytest.raises(UnknownCatalogueItemError):
        load_catalogue(CATALOGUE_2015).top_level_clause("11")


def test_from_data_normalises_vietnamese_titles_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Hồ sơ chất lượng")
    catalogue = Catalogue.from_data({
        "version": "v1", "standard": "S", "status": "draft", "title_vi": decomposed, "title_en": "Quality records",
        "note_vi": decomposed, "note_en": "A note",
        "items": [
            {"code": "4", "title_vi": decomposed, "title_en": "Four", "group": "clause"},
            {"code": "4.1", "title_vi": "Chung", "title_en": "General", "group": "clause",
             "parent": "4"},
        ],
    })
    assert catalogue.title_vi == catalogue.note_vi == "Hồ sơ chất lượng"
    assert (catalogue.status, catalogue.note_en) == (CatalogueStatus.DRAFT, "A note")
    assert catalogue.items["4"] == CheckItem("4", "Hồ sơ chất lượng", "Four", "clause", None)
    assert catalogue.items["4.1"].parent == "4"
    assert catalogue.top_level_clause("4.1") == "4"


def test_catalogue_values_are_immutable() -> None:
    catalogue = load_catalogue(CATALOGUE_2015)
    with pytest.raises(FrozenInstanceError):
        catalogue.version = "other"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        catalogue.items["6.2"].title_en = "other"  # type: ignore[misc]


# How an inspection uses its catalogue -----------------------------------------------------------


def test_fieldwork_refuses_an_item_its_catalogue_does_not_have(
    conducted: Inspection, catalogue: Catalogue
) -> None:
    with pytest.raises(UnknownCatalogueItemError) as unknown:
        conducted.assess(catalogue, "4.2.3", AssessmentResult.CONFORMS, occurred_on=CONDUCTED_ON)
    assert (unknown.value.item_code, unknown.value.catalogue_version) == ("4.2.3", CATALOGUE_2015)
    with pytest.raises(UnknownCatalogueItemError):
        raise_nc(conducted, catalogue, item="99")
    assert conducted.collect_events() == []


def test_fieldwork_refuses_a_catalogue_of_another_version(conducted: Inspection) -> None:
    other = load_catalogue(CATALOGUE_2008)
    with pytest.raises(InvalidValueError) as caught:
        conducted.assess(other, "4.1", AssessmentResult.CONFORMS, occurred_on=CONDUCTED_ON)
    assert caught.value.field_name == "catalogue_version"
    assert CATALOGUE_2015 in caught.value.reason_en
    with pytest.raises(InvalidValueError):
        raise_nc(conducted, other, item="4.1")
    assert conducted.collect_events() == []


def test_items_of_every_group_can_be_assessed(conducted: Inspection, catalogue: Catalogue) -> None:
    for code in ("4.1", "art36.complaints", "qd19.announcement"):
        conducted.assess(catalogue, code, AssessmentResult.NOT_APPLICABLE,
                         occurred_on=date(2020, 5, 13))
    assert set(conducted.assessments) == {"4.1", "art36.complaints", "qd19.announcement"}
