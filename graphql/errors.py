"""Expected failures become GraphQL errors with a stable code and both languages; others are masked."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from isotrail.domain.errors import IsotrailError

P = ParamSpec("P")
R = TypeVar("R")


def as_graphql_error(error: IsotrailError) -> GraphQLError:
    return GraphQLError(error.message_en, extensions={
        "code": error.code, "message_vi": error.message_vi, "message_en": error.message_en, "field": error.field})


def typed_errors(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    @functools.wraps(resolver)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await resolver(*args, **kwargs)
        except IsotrailError as error:
            raise as_graphql_error(error) from error
    return wrapper


class InvalidQueryError(IsotrailError):
    """The document does not parse, does not validate against the schema, or breaks a limit."""

    code = "invalid_query"
    template_vi = "Truy vấn GraphQL không hợp lệ: {detail}"
    template_en = "Invalid GraphQL query: {detail}"


def _is_unexpected(error: GraphQLError) -> bool:
    return error.extensions is None or "code" not in error.extensions


class _MaskUnexpectedErrors(MaskErrors):
    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if error.original_error is None:  # refused before any resolver ran: the request's own fault
            typed = as_graphql_error(InvalidQueryError(detail=error.message))
            return GraphQLError(typed.message, nodes=error.nodes, source=error.source, positions=error.positions,
                                path=error.path, extensions=typed.extensions)
        return super().anonymise_error(error)


def mask_unexpected_errors() -> Any:
    """Stack traces and driver messages never reach clients; typed errors pass through, and a query
    that does not parse or validate gets ``invalid_query`` with graphql-core's explanation."""
    return _MaskUnexpectedErrors(should_mask_error=_is_unexpected,
                                 error_message="Lỗi hệ thống không mong đợi / Unexpected server error")
