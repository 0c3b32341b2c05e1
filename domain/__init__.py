"""The inspection domain: aggregates, events, value types and rules. Pure: no I/O, no framework."""
