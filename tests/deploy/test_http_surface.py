"""What the processes show over HTTP: `isotrail api` (deployed) serves neither GraphiQL nor the OpenAPI pages
nor /metrics unless settings say so, `isotrail serve` (a developer's machine) serves GraphiQL, and both
answer with the security headers and no server banner."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from tests.builders import new_tenant_slug
from tests.processes import free_port, migrate, process_env, ready, started, wait_until

METRICS_TOKEN = "deploy-metrics-token-0123456789"  # noqa: S105 - a test token
HTML = {"Accept": "text/html"}


def _code(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["errors"][0]["extensions"]["code"]


def _hygienic(response: httpx.Response) -> None:
    assert "server" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_api_hides_the_browser_pages_and_metrics_and_serve_shows_graphiql(own_database: str, tmp_path: Path) -> None:
    env = process_env(own_database, tmp_path)
    migrate(env, tmp_path, new_tenant_slug())
    plain, metered, metrics, developer = free_port(), free_port(), free_port(), free_port()
    plan = [
        (["api"], {**env, "ISOTRAIL_HTTP__PORT": str(plain)}),
        (["api"], {**env, "ISOTRAIL_HTTP__PORT": str(metered), "ISOTRAIL_METRICS__PORT": str(metrics),
                   "ISOTRAIL_METRICS__TOKEN": METRICS_TOKEN}),
        (["serve"], {**env, "ISOTRAIL_HTTP__PORT": str(developer), "ISOTRAIL_PROJECTIONS__RUN_IN_SERVE": "false"}),
    ]
    with started(plan, tmp_path) as processes:
        for port, process in zip((plain, metered, developer), processes, strict=True):
            base = f"http://127.0.0.1:{port}"
            wait_until(lambda base=base, process=process: ready(base) or process.poll() is not None, base, timeout=120)
            assert process.poll() is None, process.stdout.read()
        api, served = f"http://127.0.0.1:{plain}", f"http://127.0.0.1:{developer}"
        assert _code(httpx.get(f"{api}/graphql", headers=HTML)) == (404, "route_not_found")
        for path in ("/schema", "/schema/swagger", "/metrics"):
            assert _code(httpx.get(f"{api}{path}")) == (404, "route_not_found"), path
        _hygienic(httpx.get(f"{api}/healthz"))
        assert _code(httpx.get(f"http://127.0.0.1:{metered}/metrics")) == (404, "route_not_found")
        scrape = f"http://127.0.0.1:{metrics}/metrics"
        assert _code(httpx.get(scrape)) == (401, "credentials_required")
        scraped = httpx.get(scrape, headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert scraped.status_code == 200 and "isotrail_read_queries_total" in scraped.text
        _hygienic(scraped)
        graphiql = httpx.get(f"{served}/graphql", headers=HTML)
        assert graphiql.status_code == 200 and "graphiql" in graphiql.text.lower()
        _hygienic(graphiql)
        asset = re.search(r'src="(/graphql/assets/[^"]+)"', graphiql.text)[1]  # served by the app, not a CDN
        assert httpx.get(f"{served}{asset}").status_code == 200
        assert _code(httpx.get(f"{api}{asset}")) == (404, "route_not_found")
        assert _code(httpx.get(f"{served}/schema")) == (404, "route_not_found")
