"""Each benchmark runs in a database of its own on DATABASE_URL's server (else the embedded one), dropped
at the end: projector processes of anything else on that server follow every tenant of their database,
and would fold (and take CPU from) the benchmark's tenants."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit
from uuid import uuid4

import psycopg

from isotrail.services.bootstrap import Services, bootstrap
from isotrail.services.database import resolve_database_url
from isotrail.services.settings import Settings


@contextmanager
def own_services(purpose: str) -> Iterator[Services]:
    """Services wired to a new database named ``isotrail_bench_<purpose>_<random>``."""
    server = resolve_database_url(Settings())
    name = f"isotrail_bench_{purpose}_{uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    services = None
    try:
        services = bootstrap(Settings(database_url=urlsplit(server)._replace(path=f"/{name}").geturl()))
        print(f"PostgreSQL server of {server}; database of this run: {name}")
        yield services
    finally:
        if services is not None:
            services.close()
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
