"""Every text a read sends as an argument is checked once, here, before any resolver runs.

A NUL or a lone surrogate in a filter (``search``, ``kind``, ``clause``, ``statuses``, a cursor, an
ordering) reached PostgreSQL, which refused it, and the client got an error with no code. Rather than
each resolver checking its own arguments (and the next one forgetting), :class:`CheckedArguments` looks
at every argument of every field and directive of the document — string literals, and the variables'
values wherever an argument uses them (their defaults too) — with the same
:func:`~isotrail.domain.refused_characters.check_characters` as free text at the command boundary, and
refuses the request with ``invalid_value`` naming the argument; so is a text longer than
:data:`MAX_ARGUMENT_CHARS`.

A mutation's texts — every place its input types a ``String``, in input objects and lists too
(``input.member.name``) — are left to its command: each is a command's field, checked by the domain
(multi-line fields may hold line breaks there), and refused in the payload's ``userErrors`` with its path
in the input, as any other broken rule. Its other values (a ``UUID``, a ``Date``, an enum, a number, a
value under a field its input type lacks) are checked here as a query's are, refused naming their place
(``input.unitId``):
graphql-core's refusal of such a value repeats it, and a lone surrogate in that message made the answer
unencodable (HTTP 500).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
)
from strawberry.extensions import SchemaExtension

from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.refused_characters import check_characters
from isotrail.graphql.argument_texts import texts
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.text_arguments import plan

MAX_ARGUMENT_CHARS = 2000  # a command's longest free text; a search term is far shorter, a cursor ~1,700 at most


def refused_argument(document: DocumentNode, schema: GraphQLSchema, variables: Mapping[str, Any], *,
                     mutation: bool = False) -> InvalidValueError | None:
    """The first argument holding a character no text of ours may hold, as the error naming its place; in a
    ``mutation``, only among the values its command does not check."""
    arguments, defaults = plan(document, schema)
    for name, node, of_type in arguments:
        for where, text, is_string in texts(node, of_type, name, variables, defaults):
            if mutation and is_string:
                continue
            if len(text) > MAX_ARGUMENT_CHARS:  # before any work in proportion to it
                return InvalidValueError(field_name=where, reason_vi=f"dài quá {MAX_ARGUMENT_CHARS} ký tự",
                                         reason_en=f"longer than {MAX_ARGUMENT_CHARS} characters")
            try:
                check_characters(text, where)
            except InvalidValueError as error:
                return error
    return None


def _is_mutation(document: DocumentNode, operation_name: str | None) -> bool:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next((o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)),
                  None)
    return chosen is not None and chosen.operation == OperationType.MUTATION


class CheckedArguments(SchemaExtension):
    """Refuses a request whose arguments hold a refused character (see the module)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            variables = context.variables if isinstance(context.variables, Mapping) else {}
            refused = refused_argument(document, context.schema._schema, variables,  # graphql-core's schema
                                       mutation=_is_mutation(document, context.operation_name))
            if refused is not None:
                context.pre_execution_errors = [as_graphql_error(refused)]
        yield
