"""Subscriptions over graphql-transport-ws: a tenant's subscribers get its new events, and only theirs."""

from __future__ import annotations

import asyncio
import contextlib
import json

import httpx
import websockets

from isotrail.domain.values import Role
from tests.builders import new_tenant_slug

SUBSCRIBE = "subscription { events { eventType summaryVi occurredOn role } }"


async def subscribe(api: str, token: str) -> websockets.ClientConnection:
    ws = await websockets.connect(api.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"],
                                  additional_headers={"Authorization": f"Bearer {token}"})
    await ws.send(json.dumps({"type": "connection_init"}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    return ws


async def test_a_subscriber_receives_the_events_a_mutation_writes_and_no_one_elses(
    api: str, token, registry
) -> None:
    mine, other = new_tenant_slug(), new_tenant_slug()
    for slug in (mine, other):
        await asyncio.to_thread(registry.create, slug, "Tỉnh theo dõi")
    try:
        listening = await subscribe(api, token(mine, Role.VIEWER))
        eavesdropping = await subscribe(api, token(other, Role.VIEWER))
        await asyncio.sleep(0.5)  # both subscriptions have read where the timeline stands

        async with httpx.AsyncClient(base_url=api, timeout=30,
                                     headers={"Authorization": f"Bearer {token(mine, Role.TENANT_ADMIN)}"}) as client:
            registered = (await client.post("/graphql", json={"query": """mutation { registerUnit(code: "SCT",
                name: "Sở Công Thương", kind: PROVINCIAL_DEPARTMENT, occurredOn: "2020-01-02") { ok aggregateId } }"""}
            )).json()["data"]["registerUnit"]
            renamed = (await client.post("/graphql", json={
                "query": """mutation($id: UUID!) { renameUnit(unitId: $id, name: "Sở Công Thương tỉnh Sóc Trăng",
                            occurredOn: "2020-03-01") { ok } }""", "variables": {"id": registered["aggregateId"]}})
            ).json()["data"]["renameUnit"]
        assert registered["ok"] and renamed["ok"]
        received = [json.loads(await asyncio.wait_for(listening.recv(), 30)) for _ in range(2)]
        assert [m["type"] for m in received] == ["next", "next"]
        events = [m["payload"]["data"]["events"] for m in received]
        assert [e["eventType"] for e in events] == ["Registered", "Renamed"]
        assert events[1]["summaryVi"] == "Đổi tên thành «Sở Công Thương tỉnh Sóc Trăng»."
        with contextlib.suppress(TimeoutError):
            stray = await asyncio.wait_for(eavesdropping.recv(), 1.5)
            raise AssertionError(f"another tenant's subscriber received {stray}")
        await listening.close()
        await eavesdropping.close()
    finally:
        for slug in (mine, other):
            await asyncio.to_thread(registry.purge, slug)


async def test_a_subscription_without_a_valid_token_is_refused(api: str) -> None:
    ws = await subscribe(api, "not-a-token")
    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert message["type"] == "error"
    assert message["payload"][0]["extensions"]["code"] == "invalid_token"
    await ws.close()
