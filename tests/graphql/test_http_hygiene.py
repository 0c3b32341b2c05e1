"""HTTP hygiene over real HTTP: request bodies and cursors refused with typed errors, security headers on
every response, no server banner, bounded request heads, half-sent requests closed, the browser pages and
``/metrics`` served only when a setting says so."""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from websockets.sync.client import connect

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.graphql.app import create_metrics_app
from isotrail.graphql.arguments import MAX_ARGUMENT_CHARS
from isotrail.graphql.json_bounds import MAX_JSON_DEPTH
from isotrail.services.auth import TokenAuthority
from isotrail.services.commands import RaiseNonconformity
from isotrail.services.commands.handle import handle
from isotrail.services.http_settings import HttpSettings, MetricsSettings
from isotrail.services.tenants import TenantRegistry
from tests.graphql.conftest import METRICS_AUTH, METRICS_TOKEN, app_for, served

ME = "{ me { tenant } }"


def _typed(response: httpx.Response, status: int, code: str) -> dict:
    """The one typed error of a refused request: its status, code and both messages."""
    assert response.status_code == status, response.text
    [error] = response.json()["errors"]
    extensions = error["extensions"]
    assert extensions["code"] == code, error
    assert extensions["message_vi"] and extensions["message_en"] and extensions["message_vi"] != extensions[
        "message_en"]
    return extensions


def _post(api: str, body: bytes, token: str | None = None) -> httpx.Response:
    headers = {"content-type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    return httpx.post(f"{api}/graphql", content=body, headers=headers, timeout=30)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(("body", "code"), [
    (b"42", "invalid_request"), (b"null", "invalid_request"), (b'"x"', "invalid_request"),
    (b"true", "invalid_request"), (b"[]", "invalid_request"), (b'[{"query": "{ me { tenant } }"}]', "invalid_request"),
    (b"{not json", "invalid_request"), (b"{}", "invalid_request"), (b'{"query": 5}', "invalid_request"),
    (b'{"query": "{ me { tenant } }", "variables": [1]}', "invalid_request"),
    (b'{"query": "{ me { tenant } }", "variables": {"a": ' + _nested(2000).encode() + b"}}", "request_too_deep"),
    (b'{"query": "{ me { tenant } }", "variables": {"a": ' + b'{"b": ' * 2000 + b"1" + b"}" * 2000 + b"}}",
     "request_too_deep"),
    (b'{"query": "{ me { tenant } }", "variables": {"a": ' + _nested(MAX_JSON_DEPTH - 1).encode() + b"}}",
     "request_too_deep"),  # the body, variables, then 31 levels: 33
])
def test_bodies_that_are_not_a_graphql_request_get_a_typed_400(api: str, token, tenant: Tenant, body: bytes,
                                                               code: str) -> None:
    _typed(_post(api, body, token(tenant)), 400, code)


def test_json_as_deep_as_the_limit_is_read(api: str, token, tenant: Tenant) -> None:
    within = b'{"query": "{ me { tenant } }", "variables": {"a": ' + _nested(MAX_JSON_DEPTH - 2).encode() + b"}}"
    response = _post(api, within, token(tenant))
    assert response.status_code == 200 and response.json()["data"] == {"me": {"tenant": tenant.slug}}
    brackets_in_strings = json.dumps({"query": ME, "variables": {"a": "[" * 100 + "{" * 100}}).encode()
    assert _post(api, brackets_in_strings, token(tenant)).json()["data"] == {"me": {"tenant": tenant.slug}}


def test_a_subscription_over_http_and_an_unknown_fragment_are_typed(api: str, token, tenant: Tenant) -> None:
    subscription = json.dumps({"query": "subscription { events { __typename } }"}).encode()
    _typed(_post(api, subscription, token(tenant)), 400, "subscription_over_http")
    # a GraphQL validation error: 200 with errors, as for any invalid document; without a token, nothing is parsed
    missing = _typed(_post(api, json.dumps({"query": "{...Missing}"}).encode(), token(tenant)), 200, "invalid_query")
    assert "Unknown fragment 'Missing'" in missing["message_en"]
    _typed(_post(api, json.dumps({"query": "{...Missing}"}).encode(), None), 200, "invalid_token")
    mutation_by_get = httpx.get(f"{api}/graphql", params={"query": "mutation { __typename }"}, timeout=30,
                                headers={"Authorization": f"Bearer {token(tenant)}"})
    _typed(mutation_by_get, 400, "invalid_request")


