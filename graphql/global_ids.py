"""Global ids (Relay's object identification, strawberry.relay): a node's ``id`` is ``base64("Type:uuid")``,
so one ``node(id)`` finds any object; its ``uuid`` is the id commands and every other argument take."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

NODE = "Its id is a global id, as node(id) takes; its uuid is what commands and other arguments take."
UUID_FIELD = "Its uuid: what commands, time travel and filters (unitId, programmeId, …) take."


def node_uuid(node_id: str, not_found: Callable[[str], Exception]) -> UUID:
    """The uuid a global id's node part holds; raises ``not_found`` (its type's not-found error) if it holds
    none, as for an id that is nowhere."""
    try:
        return UUID(node_id)
    except ValueError:
        raise not_found(node_id) from None

