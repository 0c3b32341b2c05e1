"""The domain's enums as GraphQL enums, one definition each, for inputs and outputs alike: a command's field
(command_inputs.py), a filter (filters.py) and the field an object shows take the same enum, whose values
are the domain's members' names (``COMMUNE_COMMITTEE``) and whose descriptions are the words the domain
keeps beside each member (domain/described.py), with the Vietnamese term.

The modules naming one import it from here, so that it is made GraphQL's before any type names it. An
output field typed with one of these may hold the member or its stored string (a read model's column):
both are shown as the member's name.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from isotrail.domain.carried_over import RecheckOutcome
from isotrail.domain.catalogue import CatalogueStatus
from isotrail.domain.described import member_description
from isotrail.domain.inspection_decision import TeamRole
from isotrail.domain.inspection_values import (
    AssessmentResult,
    InspectionStatus,
    NonconformityStatus,
    RecommendationSource,
)
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.qms_obligation import QmsObligation
from isotrail.domain.record_kinds import RecordKind
from isotrail.domain.roles import Role
from isotrail.domain.unit_values import UnitKind

__all__ = ["AssessmentResult", "CatalogueStatus", "InspectionForm", "InspectionStatus", "NonconformityStatus",
           "ProgrammeStatus", "QmsObligation", "RecheckOutcome", "RecommendationSource", "RecordKind", "Role",
           "TeamRole", "UnitKind",
           "described", "graphql_enum", "named_enum"]

GRAPHQL_NAMES: dict[type[Enum], str] = {NonconformityStatus: "FindingStatus"}  # the rest: the class's name


class UndescribedEnumError(TypeError):
    """A domain enum a GraphQL type uses without words for itself (its docstring) and for each member
    (domain/described.py's ``describe_members``)."""


def graphql_enum(domain_enum: type[Enum]) -> type[Enum]:
    """``domain_enum`` made a GraphQL enum once (a GraphQL type has one definition per name), described by
    the words the domain keeps beside it: its docstring and each member's ``describe_members`` text. One
    made a GraphQL enum elsewhere first (strawberry.enum on it) still gets them."""
    descriptions = {member.value: member_description(member) for member in domain_enum}
    missing = [member.name for member in domain_enum if not descriptions[member.value]]
    if missing or not domain_enum.__doc__:
        raise UndescribedEnumError(f"{domain_enum.__name__}: describe it and each of its members "
                                   f"(describe_members); missing: {', '.join(missing) or 'its docstring'}")
    if not hasattr(domain_enum, "__strawberry_definition__"):
        strawberry.enum(domain_enum, name=GRAPHQL_NAMES.get(domain_enum))
    definition = domain_enum.__strawberry_definition__  # type: ignore[attr-defined]
    definition.description = definition.description or " ".join(domain_enum.__doc__.split())
    return described(domain_enum, descriptions)


def described(enum: type[Enum], by_value: dict[Any, str | None]) -> type[Enum]:
    """``enum`` (a strawberry enum) with each value not yet described described by ``by_value`` (its Python
    value → text)."""
    for value in enum.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = value.description or by_value[value.value]
    return enum


def named_enum(name: str, description: str, values: dict[str, str]) -> type[Enum]:
    """A GraphQL enum generated from ``values`` (its Python value → description), each named by its value
    upper-cased (``next_report_due_on`` → ``NEXT_REPORT_DUE_ON``)."""
    enum = Enum(name, {value.upper(): value for value in values}, module=__name__)  # type: ignore[misc]
    return described(strawberry.enum(enum, description=description), values)


# the ones the schema shows: made here, before any type names them
for _enum in (UnitKind, QmsObligation, ProgrammeStatus, InspectionForm, InspectionStatus, NonconformityStatus,
              AssessmentResult, RecommendationSource, Role, TeamRole, CatalogueStatus, RecordKind, RecheckOutcome):
    graphql_enum(_enum)