def _cursor(*parts: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode()


UNITS = "query($after: String) { units(after: $after) { nodes { name } } }"
PROGRAMMES = "query($after: String) { programmes(after: $after) { nodes { code } } }"
FINDINGS = """query($after: String) { findings(orderBy: {field: REPORT_DUE_ON, direction: ASC}, after: $after) {
  nodes { id } } }"""
TIMELINE = """query($after: String) { timeline(unitId: "00000000-0000-0000-0000-000000000001", after: $after) {
  nodes { summaryVi } } }"""
UUID = "00000000-0000-0000-0000-000000000001"


@pytest.mark.parametrize(("query", "cursor"), [
    (UNITS, _cursor("name_sort", "a", "not-a-uuid")),
    (UNITS, _cursor("name_sort", "a\u0000b", UUID)),
    (UNITS, _cursor("name_sort", 5, UUID)),
    (UNITS, _cursor("name_sort", "a", UUID, "extra")),
    (UNITS, base64.urlsafe_b64encode(json.dumps({"name_sort": 1, "a": 2, "b": 3}).encode()).decode()),
    (UNITS, base64.urlsafe_b64encode(_nested(5000).encode()).decode()),
    (UNITS, _cursor("name_sort", "a" * 2000, UUID)),
    (UNITS, "%%%not base64%%%"),
    (UNITS, "tiếng Việt"),
    (FINDINGS, _cursor("coalesce(report_due_on, 'infinity'::date)", "2020-13-45", UUID)),
    (FINDINGS, _cursor("coalesce(report_due_on, 'infinity'::date)", "tomorrow", UUID)),
    (PROGRAMMES, _cursor("year", "2020", UUID)),
    (PROGRAMMES, _cursor("year", 2**40, UUID)),
    (PROGRAMMES, _cursor("year", True, UUID)),
    (TIMELINE, _cursor("notification_id", 2**70, 1)),
    (TIMELINE, _cursor("notification_id", 1.5, 1)),
])
@pytest.mark.parametrize("argument", ["after", "before"])
def test_a_crafted_cursor_is_refused_as_invalid_cursor_of_its_argument(graphql, token, tenant: Tenant, query: str,
                                                                       cursor: str, argument: str) -> None:
    body = graphql(query.replace("after", argument), token(tenant), {argument: cursor})
    [error] = body["errors"]
    code = "invalid_value" if len(cursor) > MAX_ARGUMENT_CHARS else "invalid_cursor"  # too long for any argument
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, argument), error


