"""The shorter path of graphql/execution.py: objects whose selected fields are plain attributes are read without
one graphql-core field resolution each, a connection's ``edges { cursor node { … } }`` as its ``nodes { … }``;
anything else takes graphql-core's path with the same answer."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from isotrail.graphql.execution import ExecutionContext


@strawberry.type
class Row(relay.Node):
    code: str
    size: int | None

    @classmethod
    def resolve_id(cls, root: Row, *, info: Any) -> str:
        return root.code


ROWS = [Row(code=f"r{n}", size=n if n % 3 else None) for n in range(12)]


@strawberry.type
class Query:
    @strawberry.field
    def edges(self) -> list[relay.Edge[Row]]:
        return [relay.Edge(cursor=f"c{n}", node=row) for n, row in enumerate(ROWS)]

    @strawberry.field
    def nodes(self) -> list[Row]:
        return ROWS


class Counted(ExecutionContext):
    """Counts graphql-core's field resolutions."""

    resolved = 0

    def execute_field(self, *args: Any, **kwargs: Any) -> Any:
        Counted.resolved += 1
        return super().execute_field(*args, **kwargs)


SCHEMA = strawberry.Schema(Query, execution_context_class=Counted)


def _run(query: str) -> tuple[dict, int]:
    Counted.resolved = 0
    result = SCHEMA.execute_sync(query)
    assert result.errors is None, result.errors
    return result.data, Counted.resolved


def test_edges_and_nodes_are_read_without_one_resolution_per_field() -> None:
    edges, edge_resolutions = _run("{ edges { cursor node { id code size } } }")
    nodes, node_resolutions = _run("{ nodes { id code size } }")
    assert (edge_resolutions, node_resolutions) == (1, 1)  # the list fields themselves, nothing per row
    assert [edge["node"] for edge in edges["edges"]] == nodes["nodes"]
    assert [edge["cursor"] for edge in edges["edges"]] == [f"c{n}" for n in range(12)]
    assert nodes["nodes"][3] == {"id": relay.to_base64("Row", "r3"), "code": "r3", "size": None}


def test_a_selection_needing_graphql_core_takes_its_path_with_the_same_answer() -> None:
    fast, _ = _run("{ edges { cursor node { id code size } } }")
    typed, resolutions = _run("{ edges { cursor node { __typename id code size } } }")
    assert resolutions > len(ROWS) * 4
    assert [{k: v for k, v in edge["node"].items() if k != "__typename"} for edge in typed["edges"]] == [
        edge["node"] for edge in fast["edges"]]
