"""The Vietnamese words an error's message uses for what it names: each field by its label (the one table of field
labels), each record an id stands for by its name when someone gave it (else by nothing: the template's noun
reads alone), each enum value by its described Vietnamese words, and each date as dd/mm/yyyy. The error keeps
the field's name and the ids in its details, for clients to match on; only the Vietnamese message reads them
through here (domain/errors.py)."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from isotrail.domain.described import member_description

# A command's field (and a date a rule compares) by its label, keyed by its Python name; GraphQL's camel-cased
# names of the few values checked outside a command are here too.
FIELD_LABELS_VI: dict[str, str] = {
    "acknowledged_missing_units": "cơ quan bắt buộc được nêu lý do không đưa vào kế hoạch",
    "after": "con trỏ phân trang",
    "agenda": "chương trình làm việc",
    "announced_on": "ngày công bố HTQLCL",
    "approved_by": "cơ quan phê duyệt",
    "approved_on": "ngày phê duyệt kế hoạch",
    "asOf": "thời điểm xem",
    "asOfVersion": "phiên bản xem",
    "assessment": "nội dung đánh giá",
    "before": "con trỏ phân trang",
    "budget_source": "nguồn kinh phí",
    "budget_vnd": "kinh phí",
    "catalogue_version": "phiên bản danh mục kiểm tra",
    "clause": "điều khoản",
    "code": "mã",
    "compilation_number": "số báo cáo tổng hợp kết quả kiểm tra",
    "compiled_on": "ngày báo cáo tổng hợp kết quả kiểm tra",
    "conducted_on": "ngày tiến hành kiểm tra",
    "content_base64": "tệp mẫu văn bản",
    "corrects_version": "phiên bản được đính chính",
    "decided_on": "ngày ký quyết định kiểm tra",
    "decision": "quyết định",
    "decision_number": "số quyết định",
    "degree": "trình độ chuyên môn",
    "description": "nội dung điểm không phù hợp",
    "display_name": "tên hiển thị",
    "document_kind": "loại văn bản",
    "effective_on": "ngày có hiệu lực",
    "ends_on": "ngày kết thúc",
    "event_types": "loại sự kiện",
    "expected_version": "phiên bản đã đọc",
    "facts": "thông tin HTQLCL",
    "field": "tiêu chí sắp xếp",
    "filename": "tên tệp",
    "findings_communicated_on": "ngày thông báo kết quả kiểm tra",
    "form": "hình thức kiểm tra",
    "format": "định dạng văn bản",
    "host_registered_on": "ngày thêm vào danh mục của cơ quan có HTQLCL được áp dụng chung",
    "host_unit_id": "cơ quan có HTQLCL được áp dụng chung",
    "inspection_id": "cuộc kiểm tra",
    "inspectors": "người tiến hành kiểm tra",
    "item_code": "mục kiểm tra",
    "joint_team": "đoàn kiểm tra lồng ghép",
    "kind": "loại cơ quan",
    "last_change": "ngày thay đổi gần nhất",
    "last_internal_audit_on": "ngày đánh giá nội bộ gần nhất",
    "last_management_review_on": "ngày xem xét của lãnh đạo gần nhất",
    "legal_basis": "căn cứ pháp lý",
    "letter_number": "số công văn",
    "member": "thành viên đoàn kiểm tra",
    "merged_on": "ngày hợp nhất tỉnh",
    "minutes_number": "số biên bản",
    "name": "tên",
    "new_code": "mã đơn vị mới",
    "new_kind": "loại hình đơn vị mới",
    "new_name": "tên đơn vị mới",
    "nonconformity_id": "điểm không phù hợp",
    "nonconformity_ids": "các điểm không phù hợp",
    "note": "ghi chú",
    "notice_number": "số thông báo",
    "number": "số/ký hiệu",
    "occurred_on": "ngày diễn ra",
    "old_code": "mã đơn vị cũ",
    "old_tenant": "tỉnh/thành phố của đơn vị cũ",
    "old_unit_id": "đơn vị cũ",
    "operationName": "tên thao tác",
    "organisation": "cơ quan công tác",
    "organiser": "cơ quan chủ trì",
    "origin_inspection_id": "cuộc kiểm tra đã phát hiện điểm không phù hợp",
    "origin_nonconformity_id": "điểm không phù hợp chuyển kỳ",
    "outcome": "kết quả kiểm tra lại",
    "partner_unit": "đơn vị phối hợp",
    "plan_date": "ngày ban hành kế hoạch",
    "plan_number": "số kế hoạch",
    "position": "chức danh trong đoàn",
    "predecessor_ids": "các cơ quan trước đó",
    "predecessors": "các tỉnh, thành phố được hợp nhất",
    "predecessor_merged_on": "ngày hợp nhất tỉnh, thành phố trước đó",
    "programme_id": "kế hoạch kiểm tra",
    "proposals": "đề xuất, kiến nghị",
    "qms_auditor_certificate": "chứng chỉ chuyên gia đánh giá HTQLCL",
    "raised_on": "ngày ghi nhận điểm không phù hợp",
    "reason": "lý do",
    "recipient": "nơi nhận",
    "reference": "số báo cáo khắc phục",
    "report_due_on": "hạn báo cáo",
    "report_number": "số báo cáo",
    "report_received_on": "ngày nhận báo cáo khắc phục",
    "reported_on": "ngày báo cáo kết quả kiểm tra",
    "result": "kết quả đánh giá",
    "role": "vai trò trong đoàn",
    "rows": "danh sách sắp xếp",
    "scheduled": "ngày đưa vào lịch kiểm tra",
    "scheduled_on": "ngày kiểm tra dự kiến",
    "scope": "phạm vi kiểm tra",
    "search": "từ khóa tìm kiếm",
    "signed_on": "ngày ký",
    "signer": "người ký",
    "source": "bên kiến nghị",
    "standard": "tiêu chuẩn áp dụng",
    "starts_on": "ngày bắt đầu",
    "state_management_certificate": "chứng chỉ bồi dưỡng quản lý nhà nước",
    "status": "trạng thái",
    "sub": "người dùng trong mã xác thực",
    "subject": "trích yếu",
    "successor_ids": "các cơ quan kế thừa",
    "summary": "nội dung báo cáo",
    "team": "đoàn kiểm tra",
    "team_leader_signatory": "trưởng đoàn ký biên bản",
    "text": "nội dung kiến nghị",
    "title": "trích yếu",
    "to_programme_id": "kế hoạch chuyển sang",
    "to_unit_id": "đơn vị kế thừa kiểm tra lại",
    "unit_id": "cơ quan",
    "unit_signatory": "người ký biên bản cho cơ quan",
    "year": "năm kiểm tra",
    "years_of_service": "thâm niên công tác",
}
SOME_VALUE_VI = "giá trị"  # a field the table lacks (a test keeps every command's field in it)

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def field_label(name: str) -> str:
    """The Vietnamese label of the field ``name`` (a path's last step: ``member.name`` is a name; a camel-cased
    GraphQL name is read as its Python name)."""
    last = str(name).rsplit(".", 1)[-1]
    return (FIELD_LABELS_VI.get(last) or FIELD_LABELS_VI.get(_CAMEL.sub("_", last).lower())
            or SOME_VALUE_VI)


def vietnamese(value: Any, names: dict[UUID, str]) -> Any:
    """``value`` as the Vietnamese message shows it: an id by the record's name (else nothing), a date as
    dd/mm/yyyy, an enum value by its described Vietnamese words; anything else as it is."""
    if isinstance(value, UUID):
        return names.get(value, "")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Enum):
        described = member_description(value)
        return described.split(" (", 1)[0] if described else value.value
    return value


_UNNAMED = re.compile(r"\s*(?:«»|\(\))")  # the quotes or brackets a name left empty would fill
_SPACE_BEFORE = re.compile(r"\s+(?=[.,;:!?)])")


def tidy(text: str) -> str:
    """A message with the places of names nobody gave taken out ("Cơ quan «» không …" → "Cơ quan không …"),
    beginning with a capital."""
    text = _SPACE_BEFORE.sub("", re.sub(r" {2,}", " ", _UNNAMED.sub("", text))).strip()
    return text[:1].upper() + text[1:]
