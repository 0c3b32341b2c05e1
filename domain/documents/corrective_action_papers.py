"""The papers of corrective action (Circular 26/2014 Art. 37): the letter ending a dossier check that requires the
unit to correct its nonconformities (văn bản yêu cầu khắc phục, a công văn: no tên loại, "V/v …" under its
number, "Kính gửi" the unit), and the notice that a corrective action is not accepted (thông báo chưa chấp nhận
hành động khắc phục), which sets no new deadline: a later inspection re-checks it. Both from the inspection's
file (inspection_file.py), issued by the DOST."""

from __future__ import annotations

from isotrail.domain.documents.blocks import Column, centered, paragraph, table
from isotrail.domain.documents.document import Document, DocumentKind, file_stem
from isotrail.domain.documents.errors import NoticeNotFoundError
from isotrail.domain.documents.form import Frame, Signature
from isotrail.domain.documents.inspection_file import InspectionFile
from isotrail.domain.documents.issuers import department
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.vietnamese_dates import long_date

LETTER_VI, LETTER_EN = "Văn bản yêu cầu khắc phục", "letter requiring corrective action"
NOTICE_VI, NOTICE_EN = "Thông báo chưa chấp nhận hành động khắc phục", "notice of non-acceptance"
FINDING_COLUMNS = (Column("TT", 7, "center"), Column("Điều khoản", 15, "center"), Column("Yêu cầu", 30),
                   Column("Điểm không phù hợp", 48))
REASON_COLUMNS = (Column("TT", 7, "center"), Column("Điều khoản", 15, "center"), Column("Điểm không phù hợp", 39),
                  Column("Lý do chưa chấp nhận", 39))
ART_37 = "Điều 37 Thông tư số 26/2014/TT-BKHCN"


def findings_letter(file: InspectionFile, tenant_name: str) -> Document:
    """The letter as sent on its date; refused for an on-site visit (its minutes say it), a check not conducted,
    or a letter not sent yet."""
    if file.form is InspectionForm.ON_SITE:
        raise file.missing(LETTER_VI, LETTER_EN,
                           f"cuộc kiểm tra {file.unit_name} là kiểm tra tại trụ sở, kết thúc bằng biên bản kiểm tra "
                           "(Mẫu 21)", "an on-site inspection ends with its minutes (Mẫu 21)")
    if file.conducted_on is None:
        raise file.missing(LETTER_VI, LETTER_EN, f"cuộc kiểm tra hồ sơ của {file.unit_name} chưa được tiến hành",
                           "the dossier check is not conducted yet")
    if file.letter_number is None or file.communicated_on is None:
        raise file.missing(LETTER_VI, LETTER_EN, f"chưa gửi văn bản yêu cầu khắc phục cho {file.unit_name}",
                           "the letter is not sent yet")
    unit = file.unit_name
    frame = Frame(issuer=department(tenant_name), number=file.letter_number, issued_on=file.communicated_on,
                  kind_title="", subject="yêu cầu khắc phục điểm không phù hợp", recipients=("Như trên", "Lưu: VT"),
                  signature=Signature(position="Giám đốc", name=file.letter_signer))
    found = len(file.findings)
    blocks = [
        centered(f"Kính gửi: {unit}.", bold=False),
        paragraph(f"Thực hiện {file.plan.cited()}, Sở Khoa học và Công nghệ đã kiểm tra qua hồ sơ, báo cáo việc xây "
                  f"dựng, áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng theo {file.plan.standard} của "
                  f"{unit} ({long_date(file.conducted_on)})."),
    ]
    if found:
        blocks += [
            paragraph(f"Kết quả kiểm tra, Sở Khoa học và Công nghệ ghi nhận {found} điểm không phù hợp sau:"),
            table(FINDING_COLUMNS, [[str(i), f.reference, f.item_title, f.description]
                                    for i, f in enumerate(file.findings, start=1)]),
            paragraph(f"Đề nghị {unit} thực hiện hành động khắc phục các điểm không phù hợp nêu trên và báo cáo kết "
                      "quả về Sở Khoa học và Công nghệ; việc khắc phục được xem xét tại lần kiểm tra tiếp theo "
                      f"({ART_37})."),
        ]
    else:
        blocks.append(paragraph("Kết quả kiểm tra, Sở Khoa học và Công nghệ không phát hiện điểm không phù hợp; đề "
                                f"nghị {unit} tiếp tục duy trì và cải tiến hệ thống quản lý chất lượng."))
    blocks.append(paragraph("Trân trọng./."))
    return Document(DocumentKind.FINDINGS_LETTER, file_stem("cong-van", file.letter_number), file.communicated_on,
                    frame, {"blocks": blocks, "unit": unit, "nonconformities": found})


def non_acceptance_notice(file: InspectionFile, tenant_name: str, number: str | None = None) -> Document:
    """The notice numbered ``number`` (the inspection's only one when None); refused when the inspection has none
    yet, and :class:`NoticeNotFoundError` for a number it does not have."""
    if not file.notices:
        raise file.missing(NOTICE_VI, NOTICE_EN,
                           f"chưa có hành động khắc phục nào của {file.unit_name} bị thông báo chưa chấp nhận",
                           "no corrective action of the inspection was refused")
    chosen = [n for n in file.notices if number is None or n.number == number]
    if len(chosen) != 1:
        raise NoticeNotFoundError(number=number or "", numbers=", ".join(n.number for n in file.notices),
                                  inspection_id=file.inspection_id)
    notice, unit = chosen[0], file.unit_name
    frame = Frame(issuer=department(tenant_name), number=notice.number, issued_on=notice.issued_on,
                  kind_title="Thông báo", subject=f"Chưa chấp nhận hành động khắc phục điểm không phù hợp của {unit}",
                  recipients=(unit, "Lưu: VT"), signature=Signature(position="Giám đốc", name=notice.signer))
    communicated = (f"Biên bản kiểm tra số {file.minutes_number}" if file.minutes_number
                    else f"Văn bản số {file.letter_number}" if file.letter_number else "kết quả kiểm tra")
    since = f" {long_date(file.communicated_on)}" if file.communicated_on else ""
    blocks = [
        paragraph(f"Căn cứ {ART_37};"),
        paragraph(f"Căn cứ {communicated}{since} và báo cáo khắc phục của {unit},"),
        paragraph(f"Sở Khoa học và Công nghệ thông báo chưa chấp nhận hành động khắc phục của {unit} đối với "
                  f"{len(notice.reasons)} điểm không phù hợp sau:"),
        table(REASON_COLUMNS, [[str(i), line.reference, line.description, reason]
                               for i, (line, reason) in enumerate(notice.reasons, start=1)]),
        paragraph(f"Đề nghị {unit} tiếp tục thực hiện hành động khắc phục các điểm không phù hợp nêu trên. Việc khắc "
                  f"phục sẽ được kiểm tra lại tại lần kiểm tra tiếp theo ({ART_37})."),
    ]
    return Document(DocumentKind.NON_ACCEPTANCE_NOTICE, file_stem("thong-bao", notice.number), notice.issued_on,
                    frame, {"blocks": blocks, "unit": unit, "nonconformities": len(notice.reasons)})
