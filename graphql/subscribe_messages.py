"""What a subscribe message on an acknowledged socket must be before strawberry runs it: a payload of the shape
strawberry assumes, and no more operations in flight on the socket than a token's subject may hold
subscriptions (strawberry's own cap, off here, answers without a code)."""

from __future__ import annotations

from collections.abc import Collection

from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.request_body import InvalidRequestError
from isotrail.projections.fanout import TooManySubscriptionsError

MALFORMED_SUBSCRIBE = InvalidRequestError(
    reason_vi="«query» của thông điệp subscribe phải là chuỗi, «variables» là đối tượng JSON, "
              "«operationName» là chuỗi",
    reason_en="a subscribe message's `query` must be a string, `variables` a JSON object and "
              "`operationName` a string")


def subscribe_refusal(message: SubscribeMessage, operations: Collection[str], limit: int) -> IsotrailError | None:
    """Why the socket, running ``operations``, may not run ``message``; None if it may."""
    if not _well_formed(message.get("payload")):
        return MALFORMED_SUBSCRIBE
    if len(operations) >= limit and message["id"] not in operations:
        return TooManySubscriptionsError(limit=limit)
    return None


def _well_formed(payload: object) -> bool:
    """What strawberry assumes of a subscribe message's payload, checked before it runs."""
    return (isinstance(payload, dict) and isinstance(payload.get("query"), str)
            and isinstance(payload.get("variables") or {}, dict)
            and isinstance(payload.get("operationName") or "", str))
