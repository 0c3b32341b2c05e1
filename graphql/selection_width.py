"""How many fields one selection set asks once its fragments are spread, in one pass over the document.

graphql-core's field-merging rule (OverlappingFieldsCanBeMerged) compares every pair of fields that share a
response name in one selection set, fragments spread in: 490 ``me { tenant }`` at the root, or 150 fragments
each asking ``me``, cost it 20–30 ms before its work budget stopped it, and a caller could send such
documents, each new, all day. Real documents ask a response name once or twice in a selection set (a
fragment repeating the ``id`` beside it), and a few dozen fields. So each selection set is summed up here,
every fragment once (:func:`in_dependency_order`), and a document asking one name more than
``max_repeats`` times, or more than ``max_fields`` fields, in one selection set is refused before the rule
runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from isotrail.graphql.fragments import in_dependency_order


class TooWideError(Exception):
    """A selection set asks more fields, or one response name more often, than allowed."""


def too_wide(document: DocumentNode, max_fields: int, max_repeats: int) -> bool:
    """Whether a selection set of the document (fragments spread in) asks more than ``max_fields`` fields or
    one response name more than ``max_repeats`` times. Iterative and linear in the document: each fragment
    is summed up once and the sums stop at the limits."""
    fragments: dict[str, Counter[str]] = {}
    try:
        for fragment in in_dependency_order(document):
            fragments[fragment.name.value] = _fields(fragment.selection_set, fragments, max_fields, max_repeats)
        for selection_set in _merged_sets(document):
            _fields(selection_set, fragments, max_fields, max_repeats)
    except TooWideError:
        return True
    return False


def _fields(selection_set: SelectionSetNode, fragments: Mapping[str, Counter[str]], max_fields: int,
            max_repeats: int) -> Counter[str]:
    """How often each response name is asked in the selection set, its inline fragments and spreads in (a
    fragment not in ``fragments``, unknown or closing a cycle, adds nothing: other rules refuse both)."""
    counts: Counter[str] = Counter()
    total = 0
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                counts[key] += 1
                total += 1
                if counts[key] > max_repeats:
                    raise TooWideError
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                spread = fragments.get(selection.name.value)
                if spread:
                    total += spread.total()
                    if total > max_fields:
                        raise TooWideError
                    counts.update(spread)
                    if max(counts[key] for key in spread) > max_repeats:
                        raise TooWideError
            if total > max_fields:
                raise TooWideError
    return counts


def _merged_sets(document: DocumentNode) -> Iterator[SelectionSetNode]:
    """Every selection set whose fields graphql-core merges: an operation's, a fragment's and each field's
    (an inline fragment's belong to the one around it)."""
    pending = [d.selection_set for d in document.definitions
               if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)]
    while pending:
        selection_set = pending.pop()
        yield selection_set
        inner = [selection_set]
        while inner:
            for selection in inner.pop().selections:
                if isinstance(selection, InlineFragmentNode):
                    inner.append(selection.selection_set)
                elif isinstance(selection, FieldNode) and selection.selection_set is not None:
                    pending.append(selection.selection_set)
