"""Moving a tenant between two databases of the test server: everything arrives once, writers are refused
or land on the target, never lost, and every process follows the new placement."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import psycopg
import pytest

from isotrail.domain.tenancy import TenantStatus
from isotrail.domain.unit_values import UnitKind
from isotrail.projections.read_model_layout import read_model_layout
from isotrail.services.availability_errors import TenantMovingError
from isotrail.services.commands import RegisterUnit
from isotrail.services.commands.handle import handle
from isotrail.services.database_settings import TenantSettings
from isotrail.services.demo import load_seed
from isotrail.services.permissions import Caller
from isotrail.services.placement_errors import (
    MoveFailedError,
    PlacementUrlError,
    ServerUnreachableError,
    TargetSchemaExistsError,
    TenantAlreadyThereError,
)
from isotrail.services.registry import Registry
from isotrail.services.tenant_move import move_tenant
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, seeded_tenant

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # no writer dies

EVENTS = 'SELECT notification_id, originator_id, originator_version, topic, md5(state) FROM "{schema}"."{table}" ' \
         "ORDER BY notification_id"
SUMMARY = "SELECT inspected, units_in_scope, units_with_nonconformities, units_reported " \
          'FROM "{schema}".rm_programme_summary'


def _rows(url: str, statement: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(statement).fetchall()


def _events(url: str, schema: str, slug: str) -> list[tuple]:
    return _rows(url, EVENTS.format(schema=schema, table=slug.events_table))


def _register(registry: TenantRegistry, slug: str, caller: Caller, code: str) -> UUID:
    with registry.application(slug) as app:
        return handle(app, caller, RegisterUnit(code=code, name=f"Đơn vị {code}", kind=UnitKind.COMMUNE_COMMITTEE,
                                                occurred_on=date(2020, 1, 2))).aggregate_id


@pytest.fixture
def second_process(database) -> Iterator[TenantRegistry]:
    """Another process's registry: its own Applications and its own few seconds of cached status."""
    registry = TenantRegistry(Registry(database), TenantSettings())
    try:
        yield registry
    finally:
        registry.close()


def test_a_tenant_moves_with_its_events_snapshots_and_read_models_and_back(
    registry: TenantRegistry, database_url: str, own_database: str, admin: Caller,
) -> None:
    with seeded_tenant(registry, database_url, "Tỉnh chuyển máy chủ") as slug:
        schema = slug.schema
        before = _events(database_url, schema, slug)
        summary = _rows(database_url, SUMMARY.format(schema=schema))
        assert summary == [(78, 78, 27, 27)]

        report = move_tenant(registry, slug, own_database, read_model_layout)

        tenant = registry.get(slug)
        assert (tenant.status, tenant.server) == (TenantStatus.ACTIVE, own_database)
        assert report.events == len(before) and len(report.checksum) == 32 and report.read_model_rows > 78
        assert _events(own_database, schema, slug) == before
        assert _rows(own_database, SUMMARY.format(schema=schema)) == summary
        assert _events(database_url, report.backup_schema, slug) == before  # the source, kept under a new name
        assert not _rows(database_url, f"SELECT 1 FROM pg_namespace WHERE nspname = '{schema}'")
        with registry.application(slug) as app:  # the write side now opens the target
            programme_id = app.programme_id(load_seed()["programme"]["code"])
            assert app.get_programme(programme_id).version > 1
        unit_id = _register(registry, slug, admin, "SAU-CHUYEN")
        after = _events(own_database, schema, slug)
        assert after[:-1] == before and after[-1][0] == before[-1][0] + 1 and after[-1][1] == unit_id

        back = move_tenant(registry, slug, database_url, read_model_layout)
        assert (registry.get(slug).server, back.events) == (None, len(after))
        assert _events(database_url, schema, slug) == after
        assert _register(registry, slug, admin, "VE-NHA")


