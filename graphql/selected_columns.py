"""The columns a page's rows need for what the request selects of them, as PostGraphile asks PostgreSQL for
what was asked: a type read from a read model declares beside itself which columns each of its fields reads
(``Unit.COLUMNS_OF``), and its list field asks the page for those of the fields selected under the
connection's ``nodes { … }`` and ``edges { node { … } }`` (fragments included; ``@skip``/``@include``
counted as selected), never fewer than the row's id. A field whose entry is None, or without one, reads every
column."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from strawberry.types import Info
from strawberry.types.nodes import SelectedField, Selection

ROWS_UNDER = {"nodes": (), "edges": ("node",)}  # where a connection's rows are, by field names down from it


def columns_selected(info: Info, columns_of: Mapping[str, Sequence[str] | None],
                     every: Sequence[str]) -> tuple[str, ...]:
    """Of ``every`` (the first of them the row's id), in that order, the columns the fields selected on the
    rows of the connection ``info`` resolves read (``columns_of`` by GraphQL field name)."""
    needed = {every[0]}
    for field in _rows_fields(info.selected_fields):
        columns = columns_of.get(field.name)
        if columns is None:
            return tuple(every)
        needed.update(columns)
    return tuple(column for column in every if column in needed)


def _rows_fields(connection: list[Selection]) -> Iterator[SelectedField]:
    for field in _fields(connection):
        for under in _fields(field.selections):
            if under.name not in ROWS_UNDER:
                continue
            rows = [under]
            for name in ROWS_UNDER[under.name]:
                rows = [inner for outer in rows for inner in _fields(outer.selections) if inner.name == name]
            for row in rows:
                yield from _fields(row.selections)


def _fields(selections: list[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection, those of its fragments included."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from _fields(selection.selections)
