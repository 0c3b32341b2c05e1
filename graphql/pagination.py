"""Cursor pagination types: ``first``/``after`` in, ``nodes`` and ``pageInfo`` out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from isotrail.projections.pages import Page

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None
    start_cursor: str | None


@strawberry.type
class Connection(Generic[T]):
    nodes: list[T]
    page_info: PageInfo

    @classmethod
    def of(cls, page: Page, build: Callable[[dict[str, Any]], T]) -> Connection[T]:
        return cls(nodes=[build(item) for item in page.items],
                   page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor,
                                      start_cursor=page.start_cursor))
