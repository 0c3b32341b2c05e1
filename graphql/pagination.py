"""Relay cursor connections (as Relay, Apollo and urql clients and GitHub's API read them): ``first``/``after``
or ``last``/``before`` in; ``edges { cursor node }``, ``nodes`` (GitHub's shortcut), ``pageInfo`` and
``totalCount`` out. strawberry's ``relay.PageInfo`` and ``relay.Edge`` are the types; the cursors are the
read side's opaque keyset cursors (projections/cursors.py), not offsets, so the connection is ours rather
than strawberry's ``ListConnection``. A page is one statement (projections/pages.py): both ``pageInfo``
flags are exact, and ``totalCount`` costs one statement more, sent only when selected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType
from strawberry.types import Info

from isotrail.projections.page_windows import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from isotrail.projections.pages import Page

T = NodeType  # relay.Edge's own type variable: strawberry specialises the two by its name

First = Annotated[int | None, strawberry.argument(description=(
    f"How many items the page holds, 1–{MAX_PAGE_SIZE} (error code invalid_page_size), after `after` or from "
    f"the start: paging forwards; null (and no `last`): {DEFAULT_PAGE_SIZE}."))]
After = Annotated[str | None, strawberry.argument(description=(
    "A cursor (an edge's, or pageInfo's endCursor): the rows right after that row; null: from the start. A "
    "cursor of another list or ordering, or not made by this server, is the error code invalid_cursor."))]
Last = Annotated[int | None, strawberry.argument(
    description=f"The last rows (1 to {MAX_PAGE_SIZE}) before `before`, or of the list: paging backwards. Not "
                "with `first` (error code conflicting_page_sizes).")]
Before = Annotated[str | None, strawberry.argument(
    description="A cursor (an edge's, or pageInfo's startCursor): the rows right before that row.")]

PAGE_INFO = ("Where this page lies: hasNextPage whether rows follow its last (after `before`, when paging "
             "backwards from it), hasPreviousPage whether rows precede its first (up to `after`, when paging "
             "forwards from it); both exact whichever way the page was read.")


@strawberry.type(description="A page of a list, as Relay's cursor connections give it.")
class Connection(Generic[T]):
    page: strawberry.Private[Page]
    rows: strawberry.Private[list[Any]]

    @classmethod
    def of(cls, page: Page, build: Callable[[dict[str, Any]], T]) -> Connection[T]:
        return cls(page=page, rows=[build(item) for item in page.items])

    @strawberry.field(description=PAGE_INFO)
    def page_info(self) -> relay.PageInfo:
        page = self.page
        return relay.PageInfo(has_next_page=page.has_next_page, has_previous_page=page.has_previous_page,
                              start_cursor=page.start_cursor, end_cursor=page.end_cursor)

    @strawberry.field(description="The page's rows, each with its cursor: given as `after`, a page resumes right "
                                  "after that row; as `before`, right before it.")
    def edges(self) -> list[relay.Edge[T]]:
        return [relay.Edge(cursor=cursor, node=node) for cursor, node in zip(self.page.cursors(), self.rows,
                                                                             strict=True)]

    @strawberry.field(description="The page's rows without their cursors (GitHub's shortcut for edges { node }).")
    def nodes(self) -> list[T]:
        return self.rows

    @strawberry.field(description="How many rows the list holds under its filters, whatever the page: counted "
                                  "(one SQL statement more) only when asked for.")
    async def total_count(self, info: Info) -> int:
        return await info.context.reader.total(self.page)
