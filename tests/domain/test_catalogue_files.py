"""The catalogue files themselves: one JSON Schema for every version, the titles TCVN ISO 9001 and Circular
26/2014 give (issue 15, part 6), and the item codes the demo seed files its findings under."""

from __future__ import annotations

import json
import unicodedata
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from isotrail.domain.catalogue import CatalogueStatus
from isotrail.services.catalogues import available_catalogue_versions, load_catalogue

from .conftest import CATALOGUE_2008, CATALOGUE_2015

CATALOGUE_2026 = "tt26-2014+iso9001-2026"
FOLDER = resources.files("isotrail.domain") / "catalogues"
SCHEMA = json.loads((FOLDER / "catalogue.schema.json").read_text(encoding="utf-8"))
SEED = json.loads((resources.files("isotrail.services") / "seed" / "soc_trang_2020.json").read_text(encoding="utf-8"))


def data_of(version: str) -> dict[str, Any]:
    return json.loads((FOLDER / f"{version}.json").read_text(encoding="utf-8"))


def test_every_json_file_but_the_schema_is_a_version_and_the_2026_draft_is_one() -> None:
    files = {path.name for path in FOLDER.iterdir() if path.name.endswith(".json")}
    assert {f"{version}.json" for version in available_catalogue_versions()} == files - {"catalogue.schema.json"}
    assert {CATALOGUE_2008, CATALOGUE_2015, CATALOGUE_2026} <= set(available_catalogue_versions())


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("version", available_catalogue_versions())
def test_each_catalogue_file_validates_against_the_one_schema(version: str) -> None:
    errors = [f"{list(error.absolute_path)}: {error.message}"
              for error in Draft202012Validator(SCHEMA).iter_errors(data_of(version))]
    assert errors == []
    assert data_of(version)["version"] == version


@pytest.mark.parametrize("broken", [
    {"status": "final"},
    {"status": "draft", "note_vi": None},
    {"items": [{"code": "4", "title_vi": "", "title_en": "x", "group": "clause", "parent": None}]},
    {"items": [{"code": "art36.scope", "title_vi": "x", "title_en": "x", "group": "clause", "parent": None}]},
    {"items": [{"code": "4.1", "title_vi": "x", "title_en": "x", "group": "chapter", "parent": "4"}]},
    {"items": [{"code": "qd19.x", "title_vi": "x", "title_en": "x", "group": "qd19", "parent": "4"}]},
    {"items": [{"code": "4 1", "title_vi": "x", "title_en": "x", "group": "clause", "parent": None}]},
])
def test_the_schema_refuses_a_file_that_breaks_it(broken: dict[str, Any]) -> None:
    assert list(Draft202012Validator(SCHEMA).iter_errors({**data_of(CATALOGUE_2015), **broken}))


@pytest.mark.parametrize("version", available_catalogue_versions())
def test_every_title_is_nfc_and_every_clause_sits_under_the_clause_its_code_names(version: str) -> None:
    data = data_of(version)
    texts = [data["title_vi"], data["note_vi"] or ""] + [item["title_vi"] for item in data["items"]]
    assert [text for text in texts if not unicodedata.is_normalized("NFC", text)] == []
    codes = [item["code"] for item in data["items"]]
    assert len(codes) == len(set(codes))
    for item in data["items"]:
        if item["group"] == "clause":
            assert item["parent"] == (item["code"].rsplit(".", 1)[0] if "." in item["code"] else None)
        assert item["parent"] is None or item["parent"] in codes


TCVN_ISO_9001_2015 = {
    "4.4": ("Hệ thống quản lý chất lượng và các quá trình của hệ thống",
            "Quality management system and its processes"),
    "5.2": ("Chính sách", "Policy"),
    "6.3": ("Hoạch định thay đổi", "Planning of changes"),
    "8.3": ("Thiết kế và phát triển sản phẩm, dịch vụ", "Design and development of products and services"),
    "9.1.2": ("Sự thỏa mãn của khách hàng", "Customer satisfaction"),
    "9.1.1": ("Khái quát", "General"),
    "9.1.3": ("Phân tích và đánh giá", "Analysis and evaluation"),
}


