"""Tokens already verified, so that a client sending the same token with each request pays its signature
check once (tens of microseconds each time otherwise).

A token is kept with what its verification gave, until its ``exp`` (as PyJWT counts it: expired once the time
reaches it), and only while the key that verified it is still the one its header names: an identity
provider's key withdrawn or replaced since makes the token verified afresh. Only tokens that verified are kept;
a refused one is refused again in full each time. Whether the token's tenant is registered and active is
no part of this: it is asked on every request (graphql/registered_tenants.py). At most ``size`` tokens,
the oldest forgotten first.
"""

from __future__ import annotations

import time
from typing import Any

from isotrail.services.token_claims import Principal

SIZE = 1024  # tokens; each a few hundred bytes to a few kilobytes (the headers' limit bounds it)


class VerifiedTokens:
    def __init__(self, size: int = SIZE) -> None:
        self._size = size
        self._kept: dict[str, tuple[Principal, int, Any]] = {}

    def principal(self, token: str, key: Any) -> Principal | None:
        """The principal ``token`` was verified as with ``key``, if it was and has not expired since."""
        kept = self._kept.get(token)
        if kept is None:
            return None
        principal, expires, verified_with = kept
        if verified_with is not key or expires <= time.time():
            del self._kept[token]
            return None
        return principal

    def keep(self, token: str, principal: Principal, expires: int, key: Any) -> None:
        """Keeps ``token``, verified with ``key`` as ``principal``, until ``expires`` (seconds since the epoch)."""
        if len(self._kept) >= self._size:
            del self._kept[next(iter(self._kept))]
        self._kept[token] = (principal, expires, key)
