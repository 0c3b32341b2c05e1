"""Text no read model can hold, sent over real HTTP: refused at the boundary with a typed error naming the
argument or field, never stored, never an error without a code.

The bodies are written by hand: a lone surrogate travels in JSON as the escape ``\\ud800``, which no JSON
library writes from a Python string."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from isotrail.domain.inspection_values import RecommendationSource
from isotrail.domain.roles import Role
from isotrail.graphql.controller import GraphQLController
from tests.builders import CATALOGUE, conducted_inspection, fresh_tenant, register_unit

NUL, SURROGATE, BIDI, NONCHARACTER = "\\u0000", "\\ud800", "\\u202e", "\\uffff"  # escapes in a JSON string
POISONS = {"nul": (NUL, "U+0000"), "lone surrogate": (SURROGATE, "U+D800"), "bidi override": (BIDI, "U+202E"),
           "noncharacter": (NONCHARACTER, "U+FFFF")}


def post_raw(api: str, token: str, query: str, variables: str) -> dict:
    """POST a body whose variables are raw JSON text (escapes kept as written)."""
    body = f'{{"query": {json.dumps(query)}, "variables": {variables}}}'.encode()
    response = httpx.post(f"{api}/graphql", content=body, timeout=30,
                          headers={"Authorization": f"Bearer {token}", "content-type": "application/json"})
    assert response.status_code < 500, response.text
    return response.json()


@pytest.mark.parametrize("poison", POISONS, ids=list(POISONS))
@pytest.mark.parametrize(("argument", "query", "variables"), [
    ("filter.search", "query($v: String) { units(filter: {search: $v}) { nodes { name } } }", '{"v": "so y te%s"}'),
    ("filter.search", "query($v: UnitFilter) { units(filter: $v) { nodes { name } } }", '{"v": {"search": "a%s"}}'),
    ("filter.kind", "query($v: [UnitKind!]) { units(filter: {kind: $v}) { nodes { name } } }", '{"v": ["OTHER%s"]}'),
    ("filter.clause", "query($v: String) { findings(filter: {clause: $v}) { nodes { itemCode } } }", '{"v": "9%s"}'),
    ("filter.clause", "query($v: FindingFilter) { findings(filter: $v) { nodes { itemCode } } }",
     '{"v": {"clause": "9%s"}}'),
    ("filter.status", "query($v: [FindingStatus!]) { findings(filter: {status: $v}) { nodes { itemCode } } }",
     '{"v": ["OPEN", "REPORTED%s"]}'),
    ("filter.eventTypes", "query($v: TimelineFilter) { timeline(unitId: \"00000000-0000-0000-0000-000000000001\", "
                          "filter: $v) { nodes { eventType } } }", '{"v": {"eventTypes": ["UNIT_RENAMED%s"]}}'),
    ("orderBy.field", "query($v: UnitOrder) { units(orderBy: $v) { nodes { name } } }",
     '{"v": {"field": "NAME%s", "direction": "ASC"}}'),
    ("after", "query($v: String) { units(after: $v) { nodes { name } } }", '{"v": "%s"}'),
])
def test_a_filter_or_search_argument_with_poison_is_refused_naming_it(
    api: str, token, soc_trang: str, argument: str, query: str, variables: str, poison: str,
) -> None:
    escape, point = POISONS[poison]
    body = post_raw(api, token(soc_trang), query, variables % escape)
    assert body["data"] is None
    [error] = body["errors"]
    extensions = error["extensions"]
    assert (extensions["code"], extensions["field"]) == ("invalid_value", argument)
    assert point in extensions["message_en"] and point in extensions["message_vi"]
    named, _ = extensions["message_vi"].split(" không hợp lệ: ", 1)  # by its Vietnamese label, not its English name
    assert argument.rsplit(".", 1)[-1] not in named


def test_literals_and_variable_defaults_are_checked_as_variables_are(api: str, token, soc_trang: str) -> None:
    for query in ('{ units(filter: {search: "a\\u0000"}) { nodes { name } } }',
                  '{ findings(filter: {status: [OPEN], clause: "6\\u202e"}) { nodes { itemCode } } }',
                  'query($v: String = "\\u0000") { findings(filter: {clause: $v}) { nodes { itemCode } } }',
                  'query($v: FindingFilter = {clause: "\\u0000"}) { findings(filter: $v) { nodes { itemCode } } }'):
        body = post_raw(api, token(soc_trang), query, "{}")
        assert body["errors"][0]["extensions"]["code"] == "invalid_value", query
    ok = post_raw(api, token(soc_trang), 'query($v: String) { units(filter: {search: $v}) { nodes { name } } }',
                  '{"v": "so y te"}')
    assert ok["data"]["units"]["nodes"] == [{"name": "Sở Y tế tỉnh Sóc Trăng"}]


@pytest.fixture
def province(registry, admin) -> Iterator[tuple[str, str, str]]:
    """(tenant, a unit, a conducted inspection)."""
    with fresh_tenant(registry, "Tỉnh văn bản độc") as slug, registry.application(slug) as app:
        _, inspection_id = conducted_inspection(app, admin, on=date(2020, 6, 2))
        unit_id = register_unit(app, admin)  # after the plan's approval, which it is not in the scope of
        yield slug, str(unit_id), str(inspection_id)


RENAME = """mutation($id: UUID!, $name: String!) { renameUnit(input: {unitId: $id, name: $name,
  occurredOn: "2021-01-01"}) { ok userErrors { code field messageVi messageEn } } }"""
RECOMMEND = """mutation($id: UUID!, $text: String!) { recordRecommendation(input: {inspectionId: $id, source: TEAM,
  text: $text, occurredOn: "2020-06-02"}) { ok userErrors { code field messageVi messageEn } } }"""
SIGN = """mutation($input: SignMinutesInput!) { signMinutes(input: $input) { ok userErrors { code field } } }"""


@pytest.mark.parametrize("poison", POISONS, ids=list(POISONS))
def test_a_mutation_with_poison_in_its_text_is_refused_naming_the_field_and_stores_nothing(
    api: str, token, province, registry, poison: str,
) -> None:
    slug, unit_id, inspection_id = province
    escape, point = POISONS[poison]
    admin = token(slug, Role.TENANT_ADMIN)
    with registry.application(slug) as app:
        unit_version = app.get_unit(unit_id).version
        inspection_version = app.get_inspection(inspection_id).version
    cases = [("renameUnit", "name", RENAME, f'{{"id": "{unit_id}", "name": "Sở{escape}Y tế"}}'),
             ("recordRecommendation", "text", RECOMMEND, f'{{"id": "{inspection_id}", "text": "Tập huấn{escape}"}}'),
             ("signMinutes", "minutesNumber", SIGN,  # the whole input object as one variable
              f'{{"input": {{"inspectionId": "{inspection_id}", "minutesNumber": "12{escape}/BB", '
              f'"teamLeaderSignatory": "Kiểm tra viên 1", "unitSignatory": "Giám đốc", "occurredOn": "2020-06-02"}}}}')]
    for mutation, field, query, variables in cases:
        body = post_raw(api, admin, query, variables)
        result = body["data"][mutation]
        assert result["ok"] is False, mutation
        [error] = result["userErrors"]
        assert (error["code"], error["field"]) == ("INVALID_VALUE", ["input", field])
        if "messageEn" in error:
            assert point in error["messageEn"] and point in error["messageVi"]
    with registry.application(slug) as app:
        assert app.get_unit(unit_id).version == unit_version
        assert app.get_inspection(inspection_id).version == inspection_version


NESTED_POISONS = {**POISONS, "control character": ("\\u0007", "U+0007")}
DRAFT = """mutation($input: DraftProgrammeInput!) { draftProgramme(input: $input) { ok aggregateId version
  userErrors { code } } }"""
ASSIGN = """mutation($input: AssignTeamMemberInput!) { assignTeamMember(input: $input) { ok version
  userErrors { code field message messageVi messageEn } } }"""


@pytest.mark.parametrize("poison", NESTED_POISONS, ids=list(NESTED_POISONS))
def test_poison_in_a_nested_input_is_refused_with_its_path_and_stores_nothing(
    api: str, token, registry, poison: str,
) -> None:
    """A team member's name is text inside ``input.member``: the command refuses it with its path."""
    escape, point = NESTED_POISONS[poison]
    with fresh_tenant(registry, "Tỉnh đoàn kiểm tra") as slug:
        admin = token(slug, Role.TENANT_ADMIN)
        drafted = post_raw(api, admin, DRAFT, json.dumps({"input": {
            "code": "KH-2021", "year": 2021, "title": "Kế hoạch kiểm tra ISO năm 2021", "planNumber": "12/KH-UBND",
            "planDate": "2021-01-15", "legalBasis": ["Quyết định 19/2014/QĐ-TTg"], "catalogueVersion": CATALOGUE,
            "organiser": "Sở Khoa học và Công nghệ", "occurredOn": "2021-01-15"}}))["data"]["draftProgramme"]
        assert drafted["userErrors"] == [] and drafted["ok"]
        member = f'{{"name": "Trần{escape} Văn A", "organisation": "Sở KH&CN", "position": "trưởng đoàn"}}'
        body = post_raw(api, admin, ASSIGN, f'{{"input": {{"programmeId": "{drafted["aggregateId"]}", '
                                            f'"member": {member}, "occurredOn": "2021-01-20"}}}}')
        result = body["data"]["assignTeamMember"]
        assert result["ok"] is False and result["version"] is None
        [error] = result["userErrors"]
        assert (error["code"], error["field"]) == ("INVALID_VALUE", ["input", "member", "name"])
        assert point in error["messageEn"] and point in error["message"] and error["message"] == error["messageVi"]
        with registry.application(slug) as app:
            assert app.get_programme(drafted["aggregateId"]).version == drafted["version"]


