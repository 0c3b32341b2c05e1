"""Subscriptions over graphql-transport-ws against a running server: a tenant's subscribers get its new
events and only theirs; a socket is admitted by its token at ``connection_init`` and lives no longer than
it; subscriptions end when their tenant is suspended; sockets and subscriptions are capped; and many
subscribers of one tenant cost one read per write, not one each."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.graphql.socket_limits import MAX_PENDING_PER_CLIENT
from isotrail.projections.runner import RunnerSettings
from isotrail.services.auth import TokenAuthority
from isotrail.services.http_settings import HttpSettings, MetricsSettings
from isotrail.services.tenants import TenantRegistry
from tests.builders import new_tenant_slug, projection_runner
from tests.graphql.conftest import METRICS_TOKEN, app_for, served
from tests.graphql.socket_refusals import refusal_at_init

SUBSCRIBE = "subscription { events { eventType summaryVi occurredOn role } }"
REGISTER = """mutation($code: String!) { registerUnit(input: {code: $code, name: "Sở Công Thương",
  kind: PROVINCIAL_DEPARTMENT, occurredOn: "2020-01-02"}) { ok aggregateId } }"""
LIMITS = HttpSettings(max_sockets=12, max_subscriptions_per_token=3)


@pytest.fixture(scope="module")
def api(database_url: str, authority: TokenAuthority, registry: TenantRegistry) -> Iterator[str]:
    """This module's server, with small caps that its tests reach."""
    projector = projection_runner(database_url, registry.registry,
                                  RunnerSettings(discover_seconds=0.2, poll_seconds=0.5))
    app = app_for(database_url, authority, registry, projector=projector, http=LIMITS,
                  metrics=MetricsSettings(token=METRICS_TOKEN))
    with served(app, LIMITS) as base:
        yield base


async def connect(api: str, *, header: str | None = None, params: dict | None = None) -> websockets.ClientConnection:
    """A socket that has sent ``connection_init`` (with ``params``), the upgrade carrying ``header``."""
    ws = await websockets.connect(api.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"],
                                  additional_headers={"Authorization": header} if header else None)
    with contextlib.suppress(ConnectionClosed):  # a socket refused at once (1013) is read by refusal_at_init
        await ws.send(json.dumps({"type": "connection_init", "payload": params or {}}))
    return ws


async def acknowledged(api: str, token: str) -> websockets.ClientConnection:
    ws = await connect(api, params={"Authorization": f"Bearer {token}"})
    assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
    return ws


async def subscribe(ws: websockets.ClientConnection, operation: str = "1") -> None:
    await ws.send(json.dumps({"id": operation, "type": "subscribe", "payload": {"query": SUBSCRIBE}}))


async def closed_with(ws: websockets.ClientConnection, timeout: float = 10) -> tuple[int, str]:
    """The close code and reason the server ends the socket with (failing if it sends anything else)."""
    try:
        message = await asyncio.wait_for(ws.recv(), timeout)
    except ConnectionClosed as closed:
        received = closed.rcvd
    else:
        raise AssertionError(f"expected the socket to close, got {message}")
    assert received is not None
    return received.code, received.reason


async def register(api: str, admin_token: str, code: str) -> None:
    async with httpx.AsyncClient(base_url=api, timeout=30,
                                 headers={"Authorization": f"Bearer {admin_token}"}) as client:
        answer = (await client.post("/graphql", json={"query": REGISTER, "variables": {"code": code}})).json()
    assert answer["data"]["registerUnit"]["ok"], answer


async def next_event(ws: websockets.ClientConnection, timeout: float = 30) -> dict:
    message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    assert message["type"] == "next", message
    return message["payload"]


