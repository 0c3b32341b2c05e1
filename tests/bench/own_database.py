"""Each benchmark runs in a database of its own on DATABASE_URL's server (else the embedded one), dropped
at the end: projector processes of anything else on that server follow every tenant of their database,
and would fold (and take CPU from) the benchmark's tenants."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict

from isotrail.services.database import resolve_database_url
from isotrail.services.entrypoints.bootstrap import Services, bootstrap
from isotrail.services.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # a benchmark runs as a script: reach tests/
from tests.builders import scratch_database


@contextmanager
def own_services(purpose: str) -> Iterator[Services]:
    """Services wired to a new database named ``isotrail_bench_<purpose>_<random>``."""
    server = resolve_database_url(Settings())
    with scratch_database(server, f"isotrail_bench_{purpose}") as url:
        services = bootstrap(Settings(database_url=url))
        print(f"PostgreSQL server of {server}; database of this run: {conninfo_to_dict(url)['dbname']}")
        try:
            yield services
        finally:
            services.close()
