"""``node(id)`` and ``nodes(ids)``: any object of the graph by its global id (Relay's object identification,
graphql/global_ids.py), each type finding its own through the request's reader. An id that decodes to no
type of the graph answers ``node_not_found``; one of a known type that is not in reach, that type's
not-found (``unit_not_found``, …), as ``unit(id)`` does."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.relay.types import GlobalIDValueError
from strawberry.types import Info

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.findings import Finding
from isotrail.graphql.inspections import Inspection
from isotrail.graphql.page_sizes import costed_at
from isotrail.graphql.permissions import allowed
from isotrail.graphql.programmes import Programme
from isotrail.graphql.units import Unit
from isotrail.services.not_found_errors import NotFoundError
from isotrail.services.permissions import Action

MAX_NODES = 100
NODE_TYPES: dict[str, type[relay.Node]] = {
    node_type.__strawberry_definition__.name: node_type for node_type in (Unit, Programme, Inspection, Finding)}


class NodeNotFoundError(NotFoundError):
    code = "node_not_found"
    template_vi = "Không tìm thấy đối tượng có id «{id}»."
    template_en = "No object has the id '{id}'."


class TooManyIdsError(IsotrailError):
    code = "too_many_ids"
    field = "ids"
    template_vi = "Tối đa {maximum} id mỗi lần; đã nhận {given}."
    template_en = "At most {maximum} ids at a time; got {given}."


@typed_errors
async def _node(info: Info, id: str) -> relay.Node:  # noqa: A002 - a global id
    try:
        global_id = relay.GlobalID.from_id(id)
    except GlobalIDValueError:
        raise NodeNotFoundError(id=id) from None
    node_type = NODE_TYPES.get(global_id.type_name)
    if node_type is None:
        raise NodeNotFoundError(id=id)
    [node] = await node_type.resolve_nodes(info=info, node_ids=[global_id.node_id], required=True)
    return node


@strawberry.type
class NodeQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Any object by its global id (its id field). Not in your reach: its type's not-found error (unit_not_found, "
        "programme_not_found, inspection_not_found, nonconformity_not_found), or node_not_found."))
    async def node(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(  # noqa: A002 - Relay's
            description="A global id: an object's `id` field (not its uuid).")]) -> relay.Node | None:
        return await _node(info, id)

    @strawberry.field(extensions=allowed(Action.READ_TENANT), metadata=costed_at(MAX_NODES), description=(
        f"Objects by their global ids, in the order given (at most {MAX_NODES}: error code too_many_ids); one not in "
        "your reach is null, with its not-found error at its index."))
    @typed_errors
    async def nodes(
        self, info: Info, ids: Annotated[list[strawberry.ID], strawberry.argument(
            description=f"Global ids: objects' `id` fields (not their uuids), at most {MAX_NODES}.")]
    ) -> list[relay.Node | None]:
        if len(ids) > MAX_NODES:
            raise TooManyIdsError(maximum=MAX_NODES, given=len(ids))
        return [_node(info, id_) for id_ in ids]  # each awaited by graphql-core: a failure nulls its index only