def test_a_multiline_field_takes_line_breaks_over_http(api: str, token, province, registry) -> None:
    slug, _, inspection_id = province
    body = post_raw(api, token(slug, Role.TENANT_ADMIN), RECOMMEND,
                    json.dumps({"id": inspection_id, "text": "Tập huấn:\n\t- ISO 9001"}))
    assert body["data"]["recordRecommendation"] == {"ok": True, "userErrors": []}
    with registry.application(slug) as app:
        assert app.get_inspection(inspection_id).recommendations == [(RecommendationSource.TEAM,
                                                                      "Tập huấn:\n\t- ISO 9001")]


@pytest.mark.parametrize("invisible", ["\\u17b4", "\\u0301", "\\u3164\\u180e\\ufe0f", "\\udb40\\udd00"],
                         ids=["khmer-inherent-vowel", "lone-combining-mark", "fillers-and-selectors", "selector-256"])
def test_a_text_that_shows_nothing_is_refused_naming_the_field_and_vietnamese_in_nfd_is_kept(
    api: str, token, province, registry, invisible: str,
) -> None:
    slug, unit_id, inspection_id = province
    admin = token(slug, Role.TENANT_ADMIN)
    with registry.application(slug) as app:
        unit_version = app.get_unit(unit_id).version
    for mutation, field, query, variables in (
            ("renameUnit", "name", RENAME, f'{{"id": "{unit_id}", "name": "{invisible}"}}'),
            ("recordRecommendation", "text", RECOMMEND, f'{{"id": "{inspection_id}", "text": " {invisible} "}}')):
        [error] = post_raw(api, admin, query, variables)["data"][mutation]["userErrors"]
        assert (error["code"], error["field"]) == ("INVALID_VALUE", ["input", field])
        assert "invisible" in error["messageEn"] and "không nhìn thấy" in error["messageVi"]
    with registry.application(slug) as app:
        assert app.get_unit(unit_id).version == unit_version
    decomposed = unicodedata.normalize("NFD", "Sở Tài nguyên và Môi trường")
    body = post_raw(api, admin, RENAME, json.dumps({"id": unit_id, "name": decomposed}))
    assert body["data"]["renameUnit"] == {"ok": True, "userErrors": []}
    with registry.application(slug) as app:
        assert app.get_unit(unit_id).name == "Sở Tài nguyên và Môi trường"  # stored in NFC


