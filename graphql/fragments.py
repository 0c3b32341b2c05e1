"""A document's fragments in an order that lets every walk over it visit each fragment once.

A fragment may be spread many times, and spreads of spreads multiply: ``{...F0}`` with ``F0 {...F1 ...F1}``,
``F1 {...F2 ...F2}`` … resolves 2²¹ fields from 22 lines. A walk that expands each spread costs as much as
that (17.5 s of event loop for one such request); a walk that sums up each fragment once, after the
fragments it spreads, costs as much as the document's text. :func:`in_dependency_order` gives that order.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode, FragmentDefinitionNode, FragmentSpreadNode, SelectionSetNode


def in_dependency_order(document: DocumentNode) -> list[FragmentDefinitionNode]:
    """Each fragment after every fragment it spreads. A spread that closes a cycle is left out of the order
    (graphql-core's NoFragmentCyclesRule refuses the document), so walks that meet it count it as empty.
    Iterative: a chain of a few hundred fragments fits in 2,000 tokens, which recursion would not survive."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    order: list[FragmentDefinitionNode] = []
    seen: set[str] = set()
    for root, definition in fragments.items():
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, spread_names(definition.selection_set))]
        while stack:
            name, spreads = stack[-1]
            following = next((s for s in spreads if s in fragments and s not in seen), None)
            if following is None:
                stack.pop()
                order.append(fragments[name])
            else:
                seen.add(following)
                stack.append((following, spread_names(fragments[following].selection_set)))
    return order


def spread_names(selection_set: SelectionSetNode) -> Iterator[str]:
    """The names of the fragments spread anywhere inside the selection set."""
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif selection.selection_set is not None:
                pending.append(selection.selection_set)
