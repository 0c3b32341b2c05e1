"""Cursor pagination types: ``first``/``after`` in (:data:`First`, :data:`After`: the arguments described once),
``nodes`` and ``pageInfo`` out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

import strawberry

from isotrail.projections.pages import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page

T = TypeVar("T")
First = Annotated[int | None, strawberry.argument(description=(
    f"How many items the page holds, 1–{MAX_PAGE_SIZE} (error code invalid_page_size); null: {DEFAULT_PAGE_SIZE}."))]
After = Annotated[str | None, strawberry.argument(description=(
    "The endCursor of the page before, to read the next one; null: the first page. A cursor of another ordering, "
    "or not made by this server, is the error code invalid_cursor."))]


@strawberry.type(description="Where a page starts and ends, and whether another follows.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item: give it as `after` for the next page; null on an empty page.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item; null on an empty page.")


@strawberry.type(description="A page of a list, in the list's order: at most `first` items after the cursor `after`.")
class Connection(Generic[T]):
    nodes: list[T] = strawberry.field(description="The page's items, in the list's order.")
    page_info: PageInfo = strawberry.field(description="Where the page ends, and whether another follows.")

    @classmethod
    def of(cls, page: Page, build: Callable[[dict[str, Any]], T]) -> Connection[T]:
        return cls(nodes=[build(item) for item in page.items],
                   page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor,
                                      start_cursor=page.start_cursor))
