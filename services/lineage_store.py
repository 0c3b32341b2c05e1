"""A successor's event store (issue 17, second stage): a stream begun in a merged tenant continues in its successor.

A unit of Sóc Trăng that Cần Thơ dissolves or renames after 1 Jul 2025 keeps its id; its first events stay in Sóc
Trăng's store as they were stored (frozen: services/write_barrier.py), and the later ones are recorded by Cần Thơ,
in its own store, with the version numbers that follow. So a stream may begin in a predecessor's store and go
on in the successor's. Reading one:

- the successor's own store first; a stream whose first event is there (version 1) is native and needs nothing
  else — remembered per process, so a native stream costs no statement more, ever;
- otherwise the versions below the own store's first (all of them when it has none) come from the
  predecessors' stores, read-only, on the successor's connection (a merge keeps every tenant of it on one
  server): the one that began it (its id is the uuid5 of that tenant) and, after merges one after another, those
  that continued it before merging in turn (Sóc Trăng's unit renamed by Cần Thơ, Cần Thơ merged later).

Writing continues in the successor's own store only; its unique (originator_id, version) constraint turns two
writers appending the same version into eventsourcing's ``IntegrityError`` (a ``ConcurrentWriteError`` to the
caller), as for a native stream; the predecessors' stores take no write, so nobody appends there meanwhile.
Snapshots are taken in the own store only (Application.take_snapshot folds the whole stream through here).

A province's document templates are never continued: a template's id is the uuid5 of its kind and format alone,
the same in every tenant, so a predecessor's template stream is its own, not the successor's (``_NOT_CONTINUED``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import EventStore, Mapper, StoredEvent

from isotrail.domain.document_template import DocumentTemplate
from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant

_EARLIER = ("SELECT originator_id, originator_version, topic, state FROM {table} WHERE originator_id = %s "
            "AND originator_version > %s AND originator_version <= %s ORDER BY originator_version")
_REMEMBERED = 100_000  # streams whose own first version a process remembers (16 bytes and an int each)
NO_UPPER = 2**31 - 1
_NOT_CONTINUED = (f"{DocumentTemplate.__module__}:",)  # streams whose ids are not the tenant's own: never read here


class LineageEventStore(EventStore):
    """The tenant's own event store, whose streams may begin in the stores of the tenants merged into it
    (``predecessors()``: read when needed, from the registry's cache, so a merge made meanwhile counts)."""

    def __init__(self, mapper: Mapper, recorder: Any, predecessors: Callable[[], Sequence[Tenant]]) -> None:
        super().__init__(mapper, recorder)
        self._predecessors = predecessors
        self._own_first: dict[UUID, int] = {}  # the first version the own store holds, of streams that have one

    def get(self, originator_id: UUID, *, gt: int | None = None, lte: int | None = None, desc: bool = False,
            limit: int | None = None) -> Iterator[Any]:
        return map(self.mapper.to_domain_event, self.stored(originator_id, gt=gt, lte=lte, desc=desc, limit=limit))

    def stored(self, originator_id: UUID, *, gt: int | None = None, lte: int | None = None, desc: bool = False,
               limit: int | None = None) -> list[StoredEvent]:
        """The stream's stored events in (gt, lte], wherever they are stored, in version order (``desc``: the
        latest first), at most ``limit``."""
        own = list(self.recorder.select_events(originator_id, gt=gt, lte=lte, desc=desc, limit=limit))
        first = self._own_first.get(originator_id)
        if first == 1:
            return own
        stores = self._predecessors()
        if not stores:
            return own
        if first is None:
            first = self._first_own(originator_id, own, gt=gt, lte=lte, desc=desc)
            if first == 1:
                return own
        upper = min(NO_UPPER if lte is None else lte, NO_UPPER if first is None else first - 1)
        if upper <= (gt or 0) or (desc and limit is not None and len(own) >= limit):
            return own
        earlier = self._earlier(stores, originator_id, gt or 0, upper)
        joined = [*own, *reversed(earlier)] if desc else [*earlier, *own]
        return joined if limit is None else joined[:limit]

    def _first_own(self, originator_id: UUID, own: list[StoredEvent], *, gt: int | None, lte: int | None,
                   desc: bool) -> int | None:
        """The first version of the stream in the own store (None: none there), remembered once there is one."""
        if own and not desc and not gt:
            first: int | None = own[0].originator_version
        elif not own and gt is None and lte is None:
            return None  # the question asked was the whole stream: the own store holds none of it
        else:
            found = self.recorder.select_events(originator_id, limit=1)
            first = found[0].originator_version if found else None
        if first is not None:
            if len(self._own_first) >= _REMEMBERED:
                self._own_first.clear()
            self._own_first[originator_id] = first
        return first

    def _earlier(self, stores: Sequence[Tenant], originator_id: UUID, gt: int, upper: int) -> list[StoredEvent]:
        """The stream's versions in (gt, upper] from the predecessors that hold them (none: empty), in version order:
        through merges one after another (Sóc Trăng into Cần Thơ, Cần Thơ into a later one) a stream may have begun
        in one and gone on in another, each version stored in one of them."""
        found: list[StoredEvent] = []
        with self.recorder.datastore.transaction(commit=False) as cursor:
            for store in stores:
                cursor.execute(_EARLIER.format(table=quoted(store.schema, store.events_table)),
                               (originator_id, gt, upper))
                rows = cursor.fetchall()
                if rows and rows[0]["topic"].startswith(_NOT_CONTINUED):
                    return []
                found += [StoredEvent(row["originator_id"], row["originator_version"], row["topic"],
                                      bytes(row["state"])) for row in rows]
        return sorted(found, key=lambda stored: stored.originator_version)