@pytest.mark.parametrize("poison", POISONS, ids=list(POISONS))
@pytest.mark.parametrize(("where", "query", "variables"), [
    ("input.unitId", 'mutation($v: UUID!) { renameUnit(input: {unitId: $v, name: "x", occurredOn: "2021-01-01"}) '
                     "{ ok } }", '{"v": "%s"}'),
    ("input.occurredOn", 'mutation($v: Date!) { renameUnit(input: {unitId: "@", name: "x", occurredOn: $v}) { ok } }',
     '{"v": "%s"}'),
    ("input.kind", 'mutation($v: UnitKind!) { registerUnit(input: {code: "XA-99", name: "x", kind: $v, '
                   'occurredOn: "2021-01-01"}) { ok } }', '{"v": "%s"}'),
    ("input.unitId", "mutation($v: RenameUnitInput!) { renameUnit(input: $v) { ok } }",
     '{"v": {"unitId": "%s", "name": "x", "occurredOn": "2021-01-01"}}'),
    ("input.facts.announcedOn", "mutation($v: RecordQmsFactsInput!) { recordQmsFacts(input: $v) { ok } }",
     '{"v": {"unitId": "@", "occurredOn": "2021-01-01", "facts": {"standard": "TCVN ISO 9001:2015", '
     '"announcedOn": "%s", "lastInternalAuditOn": null, "lastManagementReviewOn": null}}}'),
    ("input.predecessorIds", "mutation($v: RegisterUnitInput!) { registerUnit(input: $v) { ok } }",
     '{"v": {"code": "XA-99", "name": "x", "kind": "OTHER", "occurredOn": "2021-01-01", "predecessorIds": ["%s"]}}'),
    ("input.expectedVersion", "mutation($v: RenameUnitInput!) { renameUnit(input: $v) { ok } }",
     '{"v": {"unitId": "@", "name": "x", "occurredOn": "2021-01-01", "expectedVersion": "%s"}}'),
    ("input.nickname", "mutation($v: RenameUnitInput!) { renameUnit(input: $v) { ok } }",  # a field it lacks
     '{"v": {"unitId": "@", "name": "x", "occurredOn": "2021-01-01", "nickname": "%s"}}'),
])
def test_poison_in_a_mutation_input_where_it_is_not_text_is_refused_naming_its_place(
    api: str, token, province, where: str, query: str, variables: str, poison: str,
) -> None:
    """graphql-core's refusal of a malformed UUID, date, enum or number, or of a value under a field the
    input lacks, repeats the value: a lone surrogate there made the answer unencodable (HTTP 500)."""
    slug, unit_id, _ = province
    escape, point = POISONS[poison]
    body = post_raw(api, token(slug, Role.TENANT_ADMIN), query.replace("@", unit_id),
                    variables.replace("@", unit_id).replace("%s", escape))
    assert body["data"] is None
    [error] = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("invalid_value", where)
    assert point in error["extensions"]["message_en"]