@pytest.mark.parametrize("code", TCVN_ISO_9001_2015)
def test_the_2015_catalogue_titles_clauses_as_tcvn_iso_9001_2015_does(code: str) -> None:
    item = load_catalogue(CATALOGUE_2015).require(code)
    assert (item.title_vi, item.title_en) == TCVN_ISO_9001_2015[code]


def test_the_2015_catalogue_holds_the_sub_clauses_a_finding_cites() -> None:
    items = load_catalogue(CATALOGUE_2015).items
    for code in ("7.1.2", "7.1.6", "7.5.3", "8.2.1", "8.5.1", "8.5.5", "9.1.2", "9.3.2", "10.2"):
        assert code in items
    assert items["9.1.2"].parent == "9.1" and items["7.5.3"].title_vi == "Kiểm soát thông tin dạng văn bản"


TCVN_ISO_9001_2008 = {
    "4.2.2": "Sổ tay chất lượng",
    "5.2": "Hướng vào khách hàng",
    "7.1": "Hoạch định việc tạo sản phẩm",
    "8.2.3": "Theo dõi và đo lường các quá trình",
    "8.4": "Phân tích dữ liệu",
    "6.2.2": "Năng lực, đào tạo và nhận thức",
    "5.5.2": "Đại diện của lãnh đạo",
}


@pytest.mark.parametrize("code", TCVN_ISO_9001_2008)
def test_the_2008_catalogue_holds_each_clause_a_finding_cites_with_its_tcvn_title(code: str) -> None:
    assert load_catalogue(CATALOGUE_2008).require(code).title_vi == TCVN_ISO_9001_2008[code]


ART36_AND_DECISION19 = {
    "art36.training": "Phổ biến, hướng dẫn áp dụng hệ thống tài liệu, quy trình cho cán bộ, công chức",
    "art36.processes": "Việc thực hiện các quá trình giải quyết công việc",
    "art36.complaints": "Xử lý khiếu nại liên quan đến lĩnh vực áp dụng HTQLCL",
    "qd19.reannouncement": "Công bố lại khi điều chỉnh, mở rộng hoặc thu hẹp phạm vi áp dụng HTQLCL",
    "qd19.consultant": "Lựa chọn tổ chức tư vấn, chuyên gia tư vấn độc lập (nếu có)",
}


@pytest.mark.parametrize("version", available_catalogue_versions())
def test_art36_and_decision19_items_keep_their_codes_and_take_the_circular_s_wording(version: str) -> None:
    items = load_catalogue(version).items
    for code, title in ART36_AND_DECISION19.items():
        assert items[code].title_vi == title
    assert "narrowed" in items["qd19.reannouncement"].title_en
    assert "(if any)" in items["qd19.consultant"].title_en


def test_the_2026_catalogue_is_marked_as_based_on_the_draft_until_tcvn_adopts_it() -> None:
    draft = load_catalogue(CATALOGUE_2026)
    assert draft.status is CatalogueStatus.DRAFT and draft.standard == "ISO 9001:2026"
    assert draft.note_vi is not None and "dự thảo" in draft.note_vi and "TCVN" in draft.note_vi
    assert draft.note_en is not None and "draft" in draft.note_en
    for change in ("4.1", "4.2", "5.1.1", "6.1"):
        assert change in draft.note_vi and change in draft.note_en
    assert (draft.items["6.1.2"].title_en, draft.items["6.1.3"].title_en) == (
        "Actions to address risks", "Actions to address opportunities")
    assert draft.items["6.1.2"].parent == "6.1"
    for adopted in (CATALOGUE_2008, CATALOGUE_2015):
        assert load_catalogue(adopted).status is CatalogueStatus.ADOPTED and load_catalogue(adopted).note_vi is None


def test_every_item_code_the_seed_uses_is_in_the_seed_s_catalogue_version() -> None:
    items = load_catalogue(SEED["programme"]["catalogue_version"]).items
    findings = {code for unit in SEED["units"] for code in unit.get("findings", [])}
    used = (set(SEED["assessed_items"]) | set(SEED["finding_texts"]) | set(SEED["finding_to_item"])
            | set(SEED["finding_to_item"].values()) | findings)
    assert {code for code in used if code not in items} == set()
    assert {"art36.scope", "qd19.consultant", "6.2", "9.3"} <= used