def test_concurrent_writers_are_refused_or_land_on_the_target_exactly_once(
    registry: TenantRegistry, second_process: TenantRegistry, own_database: str, admin: Caller,
) -> None:
    """Writers of this process see the move at once; those of another process, whose status is cached,
    wait on the table lock and then fail on the renamed schema. Every acknowledged command is on the
    target exactly once; every other one failed with a typed error."""
    with fresh_tenant(registry, "Tỉnh ghi trong lúc chuyển") as slug:
        _register(second_process, slug, admin, "WARM")  # its Application is open, its status cached
        acknowledged: list[UUID] = []
        refused: list[tuple[str, TenantMovingError]] = []
        stop = threading.Event()

        def write(process: TenantRegistry, name: str) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    acknowledged.append(_register(process, slug, admin, f"{name}{n}"))
                except TenantMovingError as error:
                    refused.append((name[0], error))
                    time.sleep(0.01)

        writers = [threading.Thread(target=write, args=(process, f"{which}{i}-"))
                   for which, process in (("A", registry), ("B", second_process)) for i in range(3)]
        for writer in writers:
            writer.start()
        time.sleep(0.5)
        written_before = len(acknowledged)
        report = move_tenant(registry, slug, own_database, read_model_layout)
        time.sleep(6)  # past the other process's status cache
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
            assert not writer.is_alive()

        stored = [row[1] for row in _events(own_database, slug.schema, slug)]
        assert len(stored) == len(set(stored))
        assert set(acknowledged) <= set(stored) and len(acknowledged) == len(set(acknowledged))
        assert written_before > 0 and len(acknowledged) > report.events
        assert {which for which, _ in refused} == {"A", "B"}
        # the other process's writers were stopped by the lock and the renamed schema, not by the status
        assert any(error.__cause__ is not None for which, error in refused if which == "B")


def test_another_process_fails_cleanly_once_then_writes_to_the_target(
    registry: TenantRegistry, second_process: TenantRegistry, own_database: str, admin: Caller,
) -> None:
    with fresh_tenant(registry, "Tỉnh tiến trình khác") as slug:
        _register(second_process, slug, admin, "TRUOC")  # its Application is open, its status cached
        move_tenant(registry, slug, own_database, read_model_layout)
        with pytest.raises(TenantMovingError):
            _register(second_process, slug, admin, "LUC-CHUYEN")
        unit_id = _register(second_process, slug, admin, "SAU")
        assert unit_id in [row[1] for row in _events(own_database, slug.schema, slug)]


def test_a_move_that_fails_before_the_switch_changes_nothing(
    registry: TenantRegistry, database_url: str, own_database: str, admin: Caller,
) -> None:
    with fresh_tenant(registry, "Tỉnh chuyển hỏng") as slug:
        storage = slug
        _register(registry, slug, admin, "A1")
        now = datetime.now(UTC)
        with psycopg.connect(database_url, autocommit=True) as conn:  # every backup name of the next seconds is taken
            for second in range(15):
                conn.execute(f'CREATE SCHEMA "{storage.backup_schema(now + timedelta(seconds=second))}"')
        with pytest.raises(MoveFailedError) as raised:
            move_tenant(registry, slug, own_database, read_model_layout)
        assert raised.value.code == "move_failed" and raised.value.message_vi
        assert not _rows(own_database, f"SELECT 1 FROM pg_namespace WHERE nspname = '{storage.schema}'")
        tenant = registry.get(slug)
        assert (tenant.status, tenant.server) == (TenantStatus.ACTIVE, None)
        _register(registry, slug, admin, "A2")
        assert len(_events(database_url, storage.schema, slug)) == 2


def test_unusable_targets_are_typed_errors_and_leave_the_tenant_active(
    registry: TenantRegistry, database_url: str, own_database: str,
) -> None:
    with fresh_tenant(registry, "Tỉnh đích hỏng") as slug:
        with psycopg.connect(own_database, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{slug.schema}"')
        cases = [
            ("postgresql://postgres@127.0.0.1:5432/x?foo=bar", PlacementUrlError),
            ("postgresql://postgres:secret@127.0.0.1:5432/other", PlacementUrlError),
            ("postgresql://postgres@127.0.0.1:1/other?connect_timeout=2", ServerUnreachableError),
            (own_database, TargetSchemaExistsError),
            (database_url, TenantAlreadyThereError),
        ]
        for url, error in cases:
            with pytest.raises(error) as raised:
                move_tenant(registry, slug, url, read_model_layout)
            assert raised.value.message_vi and raised.value.message_en and "secret" not in raised.value.message_en
            assert registry.get(slug).status is TenantStatus.ACTIVE
