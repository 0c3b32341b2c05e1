"""Expected failures become GraphQL errors with a stable code and both languages: a resolver's typed errors,
a lost database (``database_unavailable``) and documents refused before anything ran (``invalid_query``,
``query_limit_exceeded``). Any other error is masked."""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from isotrail.domain.errors import IsotrailError
from isotrail.services.database import database_unavailable

P = ParamSpec("P")
R = TypeVar("R")
# The messages of strawberry's depth, alias and token limiters (schema.py installs them) and of graphql-core's
# limit on nested introspection (which strawberry's depth limiter does not count)
_LIMITS = re.compile(r"exceeds maximum operation depth|aliases found\. Allowed|more than \d+ tokens"
                     r"|Maximum introspection depth exceeded")


class InvalidQueryError(IsotrailError):
    """The document is not valid GraphQL for this schema, or its variables do not fit: nothing ran."""

    code = "invalid_query"
    template_vi = "Truy vấn GraphQL không hợp lệ: {detail}"
    template_en = "Invalid GraphQL query: {detail}"


class QueryLimitExceededError(InvalidQueryError):
    """Too deep, too many aliases or too many tokens: refused before anything ran."""

    code = "query_limit_exceeded"
    template_vi = "Truy vấn vượt giới hạn cho phép (độ sâu, số bí danh hoặc độ dài): {detail}"
    template_en = "The query exceeds a limit (depth, aliases or length): {detail}"


class RequestTooLargeError(IsotrailError):
    """The request body is larger than the server reads."""

    code = "request_too_large"
    template_vi = "Yêu cầu quá lớn: tối đa {limit} byte."
    template_en = "The request is too large: at most {limit} bytes."


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


def _is_unexpected(error: GraphQLError) -> bool:
    return error.extensions is None or "code" not in error.extensions


def _refused(error: GraphQLError) -> InvalidQueryError:
    """An error before execution (it has no path): the client's document or variables."""
    limit = _LIMITS.search(error.message)
    return (QueryLimitExceededError if limit else InvalidQueryError)(detail=error.message)


class _MaskUnexpectedErrors(MaskErrors):
    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        known = database_unavailable(error.original_error) if error.path else _refused(error)
        if known is None:
            return super().anonymise_error(error)
        typed = as_graphql_error(known)
        return GraphQLError(typed.message, nodes=error.nodes, source=error.source, positions=error.positions,
                            path=error.path, extensions=typed.extensions)


def mask_unexpected_errors() -> Any:
    """Stack traces and driver messages never reach clients; typed errors pass through."""
    return _MaskUnexpectedErrors(should_mask_error=_is_unexpected,
                                 error_message="Lỗi hệ thống không mong đợi / Unexpected server error")
