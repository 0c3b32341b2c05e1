"""The GraphQL schema: the feature modules' query pieces merged into one ``Query``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES
from strawberry.types import ExecutionResult, Info
from strawberry.types.graphql import OperationType

from isotrail.graphql.arguments import CheckedArguments
from isotrail.graphql.catalogues import CatalogueQueries
from isotrail.graphql.compiled_reads import CompiledReads
from isotrail.graphql.document_templates import DocumentTemplateQueries
from isotrail.graphql.enums import Role
from isotrail.graphql.execution import ExecutionContext
from isotrail.graphql.findings import FindingQueries
from isotrail.graphql.history import HistoryQueries
from isotrail.graphql.inspections import InspectionQueries
from isotrail.graphql.limits import CheckedDocuments
from isotrail.graphql.mutations import Mutation
from isotrail.graphql.national import NationalQueries
from isotrail.graphql.nodes import NodeQueries
from isotrail.graphql.on_site_candidates import OnSiteCandidateQueries
from isotrail.graphql.permissions import allowed
from isotrail.graphql.persisted_queries import RegisterPersisted
from isotrail.graphql.programmes import ProgrammeQueries
from isotrail.graphql.response_cache import CachedResponses
from isotrail.graphql.scalars import SCALARS
from isotrail.graphql.subscriptions import Subscription
from isotrail.graphql.time_travel import TimeTravelQueries
from isotrail.graphql.unexpected_errors import mask_unexpected_errors, unexpected_errors
from isotrail.graphql.units import UnitQueries
from isotrail.services.permissions import Action


@strawberry.type(description="Who the verified token says calls: the one source of your tenant and role.")
class Me:
    subject: str = strawberry.field(description="The token's subject (its `sub`): the actor id your commands record.")
    tenant: str = strawberry.field(description='The tenant slug it names: your province ("soc_trang").')
    role: Role = strawberry.field(description="Your role (a unit representative is confined to one unit).")


@strawberry.type
class MeQuery:
    @strawberry.field(extensions=allowed(Action.READ_TENANT), description="Who the token says you are.")
    def me(self, info: Info) -> Me:
        principal = info.context.principal
        return Me(subject=principal.subject, tenant=principal.tenant.slug, role=principal.role)


@strawberry.type(description=(
    "What a token may read: its tenant's read models (units, programmes, inspections, findings, timelines), the "
    "event store (history, time travel), the catalogues and, for the ministry, the national figures."))
class Query(MeQuery, NodeQueries, UnitQueries, ProgrammeQueries, InspectionQueries, FindingQueries,
            HistoryQueries, TimeTravelQueries, NationalQueries, CatalogueQueries, OnSiteCandidateQueries,
            DocumentTemplateQueries):
    """The feature modules' query pieces merged, as strawberry's ``merge_types`` would, with a description."""


class Schema(strawberry.Schema):
    async def execute(self, *args: Any, allowed_operation_types: Iterable[OperationType] | None = None,
                      **kwargs: Any) -> ExecutionResult:
        """Subscriptions run over WebSocket (``subscribe``) only: over HTTP one would run as a query and fail
        with an untyped error, so ``execute`` refuses them (strawberry's 400, typed by the controller)."""
        allowed = set(DEFAULT_ALLOWED_OPERATION_TYPES if allowed_operation_types is None else allowed_operation_types)
        return await super().execute(*args, allowed_operation_types=allowed - {OperationType.SUBSCRIPTION}, **kwargs)

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        super().process_errors(unexpected_errors(errors), execution_context)


schema = Schema(query=Query, mutation=Mutation, subscription=Subscription,
                           extensions=[CheckedDocuments, RegisterPersisted, CheckedArguments, CachedResponses,
                                       mask_unexpected_errors, CompiledReads],
                           execution_context_class=ExecutionContext, scalar_overrides=SCALARS)
