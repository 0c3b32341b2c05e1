"""Automatic persisted queries, as Apollo Client's persisted-queries link speaks them (Apollo's "APQ").

A client sends ``extensions: {"persistedQuery": {"version": 1, "sha256Hash": "<64 hex digits>"}}``, first
without ``query``: if the server holds a document of that hash it runs it, else it answers
``PERSISTED_QUERY_NOT_FOUND`` and the client sends the hash again with the text, which the server checks
(sha256 of the text is the hash) and runs; once the request has passed every check any other document passes
(a valid token, :mod:`limits`: size, depth, aliases, widths, validation, cost), :class:`RegisterPersisted`
keeps the text under its hash. Over ``GET`` (``?extensions=…&variables=…&operationName=…``) as over ``POST``;
a ``GET`` runs queries only, whatever its hash names.

**What is kept**: hash → text, in a bounded LRU of ``ISOTRAIL_HTTP__PERSISTED_QUERIES`` documents, each no
longer than :data:`document_cache.MAX_CACHED_TEXT` (a longer one is run but not kept: its client sends the
text each time, one round trip more). The parsed and checked document is the one :data:`document_cache.DOCUMENTS`
keeps by text: there is no second cache of parsed documents. A hostile client cannot grow it: a new document
costs the caller's budget of checking time (:mod:`checking_budget`) and pushes out the least recently used.

**Shared across tenants, as Apollo's is**: a document is the client's program (the same web app for every
province), not a tenant's data, and every request runs it under its own token, tenant and limits. Kept per
tenant, the same few hundred documents would be held once per province. What asking for a hash tells another
caller (a hash is looked up before the token is read, as Apollo Server does) is only that a text it already
knows exactly (it had to hash it) was run by someone; clients pass ids as variables, not literals, so no
tenant's ids sit in a document.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import replace

from strawberry.extensions import SchemaExtension
from strawberry.http import GraphQLRequestData

from isotrail.graphql.document_cache import MAX_CACHED_TEXT
from isotrail.graphql.persisted_query_errors import (
    HASH_FIELD,
    InvalidPersistedQueryError,
    PersistedQueryHashMismatchError,
    PersistedQueryNotFoundError,
    PersistedQueryNotSupportedError,
    PersistedQueryVersionError,
)

HEX_DIGITS = 64  # a SHA-256
SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")


def requested_hash(extensions: dict | None) -> str | None:
    """The hash ``extensions.persistedQuery`` names, in lower case; None: no persisted query.

    Raises:
        InvalidPersistedQueryError: not an object, or a hash that is not 64 hexadecimal digits (not repeated).
        PersistedQueryVersionError: a version other than 1.
    """
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict):
        raise InvalidPersistedQueryError(at="extensions.persistedQuery", reason_vi="phải là một đối tượng",
                                         reason_en="it must be an object")
    version = persisted.get("version")
    if version != 1 or isinstance(version, bool):
        raise PersistedQueryVersionError()
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or len(digest) != HEX_DIGITS or not SHA256_HEX.fullmatch(digest):
        raise InvalidPersistedQueryError(at=HASH_FIELD, reason_vi="phải là 64 chữ số thập lục phân (SHA-256)",
                                         reason_en="it must be 64 hexadecimal digits (SHA-256)")
    return digest.lower()


class PersistedQueries:
    """Texts by their SHA-256, the :attr:`max_entries` most recently used; read and written on the event loop."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._texts: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._texts)

    def resolve(self, request: GraphQLRequestData) -> GraphQLRequestData:
        """The request with the text its hash names, or as it came if it names none.

        Raises:
            PersistedQueryError: the hash is unknown or malformed, does not match the text, or none are kept.
        """
        digest = requested_hash(request.extensions)
        if digest is None:
            return request
        if not self.max_entries:
            raise PersistedQueryNotSupportedError()
        if request.query is None:
            text = self._texts.get(digest)
            if text is None:
                raise PersistedQueryNotFoundError()
            self._texts.move_to_end(digest)
            return replace(request, query=text)
        if hashlib.sha256(request.query.encode("utf-8", "surrogatepass")).hexdigest() != digest:
            raise PersistedQueryHashMismatchError()
        return request

    def keep(self, digest: str, text: str) -> None:
        """Keep ``text`` (whose hash :meth:`resolve` checked) unless it is too long, dropping the least
        recently used."""
        if len(text) > MAX_CACHED_TEXT or not self.max_entries:
            return
        self._texts[digest] = text
        self._texts.move_to_end(digest)
        while len(self._texts) > self.max_entries:
            self._texts.popitem(last=False)


class RegisterPersisted(SchemaExtension):
    """Keeps a request's text under its hash once the request passed every check (after
    :class:`limits.CheckedDocuments` in the schema's extensions: no errors before execution)."""

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        request = getattr(execution.context, "request", None)
        store = request.app.state.get("persisted_queries") if request is not None else None
        if store is not None and execution.query is not None and not execution.pre_execution_errors:
            digest = requested_hash(execution.operation_extensions)
            if digest is not None:
                store.keep(digest, execution.query)
        yield
