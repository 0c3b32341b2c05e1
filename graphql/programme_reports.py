"""A programme's Art. 38 reports (Circular 26/2014) as it shows them, from the read model: the November
compilation of the year's results (38.1) and the immediate reports (38.2)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import strawberry


@strawberry.type(description=(
    "Số liệu tổng hợp as the November compilation counted them on its date, from the programme and its planned "
    "inspections (never typed): withdrawn nonconformities and ad-hoc inspections left out."))
class CompiledFigures:
    units_in_scope: int = strawberry.field(description="Units in the plan's scope (Mẫu 19).")
    on_site: int = strawberry.field(description="Of those, inspected on site (tại trụ sở).")
    joint: int = strawberry.field(description="Of those, inspected jointly with another team (kiểm tra lồng ghép).")
    inspected: int = strawberry.field(description="Units inspected by the compilation's date (x of x/y).")
    units_with_nonconformities: int = strawberry.field(
        description="Units with at least one nonconformity (điểm không phù hợp) raised by then.")
    units_reported: int = strawberry.field(description=(
        "Of those, the units that had sent a corrective-action report (báo cáo khắc phục) on every one by then."))
    nonconformities: int = strawberry.field(description="Nonconformities raised by then.")
    verified: int = strawberry.field(description="Of those, verified effective by then.")


@strawberry.type(description=(
    "Báo cáo tổng hợp kết quả kiểm tra (Circular 26/2014 Art. 38.1): the year's results compiled in November for "
    "the DOST's director and the provincial People's Committee (UBND tỉnh)."))
class ResultsCompilation:
    compilation_number: str = strawberry.field(description="Số/ký hiệu (\"125/BC-SKHCN\").")
    compiled_on: date = strawberry.field(description="Ngày báo cáo (the report's date).")
    signer: str = strawberry.field(description="Người ký (who signed it, with their title).")
    figures: CompiledFigures = strawberry.field(description="Số liệu (its figures, counted on its date).")
    assessment: str | None = strawberry.field(description="Đánh giá chung (its assessment beyond the figures); null: "
                                                          "none.")
    proposals: list[str] = strawberry.field(description="Đề xuất, kiến nghị (its proposals to the People's Committee).")

    @classmethod
    def of(cls, compilation: Mapping[str, Any] | None) -> ResultsCompilation | None:
        """From the read model's ``compilation`` (JSON); None when the results were not compiled."""
        if compilation is None:
            return None
        return cls(compilation_number=compilation["compilation_number"],
                   compiled_on=date.fromisoformat(compilation["compiled_on"]), signer=compilation["signer"],
                   figures=CompiledFigures(**compilation["figures"]), assessment=compilation["assessment"],
                   proposals=list(compilation["proposals"]))


@strawberry.type(description="Báo cáo đột xuất (Circular 26/2014 Art. 38.2): a report made when one was needed.")
class ImmediateReport:
    report_number: str = strawberry.field(description="Số/ký hiệu (\"140/BC-SKHCN\").")
    sent_on: date = strawberry.field(description="Ngày báo cáo (the report's date).")
    signer: str = strawberry.field(description="Người ký (who signed it, with their title).")
    recipient: str = strawberry.field(description="Nơi nhận (to whom it went).")
    subject: str = strawberry.field(description="Trích yếu (what it reports on).")
    reason: str = strawberry.field(description="Lý do (what made it needed).")

    @classmethod
    def of(cls, report: Mapping[str, Any]) -> ImmediateReport:
        return cls(report_number=report["report_number"], sent_on=date.fromisoformat(report["sent_on"]),
                   signer=report["signer"], recipient=report["recipient"], subject=report["subject"],
                   reason=report["reason"])
