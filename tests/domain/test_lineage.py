"""A successor's lineage (domain/lineage.py): the logs its read models fold, their ids kept apart."""

from __future__ import annotations

from isotrail.domain.lineage import BANDS, LOG_SPAN, LogSource, logged_id, projection_of
from isotrail.domain.tenancy import Tenant

CAN_THO, SOC_TRANG, HAU_GIANG = LogSource(Tenant("can_tho")), LogSource(Tenant("soc_trang"), 1), LogSource(
    Tenant("hau_giang"), 2)


def test_the_successors_own_log_is_folded_as_it_always_was() -> None:
    assert CAN_THO.folded(42) == 42 == CAN_THO.stored(42) and CAN_THO.tracking("audit") == "audit"


def test_each_predecessors_ids_fall_below_zero_in_a_band_of_their_own_and_come_back_as_stored() -> None:
    firsts = [source.folded(1) for source in (SOC_TRANG, HAU_GIANG, CAN_THO)]
    lasts = [source.folded(LOG_SPAN - 1) for source in (SOC_TRANG, HAU_GIANG, CAN_THO)]
    assert firsts[0] < lasts[0] < firsts[1] < lasts[1] < 0 < firsts[2]  # merged first (lower number), sorted first
    assert LogSource(Tenant("vi_thanh"), BANDS - 1).folded(LOG_SPAN - 1) < 0 and SOC_TRANG.folded(1) >= -(1 << 63)
    for source in (SOC_TRANG, HAU_GIANG):
        assert source.stored(source.folded(7)) == 7 == logged_id(source.folded(7)) and source.stored(7) == 7


def test_a_predecessors_position_row_names_its_projection_and_its_tenant() -> None:
    assert SOC_TRANG.tracking("audit") == "audit@soc_trang"
    assert projection_of("audit@soc_trang") == "audit" == projection_of("audit")
