"""``EventType``: every kind of event the event store holds, generated from the domain aggregates' event
classes (projections/event_kinds.py's ``EVENT_CLASSES``), each named by its aggregate and class
(``Unit.QmsFactsRecorded`` → ``UNIT_QMS_FACTS_RECORDED``) and described with its Vietnamese term. A kind
the domain adds without a description here stops the schema from being built."""

from __future__ import annotations

import re
from enum import Enum

import strawberry

from isotrail.graphql.enums import described
from isotrail.projections.event_kinds import EVENT_CLASSES

TERMS = {  # each kind's Vietnamese term (English)
    "Unit.Registered": "Thêm cơ quan vào danh mục (a unit registered).",
    "Unit.Renamed": "Đổi tên đơn vị (renamed).",
    "Unit.Reclassified": "Chuyển loại đơn vị (reclassified as another kind).",
    "Unit.QmsFactsRecorded": "Cập nhật thông tin HTQLCL (what the unit declares of its quality system recorded).",
    "Unit.Dissolved": "Giải thể hoặc sáp nhập (dissolved, or merged into others).",
    "Unit.PredecessorsJoined": "Tiếp nhận đơn vị sáp nhập vào (other units' duties joined this one's; they were "
                               "dissolved into it).",
    "Unit.QmsShared": "Áp dụng chung HTQLCL (the unit applies another unit's quality system, Circular 26/2014 "
                      "Art. 6).",
    "Unit.QmsSharingEnded": "Thôi áp dụng chung HTQLCL (the unit applies a quality system of its own again).",
    "Unit.QmsSharerJoined": "Đơn vị khác áp dụng chung HTQLCL (another unit applies this unit's quality system).",
    "Unit.QmsSharerLeft": "Đơn vị khác thôi áp dụng chung HTQLCL (another unit no longer applies this unit's "
                          "quality system).",
    "Programme.Drafted": "Dự thảo kế hoạch kiểm tra (a programme drafted).",
    "Programme.UnitAddedToScope": "Đưa đơn vị vào kế hoạch (a unit added to the scope).",
    "Programme.UnitRemovedFromScope": "Đưa đơn vị ra khỏi kế hoạch (a unit removed from the scope).",
    "Programme.TeamMemberAssigned": "Phân công thành viên đoàn kiểm tra (a team member assigned).",
    "Programme.ScheduleSet": "Đặt lịch kiểm tra (the programme's schedule set).",
    "Programme.PlanDetailsCorrected": "Đính chính thông tin kế hoạch (the plan's details corrected).",
    "Programme.Approved": "Phê duyệt kế hoạch (the programme approved).",
    "Programme.ResultsReported": "Báo cáo kết quả kiểm tra (the year's results reported, closing the programme: "
                                 "Decision 19/2014 Art. 12's December report, Phụ lục II).",
    "Programme.ResultsCompiled": "Tổng hợp kết quả kiểm tra (the year's results compiled in November for the DOST's "
                                 "director and the People's Committee, Art. 38.1).",
    "Programme.ImmediateReportSent": "Báo cáo đột xuất (an immediate report made when needed, Art. 38.2).",
    "Inspection.Scheduled": "Lên lịch kiểm tra (an inspection scheduled).",
    "Inspection.Rescheduled": "Dời lịch kiểm tra (rescheduled).",
    "Inspection.Conducted": "Tiến hành kiểm tra (conducted).",
    "Inspection.ItemAssessed": "Đánh giá mục kiểm tra (a check item assessed).",
    "Inspection.NonconformityRaised": "Ghi nhận điểm không phù hợp (a nonconformity raised).",
    "Inspection.NonconformityWithdrawn": "Rút lại điểm không phù hợp (a nonconformity withdrawn).",
    "Inspection.ReportRequested": "Gửi công văn đề nghị báo cáo (the unit asked to report, Art. 35).",
    "Inspection.OpeningMeetingHeld": "Họp mở đầu (the opening meeting: the decision announced, the agenda given).",
    "Inspection.DecisionIssued": "Ban hành quyết định kiểm tra (the inspection decision issued, Mẫu 20).",
    "Inspection.MinutesSigned": "Ký biên bản kiểm tra (the minutes signed).",
    "Inspection.FindingsLetterSent": "Gửi văn bản thông báo kết quả (the findings letter sent).",
    "Inspection.CorrectiveActionReportReceived": "Nhận báo cáo khắc phục (a corrective-action report received).",
    "Inspection.CorrectiveActionVerified": "Xác nhận khắc phục (corrective action verified).",
    "Inspection.CorrectiveActionNotAccepted": "Không chấp nhận kết quả khắc phục (corrective action not accepted).",
    "Inspection.NonconformityCarriedOver": "Chuyển điểm không phù hợp sang kế hoạch sau (a nonconformity carried "
                                           "over).",
    "Inspection.CarriedOverNonconformityRechecked": "Kiểm tra lại điểm không phù hợp chuyển kỳ (a nonconformity "
                                                    "carried over re-checked: resolved or still nonconforming).",
    "Inspection.RecommendationRecorded": "Ghi nhận kiến nghị (a recommendation recorded).",
    "DocumentTemplate.Opened": "Tạo mẫu văn bản của tỉnh (a province's own template begun for a kind of document).",
    "DocumentTemplate.Uploaded": "Tải lên mẫu văn bản (a new version of the province's template accepted).",
    "IssuedDocument.Issued": "Lập văn bản (a document handed out as a file: which, by whom, from which template).",
}
KINDS = [f"{aggregate.__name__}.{cls.__name__}" for aggregate, cls in EVENT_CLASSES.values()]


def graphql_name(kind: str) -> str:
    """``Unit.QmsFactsRecorded`` → ``UNIT_QMS_FACTS_RECORDED``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", kind.replace(".", "")).upper()


def _event_type() -> type[Enum]:
    if undescribed := set(KINDS) - set(TERMS):
        raise TypeError(f"event kinds without a description in graphql/event_types.py: {sorted(undescribed)}")
    enum = Enum("EventType", {graphql_name(kind): kind for kind in KINDS}, module=__name__)  # type: ignore[misc]
    return described(strawberry.enum(enum, description=(
        "Loại sự kiện (the kind of a stored event): its aggregate and what happened.")), TERMS)


EventType = _event_type()


def kind_of(aggregate_type: str, event_type: str) -> str:
    """The kind (``EventType``'s value) of an event of ``aggregate_type`` (``Unit``) named ``event_type``."""
    return f"{aggregate_type}.{event_type}"
