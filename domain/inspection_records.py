"""The records of an inspection besides its findings (Circular 26/2014, Art. 35): the base that
:class:`~isotrail.domain.inspection.Inspection` extends, so that the aggregate's module keeps only its
fieldwork and follow-up.

Its events are registered on the aggregate by inheritance: their topics name this module and this class
(``isotrail.domain.inspection_records:InspectionRecords.<Event>``), the stored contract of the events
recorded here; the read side knows them as ``Inspection.<Event>``.
"""

from __future__ import annotations

from datetime import date

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.input_errors import DatesOutOfOrderError


class InspectionRecords(IsotrailAggregate):
    """The inspection's records and the guards its commands share."""

    def _require_not_before(self, earlier: date, earlier_name: str, day: date) -> None:
        if day < earlier:
            raise DatesOutOfOrderError(earlier_name=earlier_name, earlier=earlier,
                                       later_name="occurred_on", later=day)