def test_pages_ordered_by_an_unset_due_date_walk_to_the_end(graphql, token, registry, admin) -> None:
    """Findings without a report due date sort last (as 'infinity'); their cursors lead past them, not
    back to the first of them."""
    from datetime import date

    from tests.builders import conducted_inspection, fresh_tenant, project_all

    with fresh_tenant(registry, "Tỉnh phân trang") as slug:
        with registry.application(slug) as app:
            _, inspection_id = conducted_inspection(app, admin, on=date(2021, 6, 1))
            for item in ("6.2", "7.5", "9.2"):
                handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code=item,
                                                      description="Chưa đạt", occurred_on=date(2021, 6, 1)))
        project_all(registry.database.url, slug)
        query = """query($after: String) {
                   findings(orderBy: {field: REPORT_DUE_ON, direction: ASC}, first: 1, after: $after) {
                   nodes { id reportDueOn } pageInfo { hasNextPage endCursor } } }"""
        seen, after = [], None
        for _ in range(5):
            page = graphql(query, token(slug), {"after": after})["data"]["findings"]
            seen += [node["id"] for node in page["nodes"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert len(seen) == len(set(seen)) == 3


SECURITY = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "cache-control": "no-store"}


def _assert_hygienic(response: httpx.Response) -> None:
    for name, value in SECURITY.items():
        assert response.headers.get(name) == value, (response.request.url, name, response.headers)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "server" not in response.headers


def test_every_response_carries_the_security_headers_and_no_server_banner(api: str, token, tenant: Tenant) -> None:
    answers = [
        httpx.post(f"{api}/graphql", json={"query": ME}, headers={"Authorization": f"Bearer {token(tenant)}"}),
        httpx.post(f"{api}/graphql", json={"query": ME}),  # no token: a typed refusal
        _post(api, b"42"),
        _post(api, b'{"query": "{ me { tenant } }", "variables": {"padding": "' + b"x" * 2_000_000 + b'"}}'),
        httpx.get(f"{api}/healthz"), httpx.get(f"{api}/readyz"), httpx.get(f"{api}/metrics"),
        httpx.get(f"{api}/no/such/path"), httpx.delete(f"{api}/graphql"),
    ]
    for response in answers:
        assert response.status_code < 500, response.text
        _assert_hygienic(response)
        assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    _typed(answers[-2], 404, "route_not_found")
    _typed(answers[-1], 405, "method_not_allowed")
    _typed(answers[3], 413, "request_too_large")


def test_a_request_with_too_many_or_too_large_headers_is_refused(api: str) -> None:
    many = [(f"x-padding-{n}", "1") for n in range(150)]
    _typed(httpx.get(f"{api}/healthz", headers=many), 431, "headers_too_large")
    assert httpx.get(f"{api}/healthz", headers=many[:50]).status_code == 200
    _typed(httpx.get(f"{api}/healthz", headers={"x-padding": "x" * 20_000}), 431, "headers_too_large")
    # a head that keeps coming, in lines or in one header's value: refused once past the bound
    # (max_header_bytes, 16 KB), not buffered for the request deadline's 15 s
    for piece in (b"x-padding: " + b"x" * 1000 + b"\r\n", b"x" * 1000):
        sock = _socket(api)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: isotrail\r\nx-start: 1\r\n")
        sent = 0
        for _ in range(40):
            try:
                sock.sendall(piece)
            except OSError:  # closed by the server
                break
            sent += 1
            time.sleep(0.01)
        answer = _closed_within(sock, 10)
        assert sent < 40 and answer is not None, (sent, answer)
        assert answer == b"" or answer.startswith(b"HTTP/1.1 400"), answer  # b"": reset while still sending
        sock.close()


def test_a_pipelined_request_after_a_large_body_is_not_taken_for_a_large_head(api: str) -> None:
    """The read holding the end of a 40 KB body and the start of the next request's head does not count
    the body against the next head's bound."""
    body = b'{"query": "{ __typename }", "variables": {"padding": "' + b"x" * 40_000 + b'"}}'
    sock = _socket(api)
    sock.sendall(b"POST /graphql HTTP/1.1\r\nHost: isotrail\r\ncontent-type: application/json\r\n"
                 b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                 + b"GET /healthz HTTP/1.1\r\nHost: isotrail\r\n")
    time.sleep(0.3)
    sock.sendall(b"Connection: close\r\n\r\n")
    answer = _closed_within(sock, 10)
    sock.close()
    assert answer is not None and answer.count(b"HTTP/1.1 200 OK") == 2, answer  # the first: invalid_token
    assert b"invalid_token" in answer and answer.endswith(b'{"status":"ok"}'), answer


@pytest.fixture(scope="module")
def impatient(database_url: str, authority: TokenAuthority, registry: TenantRegistry) -> Iterator[str]:
    """A server that gives a client 1 s to send a request and keeps idle connections 1 s."""
    http = HttpSettings(request_read_seconds=1.0, keep_alive_seconds=1)
    with served(app_for(database_url, authority, registry, http=http), http) as base:
        yield base


def _socket(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=30)


def _closed_within(sock: socket.socket, seconds: float) -> bytes | None:
    """What the server sent before closing the connection, or None if it kept it open ``seconds``."""
    sock.settimeout(seconds)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return received


def test_half_sent_and_silent_requests_are_closed_while_others_are_served(impatient: str) -> None:
    heads = [_socket(impatient) for _ in range(100)]
    for sock in heads:
        sock.sendall(b"POST /graphql HTTP/1.1\r\nHost: isotrail\r\nContent-Type: application/json\r\n")
    body = _socket(impatient)
    body.sendall(b"POST /graphql HTTP/1.1\r\nHost: isotrail\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 200\r\n\r\n{\"query\": ")
    silent = _socket(impatient)
    trickle = _socket(impatient)
    trickle.sendall(b"GET /healthz HTTP/1.1\r\n")
    trickled = 0
    try:
        for _ in range(50):  # a header byte every 0.2 s for up to 10 s: no byte buys more time
            trickle.sendall(b"X")
            trickled += 1
            assert httpx.get(f"{impatient}/healthz", timeout=10).status_code == 200
            time.sleep(0.2)
    except OSError:  # the server closed it
        pass
    assert trickled < 50
    for sock in [*heads, body, silent, trickle]:
        assert _closed_within(sock, 10) is not None  # closed by the server, not by this test's timeout
        sock.close()


def test_kept_alive_connections_close_when_idle_and_websockets_outlive_the_deadline(
    impatient: str, token, tenant: Tenant
) -> None:
    sock = _socket(impatient)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: isotrail\r\n\r\n")
    answer = _closed_within(sock, 10)
    assert answer is not None and answer.startswith(b"HTTP/1.1 200")
    sock.close()
    url = impatient.replace("http://", "ws://") + "/graphql"
    bearer = f"Bearer {token(tenant, Role.VIEWER)}"
    with connect(url, subprotocols=["graphql-transport-ws"], additional_headers={"Authorization": bearer},
                 open_timeout=10) as ws:
        ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": bearer}}))
        assert json.loads(ws.recv(timeout=10))["type"] == "connection_ack"
        time.sleep(2.5)  # past the request deadline and the keep-alive timeout
        ws.send(json.dumps({"type": "ping"}))
        assert json.loads(ws.recv(timeout=10))["type"] == "pong"


def test_no_graphiql_nor_openapi_unless_set(database_url: str, authority: TokenAuthority,
                                            registry: TenantRegistry) -> None:
    html = {"Accept": "text/html"}
    with served(app_for(database_url, authority, registry)) as base:
        _typed(httpx.get(f"{base}/graphql", headers=html), 404, "route_not_found")
        for path in ("/schema", "/schema/swagger", "/schema/openapi.json"):
            _typed(httpx.get(f"{base}{path}"), 404, "route_not_found")
    pages = HttpSettings(graphiql=True, openapi=True)
    with served(app_for(database_url, authority, registry, http=pages), pages) as base:
        graphiql = httpx.get(f"{base}/graphql", headers=html)
        assert graphiql.status_code == 200 and "graphiql" in graphiql.text.lower()
        _assert_hygienic(graphiql)  # its own policy: scripts from this origin only (test_graphiql_offline.py)
        assert "script-src 'self' 'sha256-" in graphiql.headers["content-security-policy"]
        assert httpx.get(f"{base}/schema/openapi.json").status_code == 200


def test_metrics_need_the_token_or_a_listener_of_their_own(api: str, database_url: str, authority: TokenAuthority,
                                                          registry: TenantRegistry, graphql: Callable,
                                                          token, tenant: Tenant) -> None:
    _typed(httpx.get(f"{api}/metrics"), 401, "credentials_required")
    _typed(httpx.get(f"{api}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}x"}), 401,
           "credentials_required")
    assert "isotrail_read_queries_total" in httpx.get(f"{api}/metrics", headers=METRICS_AUTH).text
    own = MetricsSettings(port=0)
    with served(app_for(database_url, authority, registry, metrics=own)) as base:
        _typed(httpx.get(f"{base}/metrics"), 404, "route_not_found")
    with served(create_metrics_app(own)) as listener:
        graphql(ME, token(tenant))
        scraped = httpx.get(f"{listener}/metrics")
        assert scraped.status_code == 200 and "isotrail_http_requests_total" in scraped.text
        _assert_hygienic(scraped)
        _typed(httpx.get(f"{listener}/graphql"), 404, "route_not_found")
    with served(create_metrics_app(MetricsSettings(port=0, token=METRICS_TOKEN))) as listener:
        _typed(httpx.get(f"{listener}/metrics"), 401, "credentials_required")
        assert httpx.get(f"{listener}/metrics", headers=METRICS_AUTH).status_code == 200


