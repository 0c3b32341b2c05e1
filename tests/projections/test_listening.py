"""A LISTEN connection's interleavings, driven by a fake connection whose steps wait for the test: channels
added while it connects or listens, and a (re)connection callback that fails."""

from __future__ import annotations

import asyncio

import pytest

from isotrail.projections import listening
from isotrail.projections.listening import Listener
from isotrail.projections.servers import ServerPools


class FakeConnection:
    def __init__(self, gate: asyncio.Event) -> None:
        self.gate, self.listened, self.closed = gate, [], False
        self.on_terminate = None

    async def add_listener(self, channel, callback) -> None:
        await self.gate.wait()
        self.listened.append(channel)

    def add_termination_listener(self, callback) -> None:
        self.on_terminate = callback

    def is_closed(self) -> bool:
        return self.closed

    async def execute(self, *_args, **_kwargs) -> str:
        return "SELECT 1"

    async def close(self, *, timeout=None) -> None:
        self.closed = True

    def terminate(self) -> None:
        self.closed = True


@pytest.fixture
def fake(monkeypatch):
    made: list[FakeConnection] = []
    connecting, gate = asyncio.Event(), asyncio.Event()

    async def connect(_dsn, *, application_name):
        await connecting.wait()
        made.append(FakeConnection(gate))
        return made[-1]

    monkeypatch.setattr(listening, "connect", connect)
    return made, connecting, gate


async def test_a_channel_added_while_connecting_is_listened_before_listening_is_set(fake) -> None:
    made, connecting, gate = fake
    listener = Listener("fake", {"a": lambda _: None}, application_name="t")
    listener.start()
    await asyncio.sleep(0.01)
    listener.add("b", lambda _: None)
    connecting.set()
    await asyncio.sleep(0.01)
    assert not listener.listening.is_set()
    listener.add("c", lambda _: None)  # while LISTEN a is awaited
    gate.set()
    await asyncio.wait_for(listener.listening.wait(), 1)
    assert sorted(made[0].listened) == ["a", "b", "c"]
    await listener.close()


async def test_a_failing_reconnect_callback_does_not_stop_the_listener_for_good(fake) -> None:
    _made, connecting, gate = fake
    connecting.set()
    gate.set()

    def on_connect() -> None:
        raise RuntimeError("a callback's bug")

    listener = Listener("fake", {"a": lambda _: None}, application_name="t", on_connect=on_connect,
                        retry_seconds=(0.01, 0.02))
    listener.start()
    await asyncio.sleep(0.2)  # without a guard its task had died, listening cleared for good
    try:
        assert listener.listening.is_set()
    finally:
        await listener.close()


async def test_a_failing_reconnect_callback_does_not_keep_the_others_from_running(database_url: str, registry) -> None:
    pools = ServerPools(database_url, registry.registry)
    called: list[str] = []

    def failing() -> None:
        raise RuntimeError("a callback's bug")

    pools.on_reconnect(failing)
    pools.on_reconnect(lambda: called.append("woken"))
    try:
        await pools.listen()
        assert called == ["woken"]
    finally:
        await pools.close()