async def silent(ws: websockets.ClientConnection, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        stray = await asyncio.wait_for(ws.recv(), seconds)
        raise AssertionError(f"unexpected message {stray}")


async def test_a_subscriber_receives_the_events_a_mutation_writes_and_no_one_elses(
    api: str, token: Callable[..., str], registry: TenantRegistry
) -> None:
    mine, other = Tenant(new_tenant_slug()), Tenant(new_tenant_slug())
    for slug in (mine, other):
        await asyncio.to_thread(registry.create, slug, "Tỉnh theo dõi")
    try:
        listening = await connect(api, header=f"Bearer {token(mine, Role.VIEWER)}")  # the header still works
        assert json.loads(await listening.recv())["type"] == "connection_ack"
        await subscribe(listening)
        eavesdropping = await acknowledged(api, token(other, Role.VIEWER))
        await subscribe(eavesdropping)
        await asyncio.sleep(0.5)  # both subscriptions have joined their tenant's feed

        async with httpx.AsyncClient(base_url=api, timeout=30,
                                     headers={"Authorization": f"Bearer {token(mine, Role.TENANT_ADMIN)}"}) as client:
            registered = (await client.post("/graphql", json={"query": """mutation { registerUnit(input: {code: "SCT",
                name: "Sở Công Thương", kind: PROVINCIAL_DEPARTMENT, occurredOn: "2020-01-02"}) { ok aggregateId } }"""}
            )).json()["data"]["registerUnit"]
            renamed = (await client.post("/graphql", json={
                "query": """mutation($id: UUID!) { renameUnit(input: {unitId: $id,
                            name: "Sở Công Thương tỉnh Sóc Trăng", occurredOn: "2020-03-01"}) { ok } }""",
                "variables": {"id": registered["aggregateId"]}})
            ).json()["data"]["renameUnit"]
        assert registered["ok"] and renamed["ok"]
        events = [(await next_event(listening))["data"]["events"] for _ in range(2)]
        assert [e["eventType"] for e in events] == ["UNIT_REGISTERED", "UNIT_RENAMED"]
        assert events[1]["summaryVi"] == "Đổi tên thành «Sở Công Thương tỉnh Sóc Trăng»."
        await silent(eavesdropping, 1.5)
        await listening.close()
        await eavesdropping.close()
    finally:
        for slug in (mine, other):
            await asyncio.to_thread(registry.purge, slug)


@pytest.mark.parametrize("params", [{}, {"Authorization": "Bearer not-a-token"}, {"token": "not-a-token"}])
async def test_a_socket_without_a_valid_token_is_closed_with_4401_at_init(api: str, params: dict) -> None:
    ws = await connect(api, params=params)
    code, reason = await closed_with(ws)
    assert code == 4401
    assert reason.startswith("invalid_token")


async def test_a_forged_token_is_closed_with_4401(api: str, tenant: str) -> None:
    forged = TokenAuthority("another-secret-that-is-long-enough-for-hs256-000").mint(
        tenant=tenant, role=Role.TENANT_ADMIN, subject="mallory")
    code, _ = await closed_with(await connect(api, params={"token": forged}))
    assert code == 4401
    code, _ = await closed_with(await connect(api, header=f"Bearer {forged}"))
    assert code == 4401


async def test_an_expired_token_is_closed_with_4401(api: str, tenant: str, authority: TokenAuthority) -> None:
    expired = authority.mint(tenant=tenant, role=Role.VIEWER, subject="late", ttl_seconds=1)
    await asyncio.sleep(2.1)
    code, reason = await closed_with(await connect(api, params={"token": expired}))
    assert (code, reason) == (4401, "invalid_token: Invalid token: expired.")


async def test_a_token_in_connection_params_opens_the_socket(
    api: str, tenant: str, token: Callable[..., str]
) -> None:
    for code, params in (("PA", {"Authorization": f"Bearer {token(tenant)}"}), ("PT", {"token": token(tenant)})):
        ws = await connect(api, params=params, header="Bearer not-a-token")  # the params win
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
        await subscribe(ws)
        await register(api, token(tenant, Role.TENANT_ADMIN), code)
        assert (await next_event(ws))["data"]["events"]["eventType"] == "UNIT_REGISTERED"
        await ws.close()


async def test_a_token_that_may_not_follow_a_tenant_is_closed_with_4403(
    api: str, tenant: str, token: Callable[..., str], registry: TenantRegistry
) -> None:
    code, reason = await closed_with(await connect(api, params={"token": token(tenant, Role.MINISTRY)}))
    assert (code, reason.split(":")[0]) == (4403, "permission_denied")
    code, reason = await closed_with(await connect(api, params={"token": token(new_tenant_slug())}))
    assert (code, reason.split(":")[0]) == (4403, "tenant_not_found")
    await asyncio.to_thread(registry.set_status, tenant, TenantStatus.SUSPENDED)
    code, reason = await closed_with(await connect(api, params={"token": token(tenant)}))
    assert (code, reason.split(":")[0]) == (4403, "tenant_inactive")


async def test_a_socket_closes_with_4401_when_its_token_expires(
    api: str, tenant: str, authority: TokenAuthority
) -> None:
    short = authority.mint(tenant=tenant, role=Role.VIEWER, subject="brief", ttl_seconds=2)
    expires = time.time() + 2
    ws = await acknowledged(api, short)
    await subscribe(ws)
    await silent(ws, 0.5)  # open and quiet before the token expires
    code, reason = await closed_with(ws, timeout=10)
    assert (code, reason) == (4401, "invalid_token: Invalid token: expired.")
    assert time.time() >= expires - 1  # exp is in whole seconds


async def test_subscriptions_end_with_a_typed_error_when_their_tenant_is_suspended(
    api: str, tenant: str, token: Callable[..., str], registry: TenantRegistry
) -> None:
    ws = await acknowledged(api, token(tenant))
    await subscribe(ws)
    await asyncio.sleep(0.5)
    await asyncio.to_thread(registry.set_status, tenant, TenantStatus.SUSPENDED)
    payload = await next_event(ws, timeout=20)  # the feed looks at the registry every few seconds
    assert payload["data"] is None
    assert payload["errors"][0]["extensions"]["code"] == "tenant_inactive"
    assert payload["errors"][0]["extensions"]["message_vi"].startswith("Tỉnh/thành phố")
    assert payload["errors"][0]["extensions"]["message_en"].startswith("Tenant")
    assert json.loads(await asyncio.wait_for(ws.recv(), 10)) == {"id": "1", "type": "complete"}
    await ws.close()


async def test_subscriptions_per_token_and_sockets_per_subject_and_per_process_are_capped(
    api: str, tenant: str, token: Callable[..., str], authority: TokenAuthority
) -> None:
    own = token(tenant, Role.VIEWER)
    first = await acknowledged(api, own)
    for n in range(LIMITS.max_subscriptions_per_token):
        await subscribe(first, str(n))
    await subscribe(first, "one too many")  # on the same socket
    refused = json.loads(await asyncio.wait_for(first.recv(), 10))
    assert (refused["id"], refused["type"]) == ("one too many", "error")
    assert refused["payload"][0]["extensions"]["code"] == "too_many_subscriptions"
    second = await acknowledged(api, own)  # the same subject on another socket
    await subscribe(second, "elsewhere")
    payload = json.loads(await asyncio.wait_for(second.recv(), 10))
    assert payload["type"] in ("next", "error"), payload
    errors = payload["payload"]["errors"] if payload["type"] == "next" else payload["payload"]
    assert errors[0]["extensions"]["code"] == "too_many_subscriptions"

    third = await acknowledged(api, own)  # a subject holds at most max_subscriptions_per_token sockets
    one_too_many = await connect(api, params={"token": own})
    refusal = await refusal_at_init(one_too_many)
    assert refusal is not None and (refusal[0], refusal[1].split(":")[0]) == (1013, "too_many_sockets")

    sockets = [first, second, third]
    try:
        for n in range(LIMITS.max_sockets + 1):  # other subjects; whatever other tests left open meanwhile
            other = authority.mint(tenant=tenant, role=Role.VIEWER, subject=f"viewer-{n}")
            sockets.append(await connect(api, params={"token": other}))
            refusal = await refusal_at_init(sockets[-1])
            if refusal is not None:
                break
        assert refusal is not None, f"{LIMITS.max_sockets + 1} sockets were all admitted"
        assert (refusal[0], refusal[1].split(":")[0]) == (1013, "too_many_sockets")
        await sockets.pop(0).close()
        await asyncio.sleep(0.5)  # the server has seen it go
        sockets.append(await connect(api, params={"token": authority.mint(tenant=tenant, role=Role.VIEWER,
                                                                          subject="latecomer")}))
        assert await refusal_at_init(sockets[-1]) is None  # a place was freed
    finally:
        for ws in sockets:
            await ws.close()


async def test_sockets_without_a_token_cannot_take_the_places_of_those_with_one(
    api: str, tenant: str, token: Callable[..., str]
) -> None:
    """A client holding sockets open without sending connection_init is limited to MAX_PENDING_PER_CLIENT
    of them, none counted against max_sockets; they are closed after 5 s."""
    idle = []
    try:
        for _ in range(MAX_PENDING_PER_CLIENT):
            idle.append(await websockets.connect(api.replace("http", "ws") + "/graphql",
                                                 subprotocols=["graphql-transport-ws"]))
        extra = await websockets.connect(api.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"])
        code, reason = await closed_with(extra)
        assert (code, reason.split(":")[0]) == (1013, "too_many_sockets")
        code, _ = await closed_with(idle[0], timeout=10)  # connection_init not sent within 5 s
        assert code == 4408
        await asyncio.sleep(0.2)
        welcome = await acknowledged(api, token(tenant, Role.INSPECTOR))  # places are free again
        await welcome.close()
    finally:
        for ws in idle:
            await ws.close()


async def test_a_message_the_server_refuses_closes_the_socket_with_its_code_and_a_frame_is_bounded(
    api: str, tenant: str, token: Callable[..., str]
) -> None:
    ws = await acknowledged(api, token(tenant))
    await ws.send(json.dumps({"id": "1", "type": "subscribe",
                              "payload": {"query": SUBSCRIBE, "variables": {"s": ["x"] * 5000}}}))
    code, reason = await closed_with(ws)
    assert (code, reason.split(":")[0]) == (4400, "list_too_long")
    ws = await acknowledged(api, token(tenant))
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {
        "query": "subscription($u: UUID) { events(unitId: $u) { eventType } }", "variables": {"u": "a" * 3000}}}))
    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert (errors[0]["extensions"]["code"], errors[0]["extensions"]["field"]) == ("invalid_value", "unitId")
    await ws.send("{" + " " * 1_100_000 + "}")  # over the 1 MB a request may hold
    code, _ = await closed_with(ws)
    assert code == 1009  # message too big


