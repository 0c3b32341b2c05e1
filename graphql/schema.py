"""The GraphQL schema: the feature modules' query pieces merged into one ``Query``."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types
from strawberry.types import Info

from isotrail.graphql.errors import mask_unexpected_errors
from isotrail.graphql.findings import FindingQueries
from isotrail.graphql.history import HistoryQueries
from isotrail.graphql.mutations import Mutation
from isotrail.graphql.national import NationalQueries
from isotrail.graphql.permissions import TenantReader
from isotrail.graphql.programmes import ProgrammeQueries
from isotrail.graphql.subscriptions import Subscription
from isotrail.graphql.units import UnitQueries


@strawberry.type
class Me:
    subject: str
    tenant: str
    role: str


@strawberry.type
class MeQuery:
    @strawberry.field(permission_classes=[TenantReader], description="Who the token says you are.")
    def me(self, info: Info) -> Me:
        principal = info.context.principal
        return Me(subject=principal.subject, tenant=principal.tenant, role=principal.role.value)


Query = merge_types("Query", (MeQuery, UnitQueries, ProgrammeQueries, FindingQueries, HistoryQueries,
                              NationalQueries))

MAX_DEPTH = 8  # deep enough for programme → summary / weaknesses, far from abusive nesting
MAX_ALIASES = 30
MAX_TOKENS = 2000

schema = strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription, extensions=[
    lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
    lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
    lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    mask_unexpected_errors,
])
