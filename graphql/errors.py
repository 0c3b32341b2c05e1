"""Expected failures become GraphQL errors with a stable code and both languages: a resolver's typed errors,
a lost database (``database_unavailable``) and documents refused before anything ran (``invalid_query``).
Any other error is masked."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from graphql import GraphQLError
from litestar import MediaType, Response
from strawberry.extensions import MaskErrors

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.encoding import encode
from isotrail.graphql.unavailable import database_unavailable

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


class InvalidQueryError(IsotrailError):
    """The document does not parse or validate against the schema, or its variables do not fit: nothing ran."""

    code = "invalid_query"
    template_vi = "Truy vấn GraphQL không hợp lệ: {detail}"
    template_en = "Invalid GraphQL query: {detail}"


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


def _is_unexpected(error: GraphQLError) -> bool:
    return error.extensions is None or "code" not in error.extensions


class _MaskUnexpectedErrors(MaskErrors):
    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        # without a path the error came before execution: the request's document or variables
        known = database_unavailable(error.original_error) if error.path else InvalidQueryError(detail=error.message)
        if known is None:
            return super().anonymise_error(error)
        typed = as_graphql_error(known)
        return GraphQLError(typed.message, nodes=error.nodes, source=error.source, positions=error.positions,
                            path=error.path, extensions=typed.extensions)


def mask_unexpected_errors() -> Any:
    """Stack traces and driver messages never reach clients; typed errors pass through, and a query
    that does not parse or validate gets ``invalid_query`` with graphql-core's explanation."""
    return _MaskUnexpectedErrors(should_mask_error=_is_unexpected,
                                 error_message="Lỗi hệ thống không mong đợi / Unexpected server error")


def unexpected_errors(errors: list[GraphQLError]) -> list[GraphQLError]:
    """The errors worth a traceback in the log. A typed error (a broken rule, a refused document, the
    database away) is an answer, not a fault: it gets one warning line, so that an outage does not
    write a traceback per request."""
    unexpected = []
    for error in errors:
        known = None if _is_unexpected(error) else error.extensions["code"]
        if known is None and not error.path:  # before execution: the document or its variables
            known = InvalidQueryError.code
        if known is None:
            unavailable = database_unavailable(error.original_error)
            known = unavailable.code if unavailable is not None else None
        if known is None:
            unexpected.append(error)
        else:
            log.warning("GraphQL answered %s: %s", known, error.message)
    return unexpected
