"""One Vietnamese sentence per event, for the unit timeline (dates as dd/mm/yyyy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from isotrail.projections.event_record import EventRecord

FORMS = {"on_site": "tại trụ sở", "dossier": "qua hồ sơ, báo cáo"}
RESULTS = {"conforms": "phù hợp", "nonconforms": "không phù hợp", "not_applicable": "không áp dụng"}
KINDS = {
    "provincial_committee": "UBND cấp tỉnh", "provincial_committee_office": "Văn phòng UBND tỉnh",
    "provincial_department": "sở, ban, ngành cấp tỉnh", "provincial_sub_department": "chi cục, ban thuộc sở",
    "district_committee": "UBND cấp huyện", "district_office": "văn phòng, phòng chuyên môn thuộc UBND cấp huyện",
    "commune_committee": "UBND cấp xã", "public_service_unit": "đơn vị sự nghiệp công lập", "other": "đơn vị khác",
}
SOURCES = {"unit": "đơn vị", "team": "đoàn kiểm tra"}


def vn_date(iso: str | None) -> str:
    if not iso:
        return "—"
    year, month, day = iso[:10].split("-")
    return f"{day}/{month}/{year}"


def _d(e: EventRecord, name: str) -> str:
    return vn_date(e.iso(name))


def _leader(e: EventRecord) -> str:
    return next((member["name"] for member in e.get("team") if member["role"] == "team_leader"), "—")


def _signatories(e: EventRecord) -> str:
    """Who signed the minutes (Mẫu 21): the team leader, recorded since the minutes name both sides."""
    if e.team_leader_signatory is None:
        return f" (đại diện đơn vị: {e.unit_signatory})"
    return f" (trưởng đoàn: {e.team_leader_signatory}; đại diện đơn vị: {e.unit_signatory})"


def _compiled(e: EventRecord) -> str:
    """Art. 38.1's compilation with the seed article's figures: x/y inspected, with nonconformities, reported."""
    f = e.get("figures")
    return (f"Tổng hợp kết quả kiểm tra {e.compilation_number} báo cáo Giám đốc Sở và UBND tỉnh ({e.signer} ký): "
            f"đã kiểm tra {f['inspected']}/{f['units_in_scope']} đơn vị; {f['units_with_nonconformities']}/"
            f"{f['units_in_scope']} đơn vị có điểm không phù hợp, {f['units_reported']}/"
            f"{f['units_with_nonconformities']} đơn vị đã gửi báo cáo khắc phục.")


def _plan(refs: dict[UUID, dict[str, Any]], programme_id: Any) -> str:
    return (refs.get(programme_id) or {}).get("label") or "kiểm tra"


def _unit(refs: dict[UUID, dict[str, Any]], unit_id: Any) -> str:
    return f"«{label}»" if (label := (refs.get(unit_id) or {}).get("label")) else ""


def _by(e: EventRecord) -> str:
    """The decision that ordered a lineage event, as its sentence ends (nothing for one recorded without)."""
    decision = e.get("decision")
    if not decision:
        return ""
    return f" theo quyết định {decision['number']} ngày {vn_date(decision['signed_on'])}"


def _qms(e: EventRecord) -> str:
    facts = e.get("facts")
    return (f"Cập nhật thông tin HTQLCL: áp dụng {facts['standard']}, công bố ngày "
            f"{vn_date(facts['announced_on'])}, đánh giá nội bộ gần nhất {vn_date(facts['last_internal_audit_on'])}, "
            f"xem xét của lãnh đạo gần nhất {vn_date(facts['last_management_review_on'])}.")


def _added(e: EventRecord, refs: dict[UUID, dict[str, Any]]) -> str:
    entry = e.get("entry")
    joint = f", kiểm tra lồng ghép với {entry['joint_team']}" if entry["joint_team"] else ""
    return (f"Được đưa vào kế hoạch {_plan(refs, e.aggregate_id)}, hình thức kiểm tra "
            f"{FORMS.get(entry['form'], entry['form'])}{joint}.")


def _member(e: EventRecord) -> str:
    member = e.get("member")
    return f"Phân công {member['name']} ({member['position']}, {member['organisation']}) vào đoàn kiểm tra."


def _assessed(e: EventRecord) -> str:
    correction = f" (đính chính phiên bản {e.corrects_version})" if e.corrects_version else ""
    return f"Đánh giá mục {e.item_code}: {RESULTS.get(e.result, e.result)}{correction}."


def _scheduled(e: EventRecord, refs: dict[UUID, dict[str, Any]]) -> str:
    if e.ad_hoc_decision is not None:  # kiểm tra đột xuất: outside the plan, by a decision
        return (f"Lên lịch kiểm tra đột xuất ngày {_d(e, 'scheduled_on')} theo quyết định {e.ad_hoc_decision}: "
                f"{e.ad_hoc_reason}.")
    return f"Lên lịch kiểm tra ngày {_d(e, 'scheduled_on')} theo kế hoạch {_plan(refs, e.get('programme_id'))}."


_SENTENCES: dict[str, Callable[[EventRecord, dict[UUID, dict[str, Any]]], str]] = {
    "Unit.Registered": lambda e, _: f"Thêm cơ quan vào danh mục: «{e.name}» (mã {e.code}){_by(e)}.",
    "Unit.Renamed": lambda e, _: f"Đổi tên thành «{e.name}»{_by(e)}.",
    "Unit.Reclassified": lambda e, _: f"Chuyển loại đơn vị thành {KINDS.get(e.kind, e.kind)}.",
    "Unit.QmsFactsRecorded": lambda e, _: _qms(e),
    "Unit.Dissolved": lambda e, _: f"Giải thể hoặc sáp nhập: {e.reason}{_by(e)}.",
    "Unit.PredecessorsJoined": lambda e, _: (
        f"Tiếp nhận chức năng, nhiệm vụ của {len(e.get('predecessor_ids'))} đơn vị sáp nhập vào{_by(e)}."),
    "Unit.QmsShared": lambda e, _: f"Áp dụng chung hệ thống quản lý chất lượng của «{e.host_name}».",
    "Unit.QmsSharingEnded": lambda _e, _: "Thôi áp dụng chung, áp dụng hệ thống quản lý chất lượng riêng.",
    "Unit.QmsSharerJoined": lambda e, _: f"«{e.sharer_name}» áp dụng chung hệ thống quản lý chất lượng của đơn vị.",
    "Unit.QmsSharerLeft": lambda e, _: (
        f"«{e.sharer_name}» thôi áp dụng chung hệ thống quản lý chất lượng của đơn vị."),
    # a draft has no số/ký hiệu yet: the number the plan is issued under is said from its approval on
    "Programme.Drafted": lambda e, _: f"Dự thảo kế hoạch kiểm tra năm {e.year}: {e.title}.",
    "Programme.UnitAddedToScope": _added,
    "Programme.UnitRemovedFromScope": lambda e, refs: (
        f"Được đưa ra khỏi kế hoạch {_plan(refs, e.aggregate_id)}: {e.reason}."),
    "Programme.TeamMemberAssigned": lambda e, _: _member(e),
    "Programme.ScheduleSet": lambda e, _: f"Lịch kiểm tra từ {_d(e, 'starts_on')} đến {_d(e, 'ends_on')}.",
    "Programme.PlanDetailsCorrected": lambda e, _: (
        f"Đính chính thông tin kế hoạch (phiên bản {e.corrects_version}): {e.reason}."),
    "Programme.Approved": lambda e, refs: f"{e.approved_by} phê duyệt kế hoạch {_plan(refs, e.aggregate_id)}.",
    "Programme.ResultsReported": lambda e, _: f"Báo cáo kết quả kiểm tra ({e.report_number}).",
    "Programme.ResultsCompiled": lambda e, _: _compiled(e),
    "Programme.ImmediateReportSent": lambda e, _: (
        f"Báo cáo đột xuất {e.report_number} gửi {e.recipient} ({e.signer} ký): {e.subject}."),
    "Inspection.Scheduled": _scheduled,
    "Inspection.Rescheduled": lambda e, _: f"Dời lịch kiểm tra sang ngày {_d(e, 'scheduled_on')}: {e.reason}.",
    "Inspection.DecisionIssued": lambda e, _: (
        f"Ban hành quyết định kiểm tra {e.decision_number} ({e.signer} ký); trưởng đoàn: {_leader(e)}; thời gian "
        f"kiểm tra từ ngày {_d(e, 'starts_on')} đến ngày {_d(e, 'ends_on')}."),
    "Inspection.ReportRequested": lambda e, _: (
        f"Gửi công văn {e.letter_number} đề nghị đơn vị báo cáo; hạn báo cáo: {_d(e, 'report_due_on')}."),
    "Inspection.OpeningMeetingHeld": lambda e, _: (
        f"Họp mở đầu: công bố quyết định kiểm tra {e.decision_number}, thông qua chương trình làm việc "
        f"({len(e.agenda)} nội dung)."),
    "Inspection.Conducted": lambda e, _: f"Đoàn kiểm tra ({', '.join(e.inspectors)}) tiến hành kiểm tra.",
    "Inspection.ItemAssessed": lambda e, _: _assessed(e),
    "Inspection.NonconformityRaised": lambda e, _: (
        f"Ghi nhận điểm không phù hợp (mục {e.item_code}): {e.description}"),
    "Inspection.NonconformityWithdrawn": lambda e, _: f"Rút lại điểm không phù hợp ghi nhầm: {e.reason}.",
    "Inspection.MinutesSigned": lambda e, _: (
        f"Ký biên bản kiểm tra {e.minutes_number}{_signatories(e)}; hạn gửi báo cáo khắc phục: "
        f"{_d(e, 'report_due_on')}."),
    "Inspection.FindingsLetterSent": lambda e, _: f"Gửi văn bản yêu cầu khắc phục {e.letter_number}.",
    "Inspection.CorrectiveActionReportReceived": lambda e, _: (
        f"Nhận báo cáo khắc phục {e.reference} ({len(e.nonconformity_ids)} điểm không phù hợp)."),
    "Inspection.CorrectiveActionVerified": lambda e, _: "Xác nhận hành động khắc phục có hiệu lực.",
    "Inspection.CorrectiveActionNotAccepted": lambda e, _: (
        f"Thông báo chưa chấp nhận hành động khắc phục {e.notice_number}: {e.reason}; "
        "kiểm tra lại ở lần kiểm tra sau."),
    "Inspection.NonconformityCarriedOver": lambda e, refs: (
        f"Chuyển điểm không phù hợp sang kế hoạch {_plan(refs, e.get('to_programme_id'))} để kiểm tra lại"
        f"{' tại đơn vị kế thừa ' + _unit(refs, e.get('to_unit_id')) if e.get('to_unit_id') else ''}."),
    "Inspection.CarriedOverNonconformityRechecked": lambda e, _: (
        f"Kiểm tra lại điểm không phù hợp chuyển kỳ (mục {e.item_code}): "
        f"{'đã khắc phục' if e.outcome == 'resolved' else 'chưa khắc phục, ghi nhận điểm không phù hợp mới'}: "
        f"{e.note}"),
    "Inspection.RecommendationRecorded": lambda e, _: (
        f"Kiến nghị của {SOURCES.get(e.source, e.source)}: {e.text}"),
}


def describe(e: EventRecord, refs: dict[UUID, dict[str, Any]]) -> str:
    sentence = _SENTENCES.get(e.event_kind)
    return sentence(e, refs) if sentence else f"Sự kiện {e.event_kind}."
