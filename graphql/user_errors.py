"""A mutation's expected failures as data (Shopify's ``userErrors``): a broken rule, a refusal, or a stored
command the read models cannot show yet.

``code`` is :data:`UserErrorCode`, an enum of every code a command or the read-your-writes wait can give:
each typed error of the domain's and the services' error families and the wait's two, the code in upper
case (``INVALID_VALUE`` for ``invalid_value``, which the top-level errors' ``extensions.code`` spells in
lower case). ``field`` is the input's path to the value at fault, camel-cased (``["input", "member",
"name"]``), or null when no one value is; ``message`` is the Vietnamese message (``messageVi``),
``messageEn`` the English one.
"""

from __future__ import annotations

from enum import Enum
from types import ModuleType
from uuid import UUID

import strawberry

from isotrail.domain import (
    carried_over_errors,
    input_errors,
    inspection_errors,
    nonconformity_errors,
    programme_errors,
    reorganisation_errors,
    team_errors,
    unit_errors,
)
from isotrail.domain.errors import DomainError, IsotrailError
from isotrail.projections import recorded_failures, waiting
from isotrail.services import (
    availability_errors,
    conflict_errors,
    merge_errors,
    not_found_errors,
    permission_errors,
    placement_errors,
)
from isotrail.services.documents import upload_errors
from isotrail.services.not_found_errors import NotFoundError

# where the typed errors a mutation may answer are defined: the domain's and the services' error families,
# and the read-your-writes wait's (tests/graphql/test_mutations.py fails on a family left out)
FAMILIES: tuple[ModuleType, ...] = (
    input_errors, unit_errors, reorganisation_errors, programme_errors, team_errors, inspection_errors,
    nonconformity_errors, carried_over_errors, availability_errors, conflict_errors, merge_errors, not_found_errors,
    permission_errors, placement_errors, upload_errors, waiting, recorded_failures,
)


def error_classes(module: ModuleType) -> list[type[IsotrailError]]:
    """The typed errors ``module`` defines, in its order."""
    return [value for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, IsotrailError) and value.__module__ == module.__name__]


def _codes() -> dict[str, str]:
    """Each code, described by the first class that has it (``DomainError`` for ``rule_broken``)."""
    described: dict[str, str] = {DomainError.code: _one_line(DomainError.__doc__)}
    for module in FAMILIES:
        for error in error_classes(module):
            described.setdefault(error.code, _one_line(error.__doc__))
    return described


def _holding(error: NotFoundError, paths: dict[str, list[str]], command: object) -> list[str] | None:
    """The path of the command's field that holds the id ``error`` did not find: the top-level field of that
    value, else the (nested) field named as the error's detail (``unit_id`` in ``acknowledgedMissingUnits``)."""
    missing = {name: value for name, value in error.details.items() if isinstance(value, UUID)}
    given = vars(command) if command is not None else {}
    for name, path in paths.items():
        if name in given and given[name] in missing.values():
            return path
    return next((paths[name] for name in missing if name in paths), None)


def _one_line(doc: str | None) -> str:
    """A docstring as one line: its description in the schema."""
    return " ".join((doc or "").split())


UserErrorCode = strawberry.enum(
    Enum("UserErrorCode", {code.upper(): strawberry.enum_value(code, description=doc)  # type: ignore[misc]
                           for code, doc in _codes().items()}),
    description="Why a mutation stored nothing, or why the read models cannot show what it stored yet: the "
                "error's code in upper case (the top-level errors' `extensions.code` in lower case).")


@strawberry.type(description="An expected failure of a mutation, in Vietnamese and English.")
class UserError:
    code: UserErrorCode = strawberry.field(description="What went wrong, for a client to match on.")  # type: ignore[valid-type]
    field: list[str] | None = strawberry.field(
        description='The path to the value at fault in the input, camel-cased (`["input", "member", "name"]`); '
                    "null when no one value is.")
    message: str = strawberry.field(description="The message in Vietnamese (the same as `messageVi`).")
    message_vi: str = strawberry.field(description="The message in Vietnamese.")
    message_en: str = strawberry.field(description="The message in English.")

    @classmethod
    def of(cls, error: IsotrailError, paths: dict[str, list[str]], command: object = None) -> UserError:
        """The error as data; its field by its path in the input, given the paths of the command's fields (an id
        not found: the command's field holding it)."""
        field = paths.get(error.field) if error.field else None
        if (path := getattr(error, "path", None)) is not None:  # a row's error: its place in the list
            field = [*paths.get("rows", ["input", "rows"]), *path[1:]]
        if field is None and isinstance(error, NotFoundError):
            field = _holding(error, paths, command)
        return cls(code=UserErrorCode(error.code), field=field, message=error.message_vi,
                   message_vi=error.message_vi, message_en=error.message_en)
