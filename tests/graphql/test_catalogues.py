"""The check-item catalogues over HTTP: what assessItem's itemCode may name, found through GraphQL alone."""

from __future__ import annotations

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant

CATALOGUE = """query($version: String!) { catalogue(version: $version) {
  version standard titleVi items { code titleVi titleEn group parent } } }"""


def test_a_client_finds_the_item_codes_of_its_programme_s_catalogue(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang, Role.INSPECTOR)
    versions = [c["version"] for c in graphql("{ catalogues { version } }", bearer)["data"]["catalogues"]]
    assert "tt26-2014+iso9001-2008" in versions and versions == sorted(versions)
    finding = graphql("{ findings(first: 1) { nodes { inspection { catalogueVersion } } } }", bearer)
    version = finding["data"]["findings"]["nodes"][0]["inspection"]["catalogueVersion"]
    catalogue = graphql(CATALOGUE, bearer, {"version": version})["data"]["catalogue"]
    items = {item["code"]: item for item in catalogue["items"]}
    assert catalogue["version"] == version and catalogue["standard"].startswith("TCVN ISO 9001:")
    assert items["6.2"]["parent"] == "6" and items["6.2"]["group"] == "clause"
    assert items["6.2"]["titleVi"] and items["6.2"]["titleEn"]
    assessed = graphql("{ findings(first: 200) { nodes { itemCode } } }", bearer)["data"]["findings"]["nodes"]
    assert {finding["itemCode"] for finding in assessed} <= set(items)  # every code the demo used is listed


def test_an_unknown_or_hostile_version_is_the_typed_not_found(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang, Role.VIEWER)
    for version in ("tt26-2099", "../../etc/passwd"):
        body = graphql(CATALOGUE, bearer, {"version": version})
        codes = {error["extensions"]["code"] for error in body["errors"]}
        assert codes <= {"catalogue_not_found", "invalid_value"}, body
        assert body["data"] == {"catalogue": None}
    body = graphql(CATALOGUE, bearer, {"version": "tt26\x00"})
    assert body["errors"][0]["extensions"]["code"] in {"invalid_value", "invalid_text"}, body


def test_an_inspection_names_its_catalogue_and_each_assessment_its_check_item(
        graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang, Role.AUDITOR)
    query = """{ findings(first: 1) { nodes { inspection { catalogueVersion catalogue { version items { code } }
      assessments { itemCode result checkItem { code titleVi titleEn parent } } } } } }"""
    inspection = graphql(query, bearer)["data"]["findings"]["nodes"][0]["inspection"]
    catalogue = graphql(CATALOGUE, bearer, {"version": inspection["catalogueVersion"]})["data"]["catalogue"]
    assert inspection["catalogue"] == {"version": catalogue["version"],
                                       "items": [{"code": item["code"]} for item in catalogue["items"]]}
    items = {item["code"]: item for item in catalogue["items"]}
    assert inspection["assessments"] and "NONCONFORMS" in {a["result"].upper() for a in inspection["assessments"]}
    for assessment in inspection["assessments"]:
        item = items[assessment["itemCode"]]
        assert assessment["checkItem"] == {"code": item["code"], "titleVi": item["titleVi"],
                                           "titleEn": item["titleEn"], "parent": item["parent"]}


def test_a_client_sees_which_catalogue_is_based_on_a_draft_and_why(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang, Role.VIEWER)
    listed = graphql("{ catalogues { version standard status noteVi noteEn } }", bearer)["data"]["catalogues"]
    by_version = {catalogue["version"]: catalogue for catalogue in listed}
    draft = by_version["tt26-2014+iso9001-2026"]
    assert (draft["status"], draft["standard"]) == ("DRAFT", "ISO 9001:2026")
    assert "dự thảo" in draft["noteVi"] and "draft" in draft["noteEn"]
    adopted = by_version["tt26-2014+iso9001-2015"]
    assert (adopted["status"], adopted["noteVi"], adopted["noteEn"]) == ("ADOPTED", None, None)
    items = graphql(CATALOGUE, bearer, {"version": "tt26-2014+iso9001-2015"})["data"]["catalogue"]["items"]
    titles = {item["code"]: item["titleVi"] for item in items}
    assert titles["5.2"] == "Chính sách" and titles["9.1.2"] == "Sự thỏa mãn của khách hàng"
