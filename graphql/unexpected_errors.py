"""Errors no client may read: stack traces and driver messages are masked in answers, and only they are
logged with a traceback. A lost database (``database_unavailable``) and a document refused before anything
ran (``invalid_query``) are expected, and typed like a resolver's errors (graphql/errors.py)."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.unavailable import database_unavailable

log = logging.getLogger(__name__)


class InvalidQueryError(IsotrailError):
    """The document does not parse or validate against the schema, or its variables do not fit: nothing ran."""

    code = "invalid_query"
    template_vi = "Truy vấn GraphQL không hợp lệ: {detail}"
    template_en = "Invalid GraphQL query: {detail}"


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
