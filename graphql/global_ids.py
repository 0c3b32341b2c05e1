"""Global ids (Relay's object identification, strawberry.relay): a node's ``id`` is ``base64("Type:uuid")``,
so one ``node(id)`` finds any object; its ``uuid`` is the id commands and every other argument take."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar
from uuid import UUID

T = TypeVar("T")

NODE = "Its id is a global id, as node(id) takes; its uuid is what commands and other arguments take."
UUID_FIELD = "Its uuid: what commands, time travel and filters (unitId, programmeId, …) take."


def node_uuid(node_id: str, not_found: Callable[[str], Exception]) -> UUID:
    """The uuid a global id's node part holds; raises ``not_found`` (its type's not-found error) if it holds
    none, as for an id that is nowhere."""
    try:
        return UUID(node_id)
    except ValueError:
        raise not_found(node_id) from None



async def nodes_by_id(node_ids: Iterable[str], not_found: Callable[[str], Exception],
                      by_id: Callable[[UUID], Awaitable[T]]) -> list[T]:
    """The objects of these global ids' node parts, each read by ``by_id`` (which raises its type's not-found
    error for one out of reach), in the order given: what a node type's ``resolve_nodes`` answers."""
    ids = [node_uuid(node_id, not_found) for node_id in node_ids]
    return list(await asyncio.gather(*(by_id(uuid) for uuid in ids)))