async def test_many_subscribers_of_a_tenant_cost_one_read_per_write(
    api: str, tenant: str, token: Callable[..., str], authority: TokenAuthority, read_statements: Callable[[], float],
    report: Callable[[str], None],
) -> None:
    """Statements the API's read pools run for one write and its delivery: the same with one subscriber as
    with many (each polling for itself would cost one per subscriber)."""
    admin = token(tenant, Role.TENANT_ADMIN)
    sockets = [await acknowledged(api, authority.mint(tenant=tenant, role=Role.VIEWER, subject=f"viewer-{n}"))
               for n in range(4)]
    try:
        await subscribe(sockets[0], "alone")
        await asyncio.sleep(0.5)
        before = read_statements()
        await register(api, admin, "ALONE")
        await next_event(sockets[0])
        alone = read_statements() - before

        per_socket = LIMITS.max_subscriptions_per_token
        subscribers = [(ws, f"{n}") for ws in sockets for n in range(per_socket) if (ws, n) != (sockets[0], 0)]
        for ws, operation in subscribers:
            await subscribe(ws, operation)
        await asyncio.sleep(0.5)
        before = read_statements()
        await register(api, admin, "MANY")
        for ws in sockets:
            for _ in range(per_socket):
                assert (await next_event(ws))["data"]["events"]["eventType"] == "UNIT_REGISTERED"
        many = read_statements() - before
    finally:
        for ws in sockets:
            await ws.close()
    assert len(subscribers) + 1 == 12
    report(f"subscriptions: statements of the API's read pools for one write and its delivery: {alone:.0f} with "
           f"1 subscriber, {many:.0f} with {len(subscribers) + 1} subscribers of the same tenant")
    assert many <= alone + 2, (alone, many)  # a timer's look now and then, not one per subscriber
    assert many < len(subscribers)


