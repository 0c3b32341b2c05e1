"""The papers of an on-site visit: the inspection decision (Quyết định kiểm tra, Mẫu 20, Circular 26/2014 Art. 35)
the DOST's director issues with the team and each member's role, and the minutes (Biên bản kiểm tra, Mẫu 21,
Art. 37) — the assessment per Art. 36 / Decision 19 item, the nonconformities by clause, the recommendations —
signed by the team leader and the inspected agency's head. Both from the inspection's file (inspection_file.py),
as blocks the shared layout prints; each refuses, saying what is missing, an inspection that cannot have it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from isotrail.domain.documents.blocks import Column, centered, heading, item, paragraph, table
from isotrail.domain.documents.corrective_action_papers import findings_letter, non_acceptance_notice
from isotrail.domain.documents.document import Document, DocumentKind, file_stem
from isotrail.domain.documents.form import Frame, Issuer, Signature
from isotrail.domain.documents.inspection_file import RESULT_VI, ROLE_VI, InspectionFile
from isotrail.domain.documents.issuers import DOST, department, people_committee, province_of
from isotrail.domain.inspection_values import RecommendationSource
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.vietnamese_dates import long_date

DECISION_VI, DECISION_EN = "Quyết định kiểm tra (Mẫu 20)", "inspection decision (Mẫu 20)"
MINUTES_VI, MINUTES_EN = "Biên bản kiểm tra (Mẫu 21)", "inspection minutes (Mẫu 21)"
TEAM_COLUMNS = (Column("TT", 7, "center"), Column("Họ và tên", 33), Column("Đơn vị công tác", 38),
                Column("Nhiệm vụ trong Đoàn", 22, "center"))
ITEM_COLUMNS = (Column("TT", 7, "center"), Column("Nội dung kiểm tra", 55), Column("Kết quả", 17, "center"),
                Column("Ghi chú", 21))
FINDING_COLUMNS = (Column("TT", 7, "center"), Column("Điều khoản", 15, "center"), Column("Yêu cầu", 30),
                   Column("Điểm không phù hợp", 48))
QMS = "hệ thống quản lý chất lượng"


def inspection_decision(file: InspectionFile, tenant_name: str) -> Document:
    """Mẫu 20 as issued on its date by the DOST's director; refused for a dossier check (it has none) and for a
    visit whose decision is not issued yet."""
    if file.form is InspectionForm.DOSSIER:
        raise file.missing(DECISION_VI, DECISION_EN,
                           f"cuộc kiểm tra {file.unit_name} là kiểm tra qua hồ sơ, báo cáo, không có quyết định "
                           "kiểm tra tại trụ sở", "a dossier check has no on-site inspection decision")
    decision = file.decision
    if decision is None:
        raise file.missing(DECISION_VI, DECISION_EN,
                           f"chưa ban hành quyết định kiểm tra tại {file.unit_name}",
                           "the inspection decision is not issued yet")
    issuer = department(tenant_name)
    province = people_committee(tenant_name).name
    frame = Frame(issuer=issuer, number=decision.number, issued_on=decision.decided_on, kind_title="Quyết định",
                  subject=f"Về việc kiểm tra việc áp dụng, duy trì và cải tiến {QMS} tại {file.unit_name}",
                  recipients=("Như Điều 4", f"{province} (để báo cáo)", "Lưu: VT"),
                  signature=Signature(position="Giám đốc", name=decision.signer))
    window = (long_date(decision.starts_on) if decision.starts_on == decision.ends_on
              else f"từ {long_date(decision.starts_on)} đến {long_date(decision.ends_on)}")
    joint = f", lồng ghép với {file.joint_team}" if file.joint_team else ""
    blocks = [
        centered(f"GIÁM ĐỐC {DOST.upper()}"),
        *(paragraph(f"Căn cứ {basis};") for basis in file.plan.legal_basis),
        paragraph(f"Căn cứ {file.plan.cited()};"),
        paragraph(f"Xét đề nghị của {file.plan.organiser},"),
        centered("QUYẾT ĐỊNH:"),
        paragraph(f"Điều 1. Kiểm tra việc xây dựng, áp dụng, duy trì và cải tiến {QMS} theo {file.plan.standard} "
                  f"tại {file.unit_name}{joint}."),
        paragraph(f"1. Nội dung kiểm tra: {decision.scope.rstrip('.')}."),
        paragraph("2. Hình thức kiểm tra: tại trụ sở cơ quan."),
        paragraph(f"3. Thời gian kiểm tra: {window}."),
        paragraph("Điều 2. Thành lập Đoàn kiểm tra gồm các ông (bà) có tên sau:"),
        table(TEAM_COLUMNS, [[str(i), m.name, m.organisation or "", ROLE_VI[m.role]]
                             for i, m in enumerate(decision.team, start=1)]),
        paragraph("Điều 3. Đoàn kiểm tra kiểm tra theo nội dung tại Điều 36 Thông tư số 26/2014/TT-BKHCN, lập biên "
                  "bản kiểm tra và báo cáo kết quả về Sở Khoa học và Công nghệ. "
                  f"{file.unit_name} chuẩn bị hồ sơ, tài liệu và bố trí làm việc với Đoàn kiểm tra. Đoàn kiểm tra "
                  "tự giải thể sau khi hoàn thành nhiệm vụ."),
        paragraph("Điều 4. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng đoàn kiểm tra, "
                  f"{file.unit_name} và các ông (bà) có tên tại Điều 2 chịu trách nhiệm thi hành Quyết định này."),
    ]
    return Document(DocumentKind.INSPECTION_DECISION, file_stem("quyet-dinh", decision.number), decision.decided_on,
                    frame, {"blocks": blocks, "unit": file.unit_name})


def inspection_minutes(file: InspectionFile, tenant_name: str) -> Document:
    """Mẫu 21 as signed on the day the findings were communicated; refused for a dossier check (a letter ends
    it), a visit not conducted, or minutes not signed yet."""
    if file.form is InspectionForm.DOSSIER:
        raise file.missing(MINUTES_VI, MINUTES_EN,
                           f"cuộc kiểm tra {file.unit_name} là kiểm tra qua hồ sơ, báo cáo, kết thúc bằng văn bản "
                           "yêu cầu khắc phục, không lập biên bản", "a dossier check ends with a letter, not minutes")
    if file.conducted_on is None:
        raise file.missing(MINUTES_VI, MINUTES_EN, f"cuộc kiểm tra tại {file.unit_name} chưa được tiến hành",
                           "the inspection is not conducted yet")
    if file.minutes_number is None or file.communicated_on is None:
        raise file.missing(MINUTES_VI, MINUTES_EN, f"biên bản kiểm tra tại {file.unit_name} chưa được ký",
                           "the minutes are not signed yet")
    level, province = province_of(tenant_name)
    issuer = Issuer(name="Đoàn kiểm tra", parent=f"{DOST} {level} {province}", place=province)
    leader = file.team_leader_signatory or (file.decision.leader if file.decision else "")
    frame = Frame(issuer=issuer, number=file.minutes_number, issued_on=file.communicated_on, kind_title="Biên bản",
                  subject=f"Kiểm tra việc áp dụng, duy trì và cải tiến {QMS} tại {file.unit_name}", recipients=(),
                  signature=Signature(position="Trưởng đoàn", authority=("ĐẠI DIỆN ĐOÀN KIỂM TRA",), name=leader),
                  countersignature=Signature(position="Thủ trưởng cơ quan",
                                             authority=("ĐẠI DIỆN CƠ QUAN ĐƯỢC KIỂM TRA",), name=file.unit_signatory),
                  dated=False)
    return Document(DocumentKind.INSPECTION_MINUTES, file_stem("bien-ban", file.minutes_number), file.communicated_on,
                    frame, {"blocks": _minutes_blocks(file), "unit": file.unit_name,
                            "nonconformities": len(file.findings)})


def _minutes_blocks(file: InspectionFile) -> list[dict[str, Any]]:
    unit, decision = file.unit_name, file.decision
    basis = (f"Căn cứ Quyết định số {decision.number} {long_date(decision.decided_on)} của {decision.signer} về "
             f"việc kiểm tra việc áp dụng, duy trì và cải tiến {QMS} tại {unit};" if decision
             else f"Căn cứ {file.plan.cited()};")
    team = ([f"{m.name}{', ' + m.organisation if m.organisation else ''}: {ROLE_VI[m.role]}." for m in decision.team]
            if decision else [f"{name}." for name in file.inspectors])
    unit_said = [text for source, text in file.recommendations if source is RecommendationSource.UNIT]
    team_said = [text for source, text in file.recommendations if source is RecommendationSource.TEAM]
    blocks = [
        paragraph(basis),
        paragraph(f"Hôm nay, {long_date(file.conducted_on)}, tại trụ sở {unit}, Đoàn kiểm tra tiến hành kiểm tra việc "
                  f"xây dựng, áp dụng, duy trì và cải tiến {QMS} theo {file.plan.standard} và việc thực hiện Quyết "
                  "định số 19/2014/QĐ-TTg" + (f" (kiểm tra lồng ghép với {file.joint_team})" if file.joint_team
                                              else "") + "."),
        heading("I. THÀNH PHẦN"),
        paragraph("1. Đoàn kiểm tra:"),
        *(item(line) for line in team),
        paragraph(f"2. Đại diện {unit}:"),
        item(f"{file.unit_signatory or ''}."),
        heading("II. NỘI DUNG VÀ KẾT QUẢ KIỂM TRA"),
        paragraph("1. Kết quả kiểm tra theo nội dung tại Điều 36 Thông tư số 26/2014/TT-BKHCN:"),
        table(ITEM_COLUMNS, [[str(i), a.title, RESULT_VI[a.result], a.note or ""]
                             for i, a in enumerate(file.assessments, start=1)]),
    ]
    if file.findings:
        blocks += [paragraph(f"2. Điểm không phù hợp: {len(file.findings)} điểm, cụ thể:"),
                   table(FINDING_COLUMNS, [[str(i), f.reference, f.item_title, f.description]
                                           for i, f in enumerate(file.findings, start=1)])]
    else:
        blocks.append(paragraph("2. Điểm không phù hợp: Đoàn kiểm tra không phát hiện điểm không phù hợp."))
    blocks.append(heading("III. KIẾN NGHỊ CỦA ĐOÀN KIỂM TRA"))
    if file.findings and file.report_due_on:
        blocks.append(paragraph(
            f"Đề nghị {unit} thực hiện hành động khắc phục các điểm không phù hợp nêu tại mục II và gửi báo cáo kết "
            f"quả khắc phục về Sở Khoa học và Công nghệ trước {long_date(file.report_due_on)} (Điều 37 Thông tư số "
            "26/2014/TT-BKHCN)."))
    blocks += [item(text) for text in team_said]
    if not (file.findings or team_said):
        blocks.append(paragraph(f"Đề nghị {unit} tiếp tục duy trì và cải tiến {QMS}."))
    blocks += [heading("IV. Ý KIẾN CỦA CƠ QUAN ĐƯỢC KIỂM TRA"),
               *([item(text) for text in unit_said] or
                 [paragraph(f"{unit} nhất trí với kết quả kiểm tra.")]),
               paragraph(f"Biên bản kết thúc {long_date(file.communicated_on)}, được lập thành 02 bản có giá trị "
                         f"như nhau, Đoàn kiểm tra giữ 01 bản, {unit} giữ 01 bản; đã được đọc lại cho những người "
                         "có tên trên cùng nghe và nhất trí ký tên.")]
    return blocks


def inspection_paper(kind: DocumentKind, file: InspectionFile, tenant_name: str, number: str | None = None) -> Document:
    """The ``kind`` of paper (one of INSPECTION_PAPERS) of the inspection's file; ``number`` picks a notice."""
    if kind is DocumentKind.NON_ACCEPTANCE_NOTICE:
        paper = non_acceptance_notice(file, tenant_name, number)
    else:
        paper = INSPECTION_PAPERS[kind](file, tenant_name)
    return paper.of(UUID(str(file.inspection_id)), file.unit_id)  # a driver's UUID type, made Python's


INSPECTION_PAPERS = {DocumentKind.INSPECTION_DECISION: inspection_decision,
                     DocumentKind.INSPECTION_MINUTES: inspection_minutes,
                     DocumentKind.FINDINGS_LETTER: findings_letter,
                     DocumentKind.NON_ACCEPTANCE_NOTICE: non_acceptance_notice}
