"""What the app holds while it serves, opened at start-up and closed at shutdown: the read pools and their
LISTEN connections, the projections' positions that mutations wait on, the subscriptions' fan-out, and,
when given a projector, the read models kept current in the app's own event loop."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from litestar import Litestar

from isotrail.graphql.registered_tenants import subscription_refusal
from isotrail.projections.fanout import TimelineFanout
from isotrail.projections.read_models_version import KnownVersions
from isotrail.projections.runner import ProjectionRunner
from isotrail.projections.servers import ServerPools
from isotrail.projections.waiting import Positions

YOUNG_GENERATION = 10_000  # objects allocated (less those freed) between two passes over the youngest


def serving(read_pools: ServerPools, projector: ProjectionRunner | None,
            ) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """The app's lifespan: it listens on ``read_pools`` and closes them, and runs ``projector`` if any."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        app.state.read_pools = read_pools
        app.state.positions = Positions(app.state.read_pools)  # before listen(): it listens on its channel
        app.state.read_models_versions = KnownVersions(app.state.positions)
        app.state.fanout = TimelineFanout(app.state.read_pools, app.state.positions,
                                          lambda tenant: subscription_refusal(app.state.read_pools, tenant))
        app.state.read_pool = await app.state.read_pools.pool()  # the home server's: registry, ministry
        # commands and reads share the registry's cache, forgotten on its NOTIFY; subscriptions end then too
        app.state.read_pools.watch(app.state.fanout.recheck)
        await app.state.read_pools.listen()
        stop = asyncio.Event()
        following = asyncio.create_task(projector.run(stop)) if projector is not None else None
        # Everything made while starting (schema, pools, modules) lives as long as the process: keep it
        # out of the cyclic collector's full passes, which otherwise paused requests for up to ~100 ms.
        gc.freeze()
        # A request makes a few thousand objects (rows, dicts, results), nearly all gone when it ends, seldom
        # in a cycle: a young generation of 700 had the collector run several times a request (~5% of a
        # dashboard's CPU); one of 10,000 runs it about once every few requests.
        gc.set_threshold(YOUNG_GENERATION, *gc.get_threshold()[1:])
        try:
            yield
        finally:
            stop.set()
            if following is not None:
                await following
            await app.state.fanout.close()
            await app.state.read_pools.close()
            app.state.renderer.sandbox.close()  # the processes rendering provinces' templates

    return lifespan
