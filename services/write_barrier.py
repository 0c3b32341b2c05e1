"""A merged tenant's event store refuses writes from the merge's commit on, whatever process writes and however
old its cache of the registry: a statement trigger on its event table, made in the merge's transaction.

Making the trigger waits for the writers in flight (eventsourcing's insert holds the table's EXCLUSIVE lock
until it commits) and holds back the ones that come after, so each write either committed before the merge
or meets the trigger once it commits. The trigger raises ``read_only_sql_transaction``, which eventsourcing
reports as a ``PersistenceError`` (never as the ``IntegrityError`` of a concurrent write); the Application's
lease then finds the tenant merged and refuses with ``tenant_merged`` (services/application_leases.py).
Nothing stored is touched: rows are not updated, deleted or truncated by the trigger, and cannot be after it.
"""

from __future__ import annotations

from typing import Any

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant

TRIGGER = "isotrail_merged"
_FUNCTION = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'tenant % was merged into %: its event store takes no write', TG_ARGV[0], TG_ARGV[1]
        USING ERRCODE = 'read_only_sql_transaction';
END $$"""


def refuse_writes(conn: Any, tenant: Tenant, successor: Tenant) -> None:
    """From the commit of ``conn``'s transaction on, the tenant's event table refuses every insert, update,
    delete and truncate (slugs are validated: safe as literals)."""
    function = quoted(tenant.schema, TRIGGER)
    table = quoted(tenant.schema, tenant.events_table)
    conn.execute(_FUNCTION.format(function=function))
    conn.execute(f"DROP TRIGGER IF EXISTS {quoted(TRIGGER)} ON {table}")
    conn.execute(f"CREATE TRIGGER {quoted(TRIGGER)} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                 f"FOR EACH STATEMENT EXECUTE FUNCTION {function}('{tenant.slug}', '{successor.slug}')")
