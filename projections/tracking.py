"""Where each projection of a tenant has got to, stored in the same transaction as its rows, and the failed
fold that stops one, if any (failures.py): every statement on ``rm_positions`` and ``rm_failures``, built
once per tenant (:func:`tracking`).

Each position row is read with its ``xmin`` (the transaction that last wrote it), its *stamp*: a projector
that finds a row's stamp unchanged since its own last write knows nobody else has written the projection's
tables since, even one who moved it to the same position (a rebuild's swap), so what it keeps in memory
still holds."""

from __future__ import annotations

from functools import lru_cache

from isotrail.domain.errors import IsotrailError
from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant

# NOTIFY'd as ``<slug> <projection> <position>`` in the transaction that advances a position, so delivered
# when the rows it covers are committed: an API process wakes the mutations waiting to read their write
# and the subscriptions of that tenant (projections/waiting.py, graphql/subscriptions.py).
POSITION_CHANNEL = "isotrail_position"
POSITIONS, FAILURES = "rm_positions", "rm_failures"
VERSION_STATEMENT = "SELECT current_date AS today,"  # how the read-models version's statement starts (metrics)
SHAPE_COLUMN = "shape int NOT NULL DEFAULT 1"
FAILURE_COLUMNS = "projection, notification_id, through_id, error, first_failed_at, failed_at, attempts, owner"


class PositionMovedError(IsotrailError):
    """Someone else wrote this projection's position (and rows) since we read it: our batch is void."""

    code = "projection_position_moved"
    template_vi = "Vị trí của phép chiếu {projection} đã bị nơi khác ghi ({expected} → {actual}); bỏ lô này."
    template_en = "Projection {projection} was written elsewhere ({expected} → {actual}); this batch is discarded."


class Tracking:
    """The position and failure statements of one tenant; ``$1`` is always the projection's tracking name."""

    def __init__(self, storage: Tenant) -> None:
        positions = self.positions = quoted(storage.schema, POSITIONS)
        failures = self.failures = quoted(storage.schema, FAILURES)
        self.positions_ddl = (f"CREATE TABLE IF NOT EXISTS {positions} ("
                              "projection text PRIMARY KEY, position bigint NOT NULL DEFAULT 0 CHECK (position >= 0), "
                              f"{SHAPE_COLUMN})")
        self.failures_ddl = (
            f"CREATE TABLE IF NOT EXISTS {failures} (projection text PRIMARY KEY, notification_id bigint NOT NULL, "
            "through_id bigint, error text NOT NULL, first_failed_at timestamptz NOT NULL DEFAULT now(), "
            "failed_at timestamptz NOT NULL DEFAULT now(), attempts integer NOT NULL DEFAULT 1, owner text)")
        self.ensure = (f"INSERT INTO {positions} (projection, position, shape) VALUES ($1, 0, $2) "
                       "ON CONFLICT (projection) DO NOTHING")
        # the shape of the tables a position row's rows are in (shapes.py); rows of a release before shapes: 1
        self.has_shape = ("SELECT EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass($1) "
                          "AND attname = 'shape' AND NOT attisdropped)")
        self.add_shape = f"ALTER TABLE {positions} ADD COLUMN IF NOT EXISTS {SHAPE_COLUMN}"
        self.read_shape = f"SELECT shape FROM {positions} WHERE projection = $1"
        self.reshape = (f"UPDATE {positions} SET position = 0, shape = $2 WHERE projection = $1 RETURNING "
                        f"pg_notify('{POSITION_CHANNEL}', '{storage.slug} ' || projection || ' 0')")
        self.forget_failure = f"DELETE FROM {failures} WHERE projection = $1"
        # several rows read and locked, always in the same order (no deadlock between projectors)
        self.lock_many = (f"SELECT projection, position FROM {positions} WHERE projection = ANY($1::text[]) "
                          "ORDER BY projection FOR UPDATE")
        self.lock_one = f"SELECT position, xmin AS stamp FROM {positions} WHERE projection = $1 FOR UPDATE"
        self.clear_failure = f"DELETE FROM {failures} WHERE projection = $1 AND notification_id <= $2"
        # Moves one position forward (only forward) and says so on POSITION_CHANNEL; returns the row's new
        # stamp. The projection's failure record, if any, goes once the position is past the notification
        # that failed: in the same statement, so a batch costs no round trip more.
        self.advance = (f"WITH cleared AS ({self.clear_failure}) UPDATE {positions} SET position = $2 "
                        "WHERE projection = $1 AND position < $2 RETURNING xmin AS stamp, "
                        f"pg_notify('{POSITION_CHANNEL}', '{storage.slug} ' || projection || ' ' || position)")
        # a rebuild's swap, NOTIFY'd as an advance is: the rows changed, whatever the position
        self.set = (f"UPDATE {positions} SET position = $2 WHERE projection = $1 RETURNING "
                    f"pg_notify('{POSITION_CHANNEL}', '{storage.slug} ' || projection || ' ' || position)")
        self.delete = f"DELETE FROM {positions} WHERE projection = $1"
        self.read_one = f"SELECT position FROM {positions} WHERE projection = $1"
        self.read_many = (f"SELECT projection, position, xmin AS stamp FROM {positions} "
                          "WHERE projection = ANY($1::text[])")
        self.read_all = f"SELECT projection, position FROM {positions}"
        # what the read models show now: each position and the transaction that last wrote it (read_models_version.py)
        self.version = (f"{VERSION_STATEMENT} array_agg(projection || ':' || position || ':' "
                        f"|| xmin::text ORDER BY projection) AS positions FROM {positions}")
        self.record_failure = (
            f"INSERT INTO {failures} (projection, notification_id, through_id, error, owner) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (projection) DO UPDATE SET "
            "notification_id = EXCLUDED.notification_id, through_id = EXCLUDED.through_id, error = EXCLUDED.error, "
            f"owner = EXCLUDED.owner, failed_at = now(), attempts = {failures}.attempts + 1")
        self.read_failures = f"SELECT {FAILURE_COLUMNS} FROM {failures}"
        self.read_failure = f"{self.read_failures} WHERE projection = $1"


@lru_cache(maxsize=4096)
def tracking(storage: Tenant) -> Tracking:
    """The tenant's statements, built on first use and kept (a few kB per tenant)."""
    return Tracking(storage)


def parse_position_notice(payload: str) -> tuple[str, str, int] | None:
    """(slug, projection, position) of a ``POSITION_CHANNEL`` payload; None for anything else."""
    slug, _, rest = payload.partition(" ")
    projection, _, position = rest.partition(" ")
    try:
        return slug, projection, int(position)
    except ValueError:
        return None
