"""The records an inspection file keeps (hồ sơ kiểm tra, Circular 26/2014 Art. 39): each is referenced by the event
that recorded it — its number in the số/ký hiệu form where it has one, its date, its signer where recorded — so
that the documents can be printed from them and an auditor can find them. The read side lists them
(projections/audit_records.py)."""

from __future__ import annotations

from enum import StrEnum

from isotrail.domain.described import describe_members


class RecordKind(StrEnum):
    """Loại hồ sơ (the kind of a kept record), in the order a year produces them."""

    PLAN = "plan"
    PLAN_APPROVAL = "plan_approval"
    AD_HOC_DECISION = "ad_hoc_decision"
    REPORT_REQUEST = "report_request"
    INSPECTION_DECISION = "inspection_decision"
    MINUTES = "minutes"
    FINDINGS_LETTER = "findings_letter"
    CORRECTIVE_ACTION_REPORT = "corrective_action_report"
    ACCEPTANCE = "acceptance"
    NON_ACCEPTANCE_NOTICE = "non_acceptance_notice"
    IMMEDIATE_REPORT = "immediate_report"
    COMPILATION = "compilation"
    RESULTS_REPORT = "results_report"


describe_members(RecordKind, {
    RecordKind.PLAN: "Kế hoạch kiểm tra (the plan, Mẫu 19): its number and date as last corrected (đính chính).",
    RecordKind.PLAN_APPROVAL: "Phê duyệt kế hoạch (the plan's approval): dated, its signer the body that approved it; "
                              "no number recorded.",
    RecordKind.AD_HOC_DECISION: "Quyết định kiểm tra đột xuất (the decision ordering an ad-hoc inspection, Art. "
                                "34.1.c), dated when the inspection was scheduled.",
    RecordKind.REPORT_REQUEST: "Công văn đề nghị báo cáo (a letter asking the unit to report, Art. 35).",
    RecordKind.INSPECTION_DECISION: "Quyết định kiểm tra (the inspection decision, Mẫu 20, Art. 35).",
    RecordKind.MINUTES: "Biên bản kiểm tra (the minutes, Mẫu 21, Art. 37): signed by the team leader and, as "
                        "co-signer, the unit's head.",
    RecordKind.FINDINGS_LETTER: "Văn bản yêu cầu khắc phục (the letter ending a dossier check, Art. 37).",
    RecordKind.CORRECTIVE_ACTION_REPORT: "Báo cáo khắc phục (a unit's corrective-action report, Art. 37), by the "
                                         "reference the unit gave it, dated when received.",
    RecordKind.ACCEPTANCE: "Xác nhận, thông báo chấp nhận hành động khắc phục (a corrective action verified "
                           "effective, Art. 37): with its notice's number when one was recorded.",
    RecordKind.NON_ACCEPTANCE_NOTICE: "Thông báo chưa chấp nhận hành động khắc phục (the notice of non-acceptance, "
                                      "Art. 37).",
    RecordKind.IMMEDIATE_REPORT: "Báo cáo đột xuất (an immediate report, Art. 38.2).",
    RecordKind.COMPILATION: "Báo cáo tổng hợp kết quả kiểm tra (the November compilation for the DOST's director "
                            "and the People's Committee, Art. 38.1).",
    RecordKind.RESULTS_REPORT: "Báo cáo kết quả kiểm tra năm (the year's closing report: Decision 19/2014 Art. 12, "
                               "December, Phụ lục II).",
})
