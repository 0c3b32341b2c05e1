"""Words for those who fill a value in or read it: a dataclass field's description (a command's field, a team
member's name) and an enum member's (an inspection form), kept beside what they describe. GraphQL shows them
on the input fields and enum values these become (graphql/command_inputs.py, graphql/enums.py).
"""

from __future__ import annotations

from dataclasses import MISSING, Field, field
from enum import Enum
from typing import Any

DESCRIPTION = "isotrail.description"  # the key of a field's description in its metadata
_MEMBERS: dict[type[Enum], dict[Enum, str]] = {}


def described(text: str, *, default: Any = MISSING) -> Any:
    """A dataclass field (with ``default``, if given) whose description is ``text``."""
    return field(default=default, metadata={DESCRIPTION: text})


def description_of(given: Field[Any]) -> str | None:
    """The description a field was given with :func:`described`, if any."""
    return given.metadata.get(DESCRIPTION)


def describe_members(enum: type[Enum], texts: dict[Any, str]) -> None:
    """Gives each member of ``enum`` its description; raises ``ValueError`` naming a member left out."""
    missing = [member.name for member in enum if not texts.get(member)]
    if missing:
        raise ValueError(f"{enum.__name__}: no description for {', '.join(missing)}")
    _MEMBERS[enum] = {enum(member): text for member, text in texts.items()}


def member_description(member: Enum) -> str | None:
    """The description :func:`describe_members` gave ``member``, if any."""
    return _MEMBERS.get(type(member), {}).get(member)
