"""Errors of carrying a nonconformity over to a later programme, across a merger too, and of re-checking it there
(Circular 26/2014, Art. 37; domain/carried_over.py)."""

from __future__ import annotations

from isotrail.domain.errors import DomainError


class ProgrammeEarlierError(DomainError):
    """A nonconformity is carried over to a later programme, never to one of an earlier year."""

    code = "programme_earlier"
    template_vi = "Kế hoạch kiểm tra năm {to_year} có trước năm {from_year}, năm điểm không phù hợp được phát hiện."
    template_en = "The programme of {to_year} is of a year before the nonconformity's programme of {from_year}."


class ProgrammeBeforeMergerError(DomainError):
    """A successor verifies its predecessor's nonconformities in a programme of a year the merger has begun."""

    code = "programme_before_merger"
    template_vi = ("Kế hoạch kiểm tra năm {to_year} có trước ngày hợp nhất tỉnh ({effective_on}): không thể kiểm tra "
                   "lại điểm không phù hợp của tỉnh cũ.")
    template_en = ("The programme of {to_year} is of a year before the merger took effect ({effective_on}): it "
                   "cannot re-check the former province's nonconformity.")


class NotASuccessorUnitError(DomainError):
    """The unit a nonconformity is carried to must carry on the duties of the unit it was raised at."""

    code = "not_a_successor_unit"
    field = "to_unit_id"
    template_vi = "Cơ quan «{to_unit_id}» không phải cơ quan kế thừa của cơ quan «{unit_id}»."
    template_en = "Unit {to_unit_id} is not a successor of unit {unit_id}."


class NotCarriedHereError(DomainError):
    """Only a nonconformity carried over to this inspection's programme and unit is re-checked in it."""

    code = "not_carried_here"
    field = "origin_nonconformity_id"
    template_vi = "Điểm không phù hợp ({nonconformity_id}) không được chuyển sang cuộc kiểm tra «{inspection_id}»."
    template_en = "Nonconformity {nonconformity_id} was not carried over to inspection {inspection_id}."


class AlreadyRecheckedError(DomainError):
    """A carried-over nonconformity is re-checked once in the inspection it was carried to."""

    code = "already_rechecked"
    field = "origin_nonconformity_id"
    template_vi = "Điểm không phù hợp chuyển kỳ ({nonconformity_id}) đã được kiểm tra lại ngày {rechecked_on}."
    template_en = "Carried-over nonconformity {nonconformity_id} was re-checked on {rechecked_on}."