def _raw_answer(base: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body of the answer to bytes sent as they are."""
    sock = _socket(base)
    sock.sendall(request)
    received = _closed_within(sock, 10) or b""
    sock.close()
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def test_a_request_with_both_lengths_or_that_uvicorn_cannot_parse_gets_a_typed_400(api: str) -> None:
    """Content-Length and Transfer-Encoding together (request smuggling behind a proxy reading the other
    one), a request line longer than the head's bound, a bad chunk size: a typed 400 with the security
    headers, and the connection closed."""
    body = b'{"query": "{ me { tenant } }"}'
    smuggled = (b"POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nContent-Length: "
                + str(len(body)).encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
                + hex(len(body))[2:].encode() + b"\r\n" + body + b"\r\n0\r\n\r\n")
    long_line = b"GET /healthz?" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    bad_chunk = (b"POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\nzz\r\n" + body + b"\r\n0\r\n\r\n")
    for request in (smuggled, long_line, bad_chunk):
        status, headers, answer = _raw_answer(api, request)
        assert status == 400, (request[:60], answer)
        [error] = json.loads(answer)["errors"]
        assert error["extensions"]["code"] == "invalid_request" and error["extensions"]["message_vi"]
        assert headers["content-type"] == "application/json" and headers["connection"] == "close"
        for name, value in SECURITY.items():
            assert headers.get(name) == value, (request[:60], name, headers)


def test_refusals_are_worded_in_vietnamese_and_every_answer_bears_a_correlation_id(api: str, token,
                                                                                  tenant: Tenant) -> None:
    unknown = _typed(httpx.post(f"{api}/graphql", headers={"Authorization": f"Bearer {token(tenant)}"},
                                json={"query": "query A { me { tenant } }", "operationName": "B"}),
                     400, "invalid_request")
    assert "tiếng Anh" not in unknown["message_vi"]
    missing = httpx.get(f"{api}/no/such/path", headers={"x-correlation-id": "abc-123"})
    assert missing.status_code == 404 and missing.headers["x-correlation-id"] == "abc-123"
    assert httpx.get(f"{api}/no/such/path").headers["x-correlation-id"]
    ministry = httpx.post(f"{api}/graphql", json={"query": "{ units { nodes { id } } }"},
                          headers={"Authorization": f"Bearer {token(tenant, Role.MINISTRY)}"}).json()
    [error] = ministry["errors"]
    assert error["extensions"]["code"] == "permission_denied"
    assert error["message"] == error["extensions"]["message_en"] and "token" not in error["message"]
