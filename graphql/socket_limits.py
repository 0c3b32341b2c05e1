"""How many subscription sockets one API process holds, and whose (settings ``ISOTRAIL_HTTP__MAX_SOCKETS``,
``ISOTRAIL_HTTP__MAX_SUBSCRIPTIONS_PER_TOKEN``).

A process holds at most ``max_sockets`` acknowledged sockets and a token's subject at most
``max_subscriptions_per_token`` of them. A socket counts only once its token is accepted: before that it is one
of at most :data:`MAX_PENDING_PER_CLIENT` sockets of its client address waiting to send ``connection_init``,
so sockets opened without a token cannot take the places of those that have one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from isotrail.domain.errors import IsotrailError
from isotrail.services.token_claims import Principal

MAX_PENDING_PER_CLIENT = 16  # sockets of one address waiting to send connection_init


class TooManySocketsError(IsotrailError):
    """This process holds as many subscription sockets as the setting allows."""

    code = "too_many_sockets"
    template_vi = "Máy chủ đang giữ tối đa {limit} kết nối theo dõi; hãy thử lại sau."
    template_en = "The server holds its maximum of {limit} subscription sockets; try again later."


@dataclass
class SocketLimits:
    """The bounds on subscription sockets of one API process, and how many are open."""

    max_sockets: int = 1000
    max_subscriptions_per_token: int = 20
    open: int = 0  # acknowledged sockets
    by_subject: dict[tuple[str, str], int] = field(default_factory=dict)  # (tenant, subject) → its sockets
    pending: dict[str, int] = field(default_factory=dict)  # client address → its sockets before the token

    def wait_for_token(self, address: str) -> IsotrailError | None:
        """Count a socket of the client ``address`` waiting for its token, or say why it may not wait."""
        if self.pending.get(address, 0) >= MAX_PENDING_PER_CLIENT:
            return TooManySocketsError(limit=MAX_PENDING_PER_CLIENT)
        self.pending[address] = self.pending.get(address, 0) + 1
        return None

    def stop_waiting(self, address: str) -> None:
        self.pending[address] -= 1
        if not self.pending[address]:
            del self.pending[address]

    def admit(self, principal: Principal) -> IsotrailError | None:
        """Count an acknowledged socket of ``principal``, or say why it may not have one more."""
        subject = (principal.tenant, principal.subject)
        if self.open >= self.max_sockets:
            return TooManySocketsError(limit=self.max_sockets)
        if self.by_subject.get(subject, 0) >= self.max_subscriptions_per_token:
            return TooManySocketsError(limit=self.max_subscriptions_per_token)
        self.open += 1
        self.by_subject[subject] = self.by_subject.get(subject, 0) + 1
        return None

    def release(self, principal: Principal) -> None:
        subject = (principal.tenant, principal.subject)
        self.open -= 1
        self.by_subject[subject] -= 1
        if not self.by_subject[subject]:
            del self.by_subject[subject]
