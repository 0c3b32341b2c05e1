"""One LISTEN connection to a PostgreSQL server, kept open for as long as the process wants it.

A LISTEN lives on one connection, and a restarted server (or a dropped connection) takes it away silently
for whoever only waits for notifications: the listener notices (asyncpg's termination callback, and a
``SELECT 1`` now and then for a connection that died without a word), connects again with a growing
pause, and calls ``on_connect`` each time it is listening again, since what was NOTIFY'd meanwhile is lost.
Channels can be added while it listens (:meth:`Listener.add`): the one task that owns the connection issues
the LISTEN, and ``listening`` is set again once every channel added so far is listened to.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping

import asyncpg

from isotrail.projections.driver import UNAVAILABLE
from isotrail.projections.pool import connect

log = logging.getLogger(__name__)

Handler = Callable[[str], None]  # called with the payload, on the event loop


class Listener:
    def __init__(self, dsn: str, handlers: Mapping[str, Handler], *, application_name: str,
                 on_connect: Callable[[], None] = lambda: None, check_seconds: float = 10.0,
                 retry_seconds: tuple[float, float] = (0.1, 2.0)) -> None:
        self._dsn = dsn
        self._handlers = dict(handlers)
        self._application_name = application_name
        self._on_connect = on_connect
        self._check_seconds = check_seconds
        self._retry_seconds = retry_seconds
        self._task: asyncio.Task[None] | None = None
        self._added = asyncio.Event()  # a channel was added, or the connection was lost: wake the task
        self.listening = asyncio.Event()  # set while LISTENing on every channel added so far

    def add(self, channel: str, handler: Handler) -> None:
        """Call ``handler`` for ``channel`` too, from now on (its LISTEN follows at once if connected)."""
        self._handlers[channel] = handler
        self.listening.clear()
        self._added.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"listen {', '.join(self._handlers)}")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        pause = self._retry_seconds[0]
        while True:
            try:
                await self._listen()
                pause = self._retry_seconds[0]
            except (*UNAVAILABLE, asyncpg.PostgresError, TimeoutError) as error:
                log.info("LISTEN connection lost (%s); connecting again in %.1f s", error, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, self._retry_seconds[1])

    async def _listen(self) -> None:
        """Listen until the connection is lost (returns or raises)."""
        conn = await connect(self._dsn, application_name=self._application_name)
        lost = asyncio.Event()

        def terminated(_conn: object) -> None:
            lost.set()
            self._added.set()

        conn.add_termination_listener(terminated)
        listened: set[str] = set()
        connected = False
        try:
            while True:
                self._added.clear()
                for channel in [channel for channel in self._handlers if channel not in listened]:
                    await conn.add_listener(channel, self._dispatch)
                    listened.add(channel)
                if self._added.is_set() and not lost.is_set():
                    continue  # more channels came while these were being listened to
                self.listening.set()
                if not connected:
                    connected = True
                    try:
                        self._on_connect()
                    except Exception:  # a callback's fault must not end the listening for good
                        log.exception("a callback of the LISTEN connection's (re)connection failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._added.wait(), self._check_seconds)
                if lost.is_set() or conn.is_closed():
                    return
                if not self._added.is_set():
                    await conn.execute("SELECT 1", timeout=self._check_seconds)
        finally:
            self.listening.clear()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), 2)
            if not conn.is_closed():
                conn.terminate()

    def _dispatch(self, _conn: object, _pid: int, channel: str, payload: str) -> None:
        try:
            self._handlers[channel](payload)
        except Exception:  # one bad handler must not stop the others' notifications
            log.exception("handling a notification on %s failed", channel)
