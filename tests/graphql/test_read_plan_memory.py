"""A plan is kept per query text (graphql/compiled_reads.py's PlanCache, as many as the document cache keeps) and
keeps nothing of the document it was made of: a document's locations hold its every token, comments included,
which parse's token limit does not count, so a query text padded with comments would otherwise keep megabytes."""

from __future__ import annotations

import gc
import weakref

from graphql import parse

from isotrail.graphql.document_cache import MAX_CACHED_TEXT
from isotrail.graphql.read_plans import plan_of
from isotrail.graphql.schema import schema


def test_a_plan_keeps_nothing_of_its_document() -> None:
    text = "query($first: Int) { units(first: $first) { nodes { name } } }\n"
    text += "#\n" * ((MAX_CACHED_TEXT - len(text)) // 2)  # 16 000 comments: as many tokens, all linked
    document = parse(text)
    source = weakref.ref(document.loc.source)
    plan = plan_of(schema._schema, document, None)
    assert plan is not None
    del document
    gc.collect()
    assert source() is None, "the plan keeps the document's source and tokens"
