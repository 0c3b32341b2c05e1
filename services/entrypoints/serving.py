"""``isotrail serve`` (a developer's machine: the demo, its tokens and the projector in one process) and
``isotrail api`` (a deployment's API process): the HTTP API until SIGTERM."""

from __future__ import annotations

from isotrail.domain.roles import Role
from isotrail.services.documents.links import DocumentLinks
from isotrail.services.entrypoints.bootstrap import Projecting, Services
from isotrail.services.entrypoints.common import console, exit_normally_on_sigterm, services_for_command
from isotrail.services.entrypoints.demo import load_demo
from isotrail.services.logs import configure_logging


def _serve_http(services: Services, *, graphiql: bool) -> None:
    """Serve the API until SIGTERM or Ctrl-C: uvicorn stops accepting, lets requests in flight finish
    (at most ``ISOTRAIL_HTTP__GRACEFUL_SHUTDOWN_SECONDS``), stops the projector and closes the pools.
    ``graphiql`` is what an unset ``ISOTRAIL_HTTP__GRAPHIQL`` means for this command."""
    from isotrail.graphql.app import create_app, create_metrics_app  # noqa: PLC0415 - the entry point wires graphql in
    from isotrail.services.entrypoints.http_server import serve  # noqa: PLC0415 - only serving needs the HTTP stack

    settings = services.settings
    http = settings.http.model_copy(update={"graphiql": graphiql if settings.http.graphiql is None
                                            else settings.http.graphiql})
    links = DocumentLinks.for_settings(settings.documents, settings.auth.secret, settings.home)
    api = create_app(services.tokens, services.tenants, services.read_pools, projector=services.projector, http=http,
                     metrics=settings.metrics, documents=settings.documents, document_links=links)
    serve(api, http, create_metrics_app(settings.metrics, http), settings.metrics)


def serve() -> None:
    """Start the database (embedded when DATABASE_URL is unset), load the demo, and keep running."""
    exit_normally_on_sigterm()
    configure_logging()
    with services_for_command(serving=True, projecting=Projecting(in_serve=True)) as services:
        console.print(f"PostgreSQL: {services.database.url}")
        demo = load_demo(services, None)  # Cần Thơ once the story merged Sóc Trăng into it
        projector = services.projector
        http = services.settings.http
        if projector is not None:
            console.print(f"Projector {projector.name} runs in-process ({', '.join(projector.settings.projections)}).")
        console.print(f"GraphQL (GraphiQL in a browser): http://{http.host}:{http.port}/graphql")
        console.print(f"Demo tokens for tenant {demo.slug} (Authorization: Bearer …):")
        for role in (Role.TENANT_ADMIN, Role.INSPECTOR, Role.AUDITOR, Role.VIEWER):
            token = services.tokens.mint(tenant=demo, role=role, subject=f"demo-{role.value}")
            console.print(f"  {role.value:<13} {token}", highlight=False, soft_wrap=True)
        _serve_http(services, graphiql=True)
        console.print("Stopped.")


def api() -> None:
    """Serve the GraphQL API of a deployment: no demo, no printed tokens, no in-process projector.

    Run `isotrail projections run` beside it. Needs DATABASE_URL and a token key that every replica
    shares (ISOTRAIL_AUTH__SECRET, __PUBLIC_KEY or __JWKS_URL).
    """
    exit_normally_on_sigterm()
    configure_logging()
    with services_for_command(deployed=True, serving=True) as services:
        http = services.settings.http
        console.print(f"API on http://{http.host}:{http.port}/graphql (/healthz, /readyz)")
        _serve_http(services, graphiql=False)
