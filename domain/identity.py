"""Deterministic identities for aggregates that have a natural key."""

from __future__ import annotations

from uuid import UUID, uuid5

ISOTRAIL_NAMESPACE = UUID("6f1c7a52-3a1e-5d0e-9a43-0f5e1d2b7c11")


def natural_id(kind: str, *parts: object) -> UUID:
    """The same parts always give the same id, so replaying a command finds what it made before."""
    return uuid5(ISOTRAIL_NAMESPACE, "\x1f".join([kind, *map(str, parts)]))
