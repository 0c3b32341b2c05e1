"""Programme: one tenant's yearly inspection plan (kế hoạch kiểm tra, form Mẫu 19 of Circular 26/2014).

Over 300 lines on purpose: only the aggregate is left — its nested event classes, which are the stored
contract (their topics name this module, so moving one needs topic aliases for the events already stored),
and its commands. Its rules, values and errors live beside it: ``on_site_share``, ``programme_year``,
``programme_values``, ``programme_errors``, ``plan_funding``, ``ad_hoc_inspection``, ``plan_coverage``; its
Art. 38 reports and the guards of its stages in its base, ``programme_records``.

Drafted by the DOST's standards unit, approved by the People's Committee, carried out as one
inspection per unit in scope, its results compiled in November (Art. 38.1), and closed by the year's report
of its results (Decision 19/2014 Art. 12: the December report to the Ministry on Phụ lục II).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import event

from isotrail.domain.ad_hoc_inspection import AdHocGround, ad_hoc_ground
from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.codes import clean_code
from isotrail.domain.identity import natural_id
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.inspection import Inspection
from isotrail.domain.on_site_share import require_on_site_share
from isotrail.domain.plan_coverage import MissingUnit, UncoveredUnit, covered_on_site, mandatory_units, uncovered_units
from isotrail.domain.plan_funding import plan_funding
from isotrail.domain.programme_errors import (
    DuplicateUnitInScopeError,
    EmptyScopeError,
    ProgrammeAlreadyReportedError,
    UnitNotInScopeError,
)
from isotrail.domain.programme_records import ProgrammeRecords
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus, ScopeEntry, TeamMember
from isotrail.domain.programme_year import require_plan_date_in_year, require_plausible_year
from isotrail.domain.team_members import qualified_member
from isotrail.domain.text import clean_optional_text, clean_text

if TYPE_CHECKING:
    from isotrail.domain.unit import Unit


class Programme(ProgrammeRecords):
    # the plan's funding and partner (plan_funding); snapshots taken before they were recorded have none
    budget_vnd: int | None = None
    budget_source: str | None = None
    partner_unit: str | None = None
    # Art. 33's coverage as approved (plan_coverage); None: a draft, or approved before coverage was checked
    mandatory_count: int | None = None
    uncovered_units: list[UncoveredUnit] | None = None

    class Drafted(IsotrailAggregate.Created):
        tenant: str
        code: str
        year: int
        title: str
        plan_number: str
        plan_date: date
        legal_basis: list[str]
        standard: str
        catalogue_version: str
        organiser: str
        budget_vnd: int | None = None  # recorded since Art. 34's funding; older events have none
        budget_source: str | None = None
        partner_unit: str | None = None

    class UnitAddedToScope(IsotrailAggregate.Event):
        entry: ScopeEntry

    class UnitRemovedFromScope(IsotrailAggregate.Event):
        unit_id: UUID
        reason: str

    class TeamMemberAssigned(IsotrailAggregate.Event):
        member: TeamMember

    class ScheduleSet(IsotrailAggregate.Event):
        starts_on: date
        ends_on: date

    class PlanDetailsCorrected(IsotrailAggregate.Event):
        corrects_version: int
        title: str
        plan_number: str
        plan_date: date
        reason: str
        budget_vnd: int | None = None  # recorded since Art. 34's funding; older events have none
        budget_source: str | None = None
        partner_unit: str | None = None

    class Approved(IsotrailAggregate.Event):
        approved_by: str
        mandatory_count: int | None = None  # recorded since Art. 33's coverage check; older events have none
        uncovered_units: list[UncoveredUnit] | None = None

    class ResultsReported(IsotrailAggregate.Event):
        report_number: str
        summary: str
        proposals: list[str]
        signer: str | None = None  # recorded since Art. 39's references; older events have none

    @staticmethod
    def create_id(tenant: str, code: str) -> UUID:
        return natural_id("programme", tenant, code)

    @classmethod
    def draft(
        cls,
        *,
        tenant: str,
        code: str,
        year: int,
        title: str,
        plan_number: str,
        plan_date: date,
        legal_basis: list[str],
        standard: str,
        catalogue_version: str,
        organiser: str,
        occurred_on: date,
        budget_vnd: int | None = None,
        budget_source: str | None = None,
        partner_unit: str | None = None,
    ) -> Programme:
        require_plausible_year(year)
        require_plan_date_in_year(plan_date, year)
        if occurred_on > plan_date:
            raise DatesOutOfOrderError(earlier_name="occurred_on", earlier=occurred_on,
                                       later_name="plan_date", later=plan_date)
        return cls(
            tenant=tenant,
            code=clean_code(code, "code"),
            year=year,
            title=clean_text(title, "title", max_length=500),
            plan_number=clean_text(plan_number, "plan_number", max_length=100),
            plan_date=plan_date,
            legal_basis=[clean_text(basis, "legal_basis", max_length=300) for basis in legal_basis],
            standard=clean_text(standard, "standard", max_length=100),
            catalogue_version=clean_code(catalogue_version, "catalogue_version"),
            organiser=clean_text(organiser, "organiser", max_length=300),
            occurred_on=occurred_on,
            **vars(plan_funding(budget_vnd, budget_source, partner_unit)),
        )

    @event(Drafted)
    def __init__(
        self,
        tenant: str,
        code: str,
        year: int,
        title: str,
        plan_number: str,
        plan_date: date,
        legal_basis: list[str],
        standard: str,
        catalogue_version: str,
        organiser: str,
        occurred_on: date,
        budget_vnd: int | None = None,
        budget_source: str | None = None,
        partner_unit: str | None = None,
    ) -> None:
        self.tenant = tenant
        self.code = code
        self.year = year
        self.title = title
        self.plan_number = plan_number
        self.plan_date = plan_date
        self.legal_basis = list(legal_basis)
        self.standard = standard
        self.catalogue_version = catalogue_version
        self.organiser = organiser
        self.budget_vnd, self.budget_source, self.partner_unit = budget_vnd, budget_source, partner_unit
        self.scope: dict[UUID, ScopeEntry] = {}
        self.team: list[TeamMember] = []
        self.starts_on: date | None = None
        self.ends_on: date | None = None
        self.status = ProgrammeStatus.DRAFT
        self.approved_on: date | None = None
        self.reported_on: date | None = None
        self.header_versions = [self.version]  # the events that set the plan's header (1 = Drafted)

    # Drafting -------------------------------------------------------------------------------

    def add_unit(
        self, unit_id: UUID, form: InspectionForm, *, occurred_on: date, joint_team: str | None = None
    ) -> None:
        self._require_draft()
        if unit_id in self.scope:
            raise DuplicateUnitInScopeError(programme_id=self.id, unit_id=unit_id)
        entry = ScopeEntry(unit_id, InspectionForm(form),
                           clean_optional_text(joint_team, "joint_team", max_length=300))
        self._unit_added_to_scope(entry=entry, occurred_on=occurred_on)

    @event(UnitAddedToScope)
    def _unit_added_to_scope(self, entry: ScopeEntry, occurred_on: date) -> None:
        self.scope[entry.unit_id] = entry

    def remove_unit(self, unit_id: UUID, *, reason: str, occurred_on: date) -> None:
        self._require_draft()
        if unit_id not in self.scope:
            raise UnitNotInScopeError(programme_id=self.id, unit_id=unit_id)
        self._unit_removed_from_scope(unit_id=unit_id, reason=clean_text(reason, "reason", multiline=True),
                                      occurred_on=occurred_on)

    @event(UnitRemovedFromScope)
    def _unit_removed_from_scope(self, unit_id: UUID, reason: str, occurred_on: date) -> None:
        del self.scope[unit_id]

    def assign_team_member(self, member: TeamMember, *, occurred_on: date) -> None:
        """Art. 40: the member presents each qualification the article asks for (``team_members``)."""
        self._require_draft()
        self._team_member_assigned(member=qualified_member(member), occurred_on=occurred_on)

    @event(TeamMemberAssigned)
    def _team_member_assigned(self, member: TeamMember, occurred_on: date) -> None:
        self.team.append(member)

    def set_schedule(self, starts_on: date, ends_on: date, *, occurred_on: date) -> None:
        self._require_draft()
        if starts_on < self.plan_date:
            raise DatesOutOfOrderError(earlier_name="plan_date", earlier=self.plan_date,
                                       later_name="starts_on", later=starts_on)
        if ends_on < starts_on:
            raise DatesOutOfOrderError(earlier_name="starts_on", earlier=starts_on,
                                       later_name="ends_on", later=ends_on)
        self._schedule_set(starts_on=starts_on, ends_on=ends_on, occurred_on=occurred_on)

    @event(ScheduleSet)
    def _schedule_set(self, starts_on: date, ends_on: date, occurred_on: date) -> None:
        self.starts_on = starts_on
        self.ends_on = ends_on

    def correct_plan_details(
        self, *, corrects_version: int, title: str, plan_number: str, plan_date: date, reason: str,
        occurred_on: date, budget_vnd: int | None = None, budget_source: str | None = None,
        partner_unit: str | None = None,
    ) -> None:
        """Fix a mistake in the plan's header, funding and partner included (the correction gives them all);
        it names the header event it corrects."""
        if corrects_version not in self.header_versions:
            raise InvalidValueError(field_name="corrects_version",
                                    reason_vi="không phải phiên bản ghi thông tin chung của kế hoạch",
                                    reason_en="not a version that recorded the plan's header")
        require_plan_date_in_year(plan_date, self.year)
        if self.approved_on is not None and plan_date > self.approved_on:
            raise DatesOutOfOrderError(earlier_name="plan_date", earlier=plan_date,
                                       later_name="approved_on", later=self.approved_on)
        self._plan_details_corrected(
            corrects_version=corrects_version,
            title=clean_text(title, "title", max_length=500),
            plan_number=clean_text(plan_number, "plan_number", max_length=100),
            plan_date=plan_date,
            reason=clean_text(reason, "reason", multiline=True),
            occurred_on=occurred_on,
            **vars(plan_funding(budget_vnd, budget_source, partner_unit)),
        )

    @event(PlanDetailsCorrected)
    def _plan_details_corrected(
        self, corrects_version: int, title: str, plan_number: str, plan_date: date, reason: str,
        occurred_on: date, budget_vnd: int | None = None, budget_source: str | None = None,
        partner_unit: str | None = None,
    ) -> None:
        self.title = title
        self.plan_number = plan_number
        self.plan_date = plan_date
        self.budget_vnd, self.budget_source, self.partner_unit = budget_vnd, budget_source, partner_unit
        self.header_versions.append(self.version + 1)

    # Approval and after -----------------------------------------------------------------------

    def approve(self, *, approved_by: str, occurred_on: date, register: Iterable[Unit],
                acknowledged_missing_units: Sequence[MissingUnit] = ()) -> None:
        """The People's Committee approves the plan; Art. 33 is checked here against the tenant's ``register`` of
        units as stored: every unit bound to apply a QMS on the plan's date is in scope (or knowingly left out,
        each named in ``acknowledged_missing_units`` with its reason: ``plan_coverage``; a unit applying another's
        shared QMS is covered by its host's entry, in its form), and at least a third of them are inspected on
        site (``on_site_share``)."""
        self._require_draft()
        if not self.scope:
            raise EmptyScopeError(programme_id=self.id)
        if occurred_on < self.plan_date:
            raise DatesOutOfOrderError(earlier_name="plan_date", earlier=self.plan_date,
                                       later_name="approved_on", later=occurred_on)
        units = list(register)
        mandatory = mandatory_units(units, self.plan_date)
        uncovered = uncovered_units(mandatory, self.scope, self.plan_date, acknowledged_missing_units, units)
        require_on_site_share(sum(1 for unit in mandatory if covered_on_site(unit, self._on_site)), len(mandatory))
        self._approved(approved_by=clean_text(approved_by, "approved_by", max_length=300),
                       mandatory_count=len(mandatory), uncovered_units=uncovered, occurred_on=occurred_on)

    @event(Approved)
    def _approved(self, approved_by: str, occurred_on: date, mandatory_count: int | None = None,
                  uncovered_units: list[UncoveredUnit] | None = None) -> None:
        self.status = ProgrammeStatus.APPROVED
        self.approved_on = occurred_on
        self.mandatory_count = mandatory_count
        self.uncovered_units = None if uncovered_units is None else list(uncovered_units)

    def schedule_inspection(self, unit_id: UUID, *, scheduled_on: date, occurred_on: date) -> Inspection:
        """A new inspection of a unit in scope, in the form and with the team the plan gives it; the team's
        members who work for the unit are its own staff, who may not inspect it."""
        self._require_approved()
        entry = self.scope.get(unit_id)
        if entry is None:
            raise UnitNotInScopeError(programme_id=self.id, unit_id=unit_id)
        return self._inspection(entry, scheduled_on=scheduled_on, occurred_on=occurred_on)

    def schedule_ad_hoc_inspection(
        self, unit_id: UUID, form: InspectionForm, *, reason: str, decision_number: str, scheduled_on: date,
        occurred_on: date,
    ) -> Inspection:
        """Kiểm tra đột xuất (Art. 34.1.c): an inspection of a unit outside the approved plan's scope, with the
        plan's catalogue and team, for a reason and by a decision (``ad_hoc_inspection``); a unit in scope is
        inspected as planned."""
        self._require_approved()
        if unit_id in self.scope:
            raise DuplicateUnitInScopeError(programme_id=self.id, unit_id=unit_id)
        return self._inspection(ScopeEntry(unit_id, InspectionForm(form)), scheduled_on=scheduled_on,
                                occurred_on=occurred_on, ground=ad_hoc_ground(reason, decision_number))

    def _inspection(self, entry: ScopeEntry, *, scheduled_on: date, occurred_on: date,
                    ground: AdHocGround | None = None) -> Inspection:
        """A new inspection of the entry's unit; the team's members who work for the unit are its own staff,
        who may not inspect it."""
        if scheduled_on < self.plan_date:
            raise DatesOutOfOrderError(earlier_name="plan_date", earlier=self.plan_date,
                                       later_name="scheduled_on", later=scheduled_on)
        return Inspection.schedule(
            tenant=self.tenant, programme_id=self.id, entry=entry, catalogue_version=self.catalogue_version,
            scheduled_on=scheduled_on, occurred_on=occurred_on, ground=ground,
            own_staff=[member.name for member in self.team if member.unit_id == entry.unit_id])

    def report_results(
        self, *, report_number: str, summary: str, proposals: list[str], occurred_on: date,
        signer: str | None = None,
    ) -> None:
        """The year's report of its results (Decision 19/2014 Art. 12: in December, to the Ministry, on Phụ lục
        II), after the November compilation if there was one; the programme is then closed."""
        if self.status is ProgrammeStatus.REPORTED:
            raise ProgrammeAlreadyReportedError(programme_id=self.id)
        self._require_approved()
        if self.compiled_on is not None and occurred_on < self.compiled_on:
            raise DatesOutOfOrderError(earlier_name="compiled_on", earlier=self.compiled_on,
                                       later_name="reported_on", later=occurred_on)
        if self.approved_on is not None and occurred_on < self.approved_on:
            raise DatesOutOfOrderError(earlier_name="approved_on", earlier=self.approved_on,
                                       later_name="reported_on", later=occurred_on)
        self._results_reported(
            report_number=clean_text(report_number, "report_number", max_length=100),
            summary=clean_text(summary, "summary", max_length=20000, multiline=True),
            proposals=[clean_text(proposal, "proposals", multiline=True) for proposal in proposals],
            occurred_on=occurred_on, signer=clean_optional_text(signer, "signer", max_length=200),
        )

    @event(ResultsReported)
    def _results_reported(
        self, report_number: str, summary: str, proposals: list[str], occurred_on: date, signer: str | None = None
    ) -> None:
        self.status = ProgrammeStatus.REPORTED
        self.reported_on = occurred_on

    # Queries ----------------------------------------------------------------------------------

    @property
    def on_site_count(self) -> int:
        return sum(1 for entry in self.scope.values() if entry.form == InspectionForm.ON_SITE)

    def _on_site(self, unit_id: UUID) -> bool:
        entry = self.scope.get(unit_id)
        return entry is not None and entry.form == InspectionForm.ON_SITE

    @property
    def joint_count(self) -> int:
        return sum(1 for entry in self.scope.values() if entry.is_joint)