async def test_a_unit_representative_follows_its_own_unit_and_is_refused_another_s(
    api: str, tenant: str, authority: TokenAuthority
) -> None:
    own, other = uuid.uuid4(), uuid.uuid4()
    representative = authority.mint(tenant=tenant, role=Role.UNIT_REPRESENTATIVE, subject="rep", unit_id=own)
    ws = await acknowledged(api, representative)
    query = "subscription($u: UUID) { events(unitId: $u) { eventType } }"
    await ws.send(json.dumps({"id": "other", "type": "subscribe", "payload": {"query": query,
                                                                           "variables": {"u": str(other)}}}))
    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "unit_not_found"  # as a unit that is nowhere
    for payload in ({"query": 5}, {"query": SUBSCRIBE, "variables": [1, 2]}, {"query": SUBSCRIBE, "operationName": 7}):
        await ws.send(json.dumps({"id": "bad", "type": "subscribe", "payload": payload}))
        message = {"type": "complete"}
        while message["type"] == "complete":  # the refused operation above ends with one
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert (message["type"], message["payload"][0]["extensions"]["code"]) == ("error", "invalid_request"), message
    await ws.close()


async def test_following_a_unit_that_is_nowhere_is_refused_as_not_found_and_a_registered_one_is_followed(
    api: str, tenant: str, token: Callable[..., str]
) -> None:
    query = "subscription($u: UUID) { events(unitId: $u) { eventType } }"
    admin = token(tenant, Role.TENANT_ADMIN)
    async with httpx.AsyncClient(base_url=api, timeout=30, headers={"Authorization": f"Bearer {admin}"}) as client:
        registered = (await client.post("/graphql", json={"query": REGISTER, "variables": {"code": "THEO-DOI"}})
                      ).json()["data"]["registerUnit"]
    ws = await acknowledged(api, token(tenant))
    for operation, unit_id in (("nowhere", str(uuid.uuid4())), ("registered", registered["aggregateId"])):
        await ws.send(json.dumps({"id": operation, "type": "subscribe",
                                  "payload": {"query": query, "variables": {"u": unit_id}}}))
    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert message["id"] == "nowhere"
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "unit_not_found"
    async with httpx.AsyncClient(base_url=api, timeout=30, headers={"Authorization": f"Bearer {admin}"}) as client:
        renamed = (await client.post("/graphql", json={"query": """mutation($id: UUID!) { renameUnit(input: {
            unitId: $id, name: "Sở Công Thương mới", occurredOn: "2020-03-01"}) { ok } }""",
                                                      "variables": {"id": registered["aggregateId"]}})).json()
    assert renamed["data"]["renameUnit"]["ok"]
    event = None
    while event is None or event.get("id") != "registered" or event["type"] != "next":
        event = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert event["payload"]["data"]["events"]["eventType"] == "UNIT_RENAMED"
    await ws.close()
