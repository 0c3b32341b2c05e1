"""The cost walk sums each fragment up once: the same figures as expanding every spread, in linear time."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
    get_introspection_query,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    parse,
    specified_rules,
)

from isotrail.graphql.checked_document import MAX_ALIASES, MAX_DEPTH, check
from isotrail.graphql.cost import UNPAGED_LIST_SIZE, operation_cost
from isotrail.graphql.inspections import INSPECTION_FINDINGS
from isotrail.graphql.limits import max_cost
from isotrail.graphql.page_sizes import PAGE_SIZES, declared_length, page_size
from isotrail.graphql.programmes import PROGRAMME_UNITS
from isotrail.graphql.schema import schema
from isotrail.graphql.units import UNIT_FINDINGS
from isotrail.projections.page_windows import DEFAULT_PAGE_SIZE

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "graphql" / "examples").rglob("*.graphql"))
RULES = tuple(specified_rules)
UNIT = "id code name kind registeredOn lastInspectedOn openNonconformities overdue"
WITH_FRAGMENTS = {  # documents whose fragments are spread under connections, lists and each other
    "page sizes flow into a fragment on the connection": (
        "query($n: Int = 7) { units(first: $n) { ...Page } more: units { ...Page } } "
        "fragment Page on UnitConnection { nodes { ...Unit } pageInfo { hasNextPage } } "
        f"fragment Unit on Unit {{ {UNIT} }}", {}),
    "a variable's value wins over its default": (
        "query($n: Int = 7) { units(first: $n) { ...Page } } "
        "fragment Page on UnitConnection { nodes { ...Unit } } "
        f"fragment Unit on Unit {{ {UNIT} }}", {"n": 120}),
    "inline fragments and nested spreads": (
        "{ programmes(first: 3) { nodes { ... on Programme { code weaknesses { ...W } } ...P } } } "
        "fragment P on Programme { summary { inspected } weaknesses { ...W ...W } } "
        "fragment W on ClauseWeakness { itemCode clause units }", {}),
    "one fragment at three page sizes": (
        "{ a: units(first: 2) { ...N } b: units(first: 30) { ...N } c: units { ...N } } "
        "fragment N on UnitConnection { nodes { ...Unit } } "
        f"fragment Unit on Unit {{ {UNIT} }}", {}),
    "edges and nodes under a backward page": (
        "query($n: Int = 9) { units(last: $n, before: \"x\") { ...Page totalCount } } "
        "fragment Page on UnitConnection { edges { cursor node { ...Unit } } nodes { ...Unit } "
        "pageInfo { hasPreviousPage startCursor } } "
        f"fragment Unit on Unit {{ {UNIT} }}", {"n": 40}),
    "findings beside units": (
        "query($f: Int) { findings(first: $f) { nodes { itemCode status } } ...U } "
        f"fragment U on Query {{ units(first: 5) {{ nodes {{ {UNIT} }} }} }}", {"f": None}),
}


def expanded_cost(document: Any, variables: Mapping[str, Any]) -> int:
    """The cost as the walk computed it before fragments were memoised: every spread expanded, every
    field listed with the list sizes above it (introspection left out, as it then was)."""
    gs = schema._schema
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    defaults = {v.variable.name.value: int(v.default_value.value) for v in operation.variable_definitions or ()
                if isinstance(v.default_value, IntValueNode)}

    def size(name: str) -> int:
        value = variables.get(name, defaults.get(name))
        return page_size(value if isinstance(value, int) else None)

    def first(field: FieldNode) -> int:
        argument = next((a for a in field.arguments or () if a.name.value in PAGE_SIZES), None)
        if argument is not None and isinstance(argument.value, VariableNode):
            return size(argument.value.name.value)
        if argument is not None and isinstance(argument.value, IntValueNode):
            return page_size(int(argument.value.value))
        return DEFAULT_PAGE_SIZE

    def fields(parent: Any, selections: Any, factors: tuple[int, ...], page: int | None) -> Iterator[tuple]:
        for selection in selections.selections:
            if isinstance(selection, FragmentSpreadNode):
                fragment = fragments[selection.name.value]
                inner = gs.get_type(fragment.type_condition.name.value)
                yield from fields(inner, fragment.selection_set, factors, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                yield from fields(gs.get_type(condition.name.value) if condition else parent,
                                  selection.selection_set, factors, page)
            elif not selection.name.value.startswith("__"):
                yield factors
                field = getattr(parent, "fields", {}).get(selection.name.value)
                if field is None or selection.selection_set is None:
                    continue
                given = first(selection) if field.args.keys() & PAGE_SIZES else None
                field_type = get_nullable_type(field.type)
                if isinstance(field_type, GraphQLList):
                    length = given if given is not None else page if page is not None else (
                        declared_length(field) or UNPAGED_LIST_SIZE)
                    yield from fields(get_named_type(field_type), selection.selection_set, (*factors, length), None)
                else:
                    yield from fields(field_type, selection.selection_set, factors, given)

    root = gs.get_root_type(operation.operation)
    return sum(math.prod(factors) for factors in fields(root, operation.selection_set, (), None))


def _checked(query: str) -> Any:
    checked = check(schema._schema, query, RULES)
    assert checked.errors == (), checked.errors
    return checked


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_cost_what_they_cost_before(path: Path) -> None:
    query = path.read_text()
    assert _checked(query).cost({}, None) == expanded_cost(parse(query), {})


@pytest.mark.parametrize("name", WITH_FRAGMENTS)
def test_fragments_cost_what_their_spreads_would(name: str) -> None:
    query, variables = WITH_FRAGMENTS[name]
    cost = _checked(query).cost(variables, None)
    assert cost == expanded_cost(parse(query), variables) and cost > 0


def test_last_costs_as_first_and_edges_and_nodes_both_count_the_page() -> None:
    def cost(arguments: str, selection: str) -> int:
        return _checked(f"{{ units({arguments}) {{ {selection} }} }}").cost({}, None)

    edges, nodes = "edges { cursor node { name code } }", "nodes { name code }"
    for selection in (edges, nodes):
        assert cost("last: 30", selection) == cost("first: 30", selection) < cost("last: 60", selection)
        assert cost("last: 60", selection) - cost("last: 30", selection) == 30 * (
            cost("last: 2", selection) - cost("last: 1", selection))
    assert cost("last: 30", f"{edges} {nodes}") == cost("last: 30", edges) + cost("last: 30", nodes) - 1
    assert cost("first: 30", "totalCount") == cost("first: 200", "totalCount") == 2
    variables = _checked("query($n: Int) { units(last: $n) { nodes { name } } }")
    assert variables.cost({"n": 150}, None) == cost("last: 150", "nodes { name }")


def test_fragments_that_double_at_each_step_are_costed_in_linear_time(report: Callable[[str], None]) -> None:
    """The issue's document: 2²⁹ ``me { tenant }`` from 30 fragments; expanding it would not end. (The server
    refuses it before costing, as asking ``me`` too often in one selection set: it is costed here alone.)"""
    document = " ".join(["{...F0}", *(f"fragment F{i} on Query {{...F{i + 1} ...F{i + 1}}}" for i in range(29)),
                         "fragment F29 on Query {me{tenant}}"])
    started = time.perf_counter()
    parsed = parse(document)
    cost = operation_cost(schema._schema, parsed, get_operation_ast(parsed), {})
    elapsed = time.perf_counter() - started
    assert [e.extensions["code"] for e in check(schema._schema, document, RULES).errors] == ["query_too_complex"]
    assert cost == 2 * 2**29  # each ``me`` resolves itself and its ``tenant``
    report(f"30 doubling fragments: parsed, validated and costed ({cost:,} fields) in {elapsed * 1000:.1f} ms")


def test_a_page_size_from_variables_is_costed_per_request() -> None:
    checked = _checked(WITH_FRAGMENTS["a variable's value wins over its default"][0])
    small, large = checked.cost({"n": 2}, None), checked.cost({"n": 200}, None)
    assert small < large and checked.cost({"n": 2}, None) == small
    assert checked.cost({}, None) == checked.cost({"n": 7}, None)


def test_introspection_is_costed_about_what_it_returns() -> None:
    """One introspection query fits the limit; two in one request do not."""
    introspection = get_introspection_query(descriptions=True, specified_by_url=True, directive_is_repeatable=True,
                                            schema_description=True, input_value_deprecation=True)
    one = _checked(introspection).cost({}, None)
    assert 0 < one < max_cost(schema._schema) < 2 * one
    walk = "__schema { types { name fields { name type { name ofType { name } } } } }"
    aliased = "{ " + " ".join(f"a{i}: {walk}" for i in range(MAX_ALIASES)) + " }"
    assert _checked(aliased).cost({}, None) > max_cost(schema._schema)


def test_depth_and_aliases_count_each_spread_as_strawberry_did() -> None:
    nest = "{ units { nodes { a { b { c { d { e { f { g { h } } } } } } } } } }"
    assert "exceeds maximum operation depth of 8" in check(schema._schema, nest, RULES).errors[0].message
    deep = "{ ...P } fragment P on Query { units { ...N } } fragment N on UnitConnection { nodes " + (
        "{ a " * (MAX_DEPTH - 1)) + "{ z }" + " }" * (MAX_DEPTH - 1) + " }"
    assert "exceeds maximum operation depth" in check(schema._schema, deep, RULES).errors[0].message
    aliases = "{ ...A ...A } fragment A on Query { " + " ".join(f"a{i}: me {{ tenant }}" for i in range(16)) + " }"
    assert check(schema._schema, aliases, RULES).errors[0].message == "32 aliases found. Allowed: 30"
    cycle = "{ ...A } fragment A on Query { me { tenant } ...B } fragment B on Query { ...A }"
    assert "Cannot spread fragment 'A' within itself" in check(schema._schema, cycle, RULES).errors[0].message


def test_a_list_under_a_parent_is_costed_at_the_length_its_field_declares() -> None:
    walk = ('{ programme(id: "00000000-0000-0000-0000-000000000000") { code '
            "inspections { status nonconformities { itemCode } } } }")
    assert _checked(walk).cost({}, None) == 1 + 1 + 1 + PROGRAMME_UNITS * (1 + 1 + INSPECTION_FINDINGS * 1)
    under_a_page = "{ units(first: 3) { nodes { findings { itemCode } } } }"
    assert _checked(under_a_page).cost({}, None) == 1 + 1 + 3 * (1 + UNIT_FINDINGS * 1)
