"""Checked documents kept by query text: a process-wide LRU of :data:`CACHED_DOCUMENTS`, keyed by query text,
schema and rules, unless the text is longer than :data:`MAX_CACHED_TEXT` (a long string argument, say: kept,
256 of them would hold hundreds of MB). A document seen for the first time is checked in a thread of its own
(:data:`CHECKER`) while the event loop goes on answering, one at a time per caller and charged to the
caller's budget of checking time (:mod:`checking_budget`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from graphql import GraphQLSchema

from isotrail.graphql.checked_document import CheckedDocument, check
from isotrail.graphql.checking_budget import CheckingBudgets

CACHED_DOCUMENTS = 256
MAX_CACHED_TEXT = 32 * 1024  # characters; the examples are under 2 KB, introspection ~1.5 KB
CHECKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="isotrail-documents")


class DocumentCache:
    """A bounded LRU of checked documents, none longer than :data:`MAX_CACHED_TEXT`; read and written on the
    event loop only."""

    def __init__(self, max_entries: int = CACHED_DOCUMENTS) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, CheckedDocument] = OrderedDict()
        self._budgets = CheckingBudgets()

    async def checked(self, schema: GraphQLSchema, query: str, rules: tuple[type, ...],
                      caller: Hashable) -> CheckedDocument:
        """The document checked, from the cache or by :func:`check` on the caller's budget.

        Raises:
            TooManyNewQueriesError: the document is new and the caller has had too many checked lately.
        """
        key = (schema, query, rules)
        known = self._entries.get(key)
        if known is None:
            known = await self._budgets.run(caller, CHECKER, partial(check, schema, query, rules))
            if len(query) > MAX_CACHED_TEXT:
                return known
            self._entries[key] = known
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return known


DOCUMENTS = DocumentCache()
