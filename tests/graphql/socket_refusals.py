"""What a subscription socket answers its ``connection_init``: acknowledged, or closed with a code and reason."""

from __future__ import annotations

import asyncio
import json

import websockets
from websockets.exceptions import ConnectionClosed


async def refusal_at_init(ws: websockets.ClientConnection) -> tuple[int, str] | None:
    """None when the socket is acknowledged, else the code and reason it is closed with."""
    try:
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    except ConnectionClosed as closed:
        received = closed.rcvd
    else:
        assert message["type"] == "connection_ack", message
        return None
    assert received is not None
    return received.code, received.reason