@pytest.mark.parametrize("name", [SURROGATE, NUL, "Q\\n" + BIDI])
def test_an_operation_name_no_name_may_be_is_refused_naming_it_without_repeating_it(
    api: str, token, soc_trang: str, name: str,
) -> None:
    body = f'{{"query": "query Q {{ me {{ tenant }} }}", "operationName": "{name}"}}'.encode()
    response = httpx.post(f"{api}/graphql", content=body, timeout=30, headers={
        "Authorization": f"Bearer {token(soc_trang)}", "content-type": "application/json"})
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("invalid_request", "operationName")
    assert "\x00" not in response.text and "\\u0000" not in response.text and "\u202e" not in response.text


def test_an_answer_holding_a_lone_surrogate_is_encoded_with_a_replacement_character(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The last line of defence, behind the checks above (no request reaches it now): an answer repeating a
    lone surrogate is encoded with U+FFFD there, not refused with HTTP 500, and a warning says so once."""
    answer = {"errors": [{"message": "Variable '$v' got invalid value 'a\ud800'", "extensions": {"code": "x"}}]}
    with caplog.at_level("WARNING"):
        encoded = [GraphQLController.encode_json(None, answer) for _ in range(2)]  # type: ignore[arg-type]
    assert json.loads(encoded[0])["errors"][0]["message"] == "Variable '$v' got invalid value 'a\ufffd'"
    assert encoded[1] == encoded[0]
    assert len([r for r in caplog.records if "surrogate" in r.getMessage()]) <= 1
