"""A lineage event stored before it carried its decision (class version 1) reads as ordered by none, on the read
side as on the write side; one stored with it says the decision in its timeline sentence and lineage link."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    UUIDAsHex,
)
from eventsourcing.utils import get_topic

from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import Decision
from isotrail.projections.audit_memory import AuditMemory
from isotrail.projections.audit_tables import UNITS
from isotrail.projections.audit_units import UNIT_HANDLERS
from isotrail.projections.event_decoding import decode_rows
from isotrail.projections.timeline_text import describe
from isotrail.services.transcodings import register_transcodings

ENVELOPE = ('"timestamp":{"_type_":"datetime_iso","_data_":"2025-07-01T08:00:00+00:00"},'
            '"occurred_on":{"_type_":"date_iso","_data_":"2025-07-01"},"meta":{"_type_":"event_meta",'
            '"_data_":{"actor_id":"a","role":"tenant_admin","tenant":"can_tho","correlation_id":"c"}},'
            '"originator_topic":"isotrail.domain.unit:Unit"')
SUCCESSOR = uuid4()
V1 = f'{{{ENVELOPE},"successor_ids":[{{"_type_":"uuid_hex","_data_":"{SUCCESSOR.hex}"}}],"reason":"Sáp nhập"}}'
V2 = (V1[:-1] + ',"class_version":2,"decision":{"_type_":"decision","_data_":{"number":"1234/QĐ-UBND",'
      '"signed_on":{"_type_":"date_iso","_data_":"2025-06-30"}}}}')
TOPIC = get_topic(Unit.Dissolved)


def test_a_dissolution_stored_without_its_decision_reads_as_ordered_by_none_and_one_with_it_says_it() -> None:
    unit_id = uuid4()
    old, new = decode_rows([(1, unit_id, 2, TOPIC, V1.encode()), (2, unit_id, 2, TOPIC, V2.encode())])
    assert old.get("decision") is None
    assert describe(old, {}) == "Giải thể hoặc sáp nhập: Sáp nhập."
    assert describe(new, {}) == "Giải thể hoặc sáp nhập: Sáp nhập theo quyết định 1234/QĐ-UBND ngày 30/06/2025."
    memory = AuditMemory()
    memory.put(UNITS.name, (unit_id,), {"unit_id": unit_id, "lineage": None, "version": 1})
    UNIT_HANDLERS["Unit.Dissolved"](memory, new)
    assert memory.rows[UNITS.name][(unit_id,)]["lineage"] == [{
        "direction": "successor", "unit_id": str(SUCCESSOR), "decision_number": "1234/QĐ-UBND",
        "decision_signed_on": "2025-06-30", "effective_on": "2025-07-01"}]


def test_the_write_side_upcasts_a_dissolution_stored_without_its_decision() -> None:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DatetimeAsISO(), DecimalAsStr()):  # eventsourcing's Application registers these
        transcoder.register(transcoding)
    register_transcodings(transcoder)
    mapper = Mapper(transcoder=transcoder)
    for state, decision in ((V1, None), (V2, Decision("1234/QĐ-UBND", date(2025, 6, 30)))):
        event = mapper.to_domain_event(StoredEvent(uuid4(), 2, TOPIC, state.encode()))
        assert isinstance(event, Unit.Dissolved) and event.decision == decision
