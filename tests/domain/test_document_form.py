"""The form of a Vietnamese administrative document (Decree 30/2020/NĐ-CP) and the plan's prerequisites, pure."""

from __future__ import annotations

import unicodedata
from datetime import date
from uuid import uuid4

import pytest

from isotrail.domain.documents.document import file_stem
from isotrail.domain.documents.errors import DocumentNotAvailableError
from isotrail.domain.documents.form import Frame, Signature
from isotrail.domain.documents.inspection_plan import PlannedUnit, PlanRecord, amount_vnd, inspection_plan
from isotrail.domain.documents.issuers import department, people_committee, province_of, signature_of
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.vietnamese_dates import long_date, place_and_date, short_date

TENANT = "Sở Khoa học và Công nghệ tỉnh Sóc Trăng"


def test_the_decree_pads_days_below_ten_and_the_months_january_and_february_only() -> None:
    assert long_date(date(2020, 3, 5)) == "ngày 05 tháng 3 năm 2020"
    assert long_date(date(2021, 1, 15)) == "ngày 15 tháng 01 năm 2021"
    assert long_date(date(2021, 2, 9)) == "ngày 09 tháng 02 năm 2021"
    assert long_date(date(2020, 12, 31)) == "ngày 31 tháng 12 năm 2020"
    assert place_and_date("Sóc Trăng", date(2020, 3, 5)) == "Sóc Trăng, ngày 05 tháng 3 năm 2020"
    assert short_date(date(2020, 3, 5)) == "05/03/2020"


def test_the_dost_is_named_under_its_people_s_committee_from_the_tenant_s_name() -> None:
    assert province_of(TENANT) == ("tỉnh", "Sóc Trăng")
    assert province_of("Sở Khoa học và Công nghệ thành phố Cần Thơ") == ("thành phố", "Cần Thơ")
    frame = Frame(department(TENANT), "12/KH-SKHCN", date(2020, 3, 5), "Kế hoạch", "Kiểm tra", ("Lưu: VT",),
                  signature_of(department(TENANT))).data()
    assert frame["national_name"] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert frame["motto"] == "Độc lập - Tự do - Hạnh phúc"
    assert (frame["parent"], frame["issuer"]) == ("UBND TỈNH SÓC TRĂNG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    assert frame["number"] == "Số: 12/KH-SKHCN"
    assert frame["place_and_date"] == "Sóc Trăng, ngày 05 tháng 3 năm 2020"
    assert frame["recipients"] == ["- Lưu: VT."]
    assert (frame["authority"], frame["position"]) == ([], "GIÁM ĐỐC")
    assert all(unicodedata.is_normalized("NFC", str(value)) for value in frame.values())


def test_a_people_s_committee_signs_collectively_by_its_chairman() -> None:
    committee = people_committee(TENANT)
    assert (committee.name, committee.parent, committee.place) == ("Ủy ban nhân dân tỉnh Sóc Trăng", None, "Sóc Trăng")
    signature = signature_of(committee)
    assert (signature.authority, signature.position, signature.name) == (("TM. ỦY BAN NHÂN DÂN",), "Chủ tịch", None)


def _plan(status: ProgrammeStatus, budget: int | None = None) -> PlanRecord:
    return PlanRecord(
        programme_id=uuid4(), year=2020, title="Kiểm tra HTQLCL năm 2020", plan_number="35/KH-UBND",
        plan_date=date(2020, 3, 5), status=status, standard="TCVN ISO 9001:2015", legal_basis=("Quyết định số 19",),
        organiser="Chi cục TĐC", approved_by=None, starts_on=None, ends_on=None, budget_vnd=budget,
        budget_source="ngân sách tỉnh", partner_unit=None, team=(),
        units=(PlannedUnit("Sở Y tế tỉnh Sóc Trăng", InspectionForm.ON_SITE, "Đoàn CCHC", date(2020, 6, 11)),
               PlannedUnit("Sở Tư pháp tỉnh Sóc Trăng", InspectionForm.DOSSIER, None, None)))


def test_a_plan_not_approved_has_no_mau_19_to_print() -> None:
    with pytest.raises(DocumentNotAvailableError) as refused:
        inspection_plan(_plan(ProgrammeStatus.DRAFT), TENANT)
    assert refused.value.code == "document_not_available"
    assert refused.value.field == "programmeId"
    assert refused.value.message_vi == ("Chưa thể lập Kế hoạch kiểm tra (Mẫu 19): kế hoạch kiểm tra năm 2020 chưa "
                                        "được phê duyệt.")
    assert "not approved yet" in refused.value.message_en


def test_the_plan_lists_its_units_by_date_with_form_joint_team_and_budget() -> None:
    document = inspection_plan(_plan(ProgrammeStatus.APPROVED, budget=50_000_000), TENANT)
    table = next(block for block in document.body["blocks"] if block["type"] == "table")
    assert table["rows"] == [["1", "Sở Y tế tỉnh Sóc Trăng", "Tại trụ sở", "11/06/2020", "Đoàn CCHC"],
                             ["2", "Sở Tư pháp tỉnh Sóc Trăng", "Qua hồ sơ, báo cáo", "", ""]]
    texts = [block.get("text") for block in document.body["blocks"]]
    assert "Kinh phí thực hiện: 50.000.000 đồng, từ ngân sách tỉnh." in texts
    assert document.frame.data()["issuer"] == "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG"
    assert document.stem == "ke-hoach-35-KH-UBND"
    assert amount_vnd(1_250_000) == "1.250.000 đồng"


def test_a_cong_van_has_no_kind_title_its_subject_stands_under_its_number() -> None:
    frame = Frame(department(TENANT), "210/SKHCN-TĐC", date(2020, 6, 15), "", "yêu cầu khắc phục",
                  ("Như trên", "Lưu: VT"), signature_of(department(TENANT))).data()
    assert (frame["kind_title"], frame["letter_subject"]) == ("", "V/v yêu cầu khắc phục")
    assert frame["recipients"] == ["- Như trên;", "- Lưu: VT."]


def test_minutes_are_dated_in_their_text_and_signed_by_both_sides() -> None:
    frame = Frame(department(TENANT), "12/BB-ĐKT", date(2020, 6, 2), "Biên bản", "Kiểm tra", (),
                  Signature("Trưởng đoàn", ("ĐẠI DIỆN ĐOÀN KIỂM TRA",), "Nguyễn Văn A"),
                  countersignature=Signature("Thủ trưởng cơ quan", name="Trần Thị Bích"), dated=False).data()
    assert frame["place_and_date"] is None and frame["letter_subject"] is None
    assert frame["countersignature"] == {"authority": [], "position": "THỦ TRƯỞNG CƠ QUAN", "signer": "Trần Thị Bích"}
    assert (frame["position"], frame["signer"]) == ("TRƯỞNG ĐOÀN", "Nguyễn Văn A")


def test_file_names_keep_the_number_without_diacritics() -> None:
    assert file_stem("bien-ban", "12/BB-ĐKT") == "bien-ban-12-BB-DKT"
    assert file_stem("ke-hoach", "35/KH-UBND") == "ke-hoach-35-KH-UBND"
