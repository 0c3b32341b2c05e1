"""How a folded batch's changed rows reach their tables, in the projector's transaction: ``executemany``
upserts for a few rows, COPY into a temp table and one INSERT for many (statements from tables.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from isotrail.projections.driver import Connection
from isotrail.projections.tables import Table

BULK_ROWS = 500  # from this many changed rows on, a table is written by COPY + one upsert (and one insert)

Write = Callable[[Connection], Awaitable[None]]  # writes a folded batch's rows on the connection it is given


class TableWriter:
    """Writes one table's changed rows (of a schema, with a suffix): ``executemany`` upserts for a few,
    COPY into a temp table and one INSERT for many."""

    def __init__(self, table: Table, schema: str, suffix: str = "") -> None:
        self.table = table
        self.upsert = table.upsert_sql(schema, suffix)
        self.bulk_upsert = table.bulk_statements(schema, suffix)
        self.bulk_insert = table.bulk_statements(schema, suffix, new=True)


Records = Sequence[Sequence[Any]]


def encode_rows(changes: Iterable[tuple[TableWriter, Records, Records]], *, then: str = "",
                then_args: list[tuple[Any, ...]] | None = None) -> Write:
    """The write of several tables' changed rows, each given as (writer, records to upsert, records of rows
    that cannot exist yet), as :meth:`Table.record` values (so a fold may change its rows again while this
    batch is being written), in few round trips: the temp tables made in one (emptied too: a rebuild's
    swap writes several batches in one transaction, and the temp tables are only emptied at commit),
    filled by one COPY each, inserted from in one; then ``then`` run once per ``then_args`` (a delete,
    say)."""
    many, bulk = [], []
    for writer, upserts, inserts in changes:
        if len(upserts) + len(inserts) < BULK_ROWS:
            many.append((writer.upsert, [*upserts, *inserts]))
            continue
        bulk += [(part, records) for part, records in ((writer.bulk_upsert, upserts), (writer.bulk_insert, inserts))
                 if records]

    async def write(conn: Connection) -> None:
        if bulk:
            await conn.execute(";".join(part.create for part, _ in bulk))
            for part, records in bulk:
                await conn.copy_records_to_table(part.temp, records=records, columns=part.columns)
            await conn.execute(";".join(part.insert for part, _ in bulk))
        for upsert, params in many:
            if params:
                await conn.executemany(upsert, params)
        if then_args:
            await conn.executemany(then, then_args)
    return write
