"""An identity provider's signing keys, read from its JWKS URL and kept, so that verifying a token costs no
request to it and never blocks the event loop.

The key set is fetched in a worker thread of its own (one fetch at a time, whichever event loop asks, and
never a thread of the loop's default executor, which other work shares), each wait for it bounded by
``timeout_seconds``. A key id already known answers at once; once the set is ``cache_seconds`` old, a
fetch starts in the background and the known keys keep answering meanwhile. A key id not in the set (a
rotated key, or a forged token naming random ones) waits for one fetch, and fetches start at most once per
``refetch_seconds``: a flood of tokens naming unknown key ids costs the identity provider one request per
interval, and a token arriving between two is refused at once. When the identity provider does not answer
(or answers no key set), a key known from an earlier fetch still verifies; any other token is neither
accepted nor refused: :class:`TokenVerificationUnavailableError`.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

import jwt

from isotrail.domain.errors import IsotrailError


class TokenVerificationUnavailableError(IsotrailError):
    """The identity provider's signing keys could not be fetched: the token was neither accepted nor refused."""

    code = "token_verification_unavailable"
    template_vi = ("Chưa xác minh được mã xác thực: nhà cung cấp định danh tạm thời không phản hồi. "
                   "Vui lòng thử lại sau ít phút.")
    template_en = ("The token cannot be verified now: the identity provider is not answering. "
                   "Please retry in a moment.")


class SigningKeys:
    """The signing keys of one JWKS URL, as the module says they are fetched and kept."""

    def __init__(self, url: str, *, cache_seconds: float = 300, refetch_seconds: float = 30,
                 timeout_seconds: float = 5) -> None:
        self._client = jwt.PyJWKClient(url, cache_jwk_set=False, timeout=timeout_seconds)
        self._cache_seconds, self._refetch_seconds, self._timeout = cache_seconds, refetch_seconds, timeout_seconds
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = self._started_at = -math.inf  # time.monotonic() of the last fetch, and last start
        self._answered = False  # whether the last fetch that ended brought a key set
        self._fetching: Future[None] | None = None
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="isotrail-jwks")

    async def key(self, kid: object) -> jwt.PyJWK:
        """The signing key named ``kid`` (a token's header says it).

        Raises:
            jwt.PyJWKClientError: the identity provider has no such key (as its last key set said).
            TokenVerificationUnavailableError: its key set could not be fetched, so no one can say.
        """
        known = self._keys.get(kid) if isinstance(kid, str) else None
        if known is not None:
            if time.monotonic() - self._fetched_at >= self._cache_seconds:
                self._fetch()  # refreshed in the background; the key answers meanwhile
            return known
        fetching = self._fetch()
        if fetching is not None:
            try:  # shielded: a request that stops waiting leaves the fetch to the others
                await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(fetching)), self._timeout)
            except TimeoutError:
                raise TokenVerificationUnavailableError() from None
        found = self._keys.get(kid) if isinstance(kid, str) else None
        if found is not None:
            return found
        if not self._answered:
            raise TokenVerificationUnavailableError()
        raise jwt.PyJWKClientError("no signing key has this key id")

    def _fetch(self) -> Future[None] | None:
        """The fetch under way, else a new one if the last started ``refetch_seconds`` ago or more, else None."""
        with self._lock:
            if self._fetching is not None and not self._fetching.done():
                return self._fetching
            now = time.monotonic()
            if now - self._started_at < self._refetch_seconds:
                return None
            self._started_at = now
            self._fetching = self._worker.submit(self._download)
            return self._fetching

    def _download(self) -> None:
        """Fetch the key set (in the worker thread) and keep its signing keys, or note that none came."""
        try:
            keys = {key.key_id: key for key in self._client.get_signing_keys(refresh=True) if key.key_id}
        except Exception as error:  # whatever the answer's fault (none, not JSON, no key), no keys came
            with self._lock:
                self._answered = False
            raise TokenVerificationUnavailableError() from error
        with self._lock:
            self._keys, self._fetched_at, self._answered = keys, time.monotonic(), True
