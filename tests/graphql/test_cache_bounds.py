"""The caches' memory is bounded: long documents are checked but not kept, large requests and results are
not kept, and one tenant's results never evict another's."""

from __future__ import annotations

import asyncio

from graphql import specified_rules

from isotrail.graphql.document_cache import MAX_CACHED_TEXT, DocumentCache
from isotrail.graphql.response_store import MAX_ENTRY_BYTES, ResponseCache
from isotrail.graphql.schema import schema


def test_a_document_longer_than_the_limit_is_checked_but_not_kept() -> None:
    cache = DocumentCache()
    long = '{ units(filter: {search: "' + "a" * 900_000 + '"}) { nodes { id } } }'
    short = "{ units { nodes { id } } }"

    async def check_both() -> None:
        for query in (long, short):
            checked = await cache.checked(schema._schema, query, tuple(specified_rules), ("tenant", "subject"))
            assert checked.document is not None and not checked.errors

    asyncio.run(check_both())
    assert len(long) > MAX_CACHED_TEXT and [key[1] for key in cache._entries] == [short]


def test_large_requests_and_results_are_not_kept_and_tenants_do_not_evict_each_other() -> None:
    cache = ResponseCache(tenant_bytes=10_000, max_entry_bytes=2_000)
    assert cache.put(("a", "viewer", None, "{ units { nodes { id } } }", None, "{}"), 1, {"units": []})
    assert not cache.put(("a", "viewer", None, "{" + "x" * MAX_ENTRY_BYTES + "}", None, "{}"), 1, {"units": []})
    assert not cache.put(("a", "viewer", None, "{ units }", None, "{}"), 1, {"units": ["x" * 3_000]})
    assert cache.get(("a", "viewer", None, "{ units }", None, "{}"), 1) is None
    kept = ("b", "viewer", None, "{ units { nodes { id } } }", None, "{}")
    assert cache.put(kept, 1, {"units": ["b's"]})
    for n in range(500):  # tenant a fills its own share over and over
        cache.put(("a", "viewer", None, f"{{ units {{ nodes {{ id }} }} }} #{n}", None, "{}"), 1, {"units": [n]})
    assert cache.get(kept, 1) == {"units": ["b's"]}
    assert sum(len(t.entries) for t in cache._tenants.values()) < 500
