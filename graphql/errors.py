"""Expected failures become GraphQL errors with a stable code and both languages: a resolver's typed errors,
and refusals made before GraphQL ran, shaped as a GraphQL response. Any other error is masked
(graphql/unexpected_errors.py)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from graphql import GraphQLError
from litestar import MediaType, Response

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.encoding import encode

P = ParamSpec("P")
R = TypeVar("R")


class RequestTooLargeError(IsotrailError):
    """The request body is larger than the server reads."""

    code = "request_too_large"
    template_vi = "Yêu cầu quá lớn: tối đa {limit} byte."
    template_en = "The request is too large: at most {limit} bytes."


def as_graphql_error(error: IsotrailError) -> GraphQLError:
    return GraphQLError(error.message_en, extensions={
        "code": error.code, "message_vi": error.message_vi, "message_en": error.message_en, "field": error.field})


def error_response(error: IsotrailError, status_code: int) -> Response:
    """A typed error refused before GraphQL ran, shaped as a GraphQL response's errors."""
    return Response(encode({"errors": [as_graphql_error(error).formatted]}), status_code=status_code,
                    media_type=MediaType.JSON)


def typed_errors(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    @functools.wraps(resolver)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await resolver(*args, **kwargs)
        except IsotrailError as error:
            raise as_graphql_error(error) from error
    return wrapper
