"""The refusals of automatic persisted queries (Apollo's APQ, see :mod:`persisted_queries`).

Two codes are spelled as Apollo spells them, in upper case, with Apollo's message, because Apollo Client's
persisted-queries link (and urql's) matches on them to retry with the document's text or to stop sending
hashes: ``PERSISTED_QUERY_NOT_FOUND`` and ``PERSISTED_QUERY_NOT_SUPPORTED``, answered with HTTP 200 as Apollo
Server answers them. The others are this API's own, in lower case like every other code, answered 400.
"""

from __future__ import annotations

from typing import ClassVar

from litestar import MediaType, Response

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.encoding import encode
from isotrail.graphql.errors import as_graphql_error

HASH_FIELD = "extensions.persistedQuery.sha256Hash"


class PersistedQueryError(IsotrailError):
    """A request naming a persisted query the server cannot run."""

    status: ClassVar[int] = 400
    wire_message: ClassVar[str | None] = None  # the message a client library matches on, if any


class PersistedQueryNotFoundError(PersistedQueryError):
    """The server holds no document of this hash: send it again with its text."""

    code = "PERSISTED_QUERY_NOT_FOUND"
    status = 200
    wire_message = "PersistedQueryNotFound"
    field = HASH_FIELD
    template_vi = "Máy chủ chưa lưu truy vấn có mã băm này; hãy gửi lại kèm nội dung truy vấn («query»)."
    template_en = "The server holds no query of this hash; send it again with its text (`query`)."


class PersistedQueryNotSupportedError(PersistedQueryError):
    """This server keeps no persisted queries (``ISOTRAIL_HTTP__PERSISTED_QUERIES`` is 0)."""

    code = "PERSISTED_QUERY_NOT_SUPPORTED"
    status = 200
    wire_message = "PersistedQueryNotSupported"
    field = "extensions.persistedQuery"
    template_vi = "Máy chủ này không lưu truy vấn theo mã băm; hãy gửi nội dung truy vấn («query»)."
    template_en = "This server keeps no persisted queries; send the query's text (`query`)."


class PersistedQueryHashMismatchError(PersistedQueryError):
    """The query's text does not have the hash the request names."""

    code = "persisted_query_hash_mismatch"
    field = HASH_FIELD
    template_vi = "Mã băm SHA-256 không khớp với nội dung truy vấn («query»)."
    template_en = "The SHA-256 hash does not match the query's text (`query`)."


class PersistedQueryVersionError(PersistedQueryError):
    """The request names a version of the protocol other than 1."""

    code = "persisted_query_version_unsupported"
    field = "extensions.persistedQuery.version"
    template_vi = "Chỉ hỗ trợ phiên bản 1 của truy vấn lưu sẵn (persisted query)."
    template_en = "Only version 1 of persisted queries is supported."


class InvalidPersistedQueryError(PersistedQueryError):
    """``extensions.persistedQuery`` is not an object, or its hash is not 64 hexadecimal digits."""

    code = "invalid_persisted_query"
    template_vi = "«{at}» không hợp lệ: {reason_vi}"
    template_en = "Invalid `{at}`: {reason_en}"

    @property
    def field(self) -> str:  # type: ignore[override]  # the value at fault: the object, or its hash
        return self.details["at"]


def refusal_response(error: PersistedQueryError) -> Response:
    """The refusal shaped as a GraphQL response, its message Apollo's where a client library matches it."""
    formatted = as_graphql_error(error).formatted
    if error.wire_message:
        formatted["message"] = error.wire_message
    return Response(encode({"errors": [formatted]}), status_code=error.status, media_type=MediaType.JSON)
