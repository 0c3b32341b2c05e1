"""Commands on the tenant registry rather than on one tenant: merging provinces (1 Jul 2025, Sóc Trăng and Hậu
Giang into Cần Thơ city), and their handler.

A tenant's commands (services/commands/handle.py) act on one aggregate of the token's own tenant. These act
across tenants: they name every tenant in their fields, never through the caller's token or a header, and are
issued alike by the CLI (``isotrail tenant merge``, as the system role) and by GraphQL (``mergeTenants``,
graphql/tenant_mutations.py). Both build the definition and hand it to :func:`administer`, which checks the
permission table (``Action.MERGE_TENANTS``: the ministry's role and the system role, never a tenant admin) and runs
it; a run again after a success or a failure half-way is safe (services/tenant_merge.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from isotrail.domain.described import described
from isotrail.domain.input_errors import InvalidTenantSlugError, InvalidValueError
from isotrail.domain.tenancy import TENANT_SLUG, Tenant
from isotrail.services.commands.base import taken_effect
from isotrail.services.permissions import Action, Caller, authorize
from isotrail.services.tenant_merge import MergeReport, merge_tenants
from isotrail.services.tenants import TenantRegistry

MAX_PREDECESSORS = 63  # the provinces before 1 Jul 2025
ECHOED = 41  # a refused slug is echoed this long at most (a slug is at most 40 characters)


@dataclass(frozen=True, kw_only=True)
class RegistryCommand:
    """What a caller asks of the tenant registry, across tenants; it may be refused."""


@dataclass(frozen=True, kw_only=True)
class MergeTenants(RegistryCommand):
    """Merge provinces into a successor from a date: they take no more commands, and it reads them as its own."""

    into: str = described('The successor\'s tenant slug ("can_tho"); created, named `displayName`, if it does not '
                          "exist yet.")
    predecessors: list[str] = described(
        f'The slugs of the tenants merged into it ("soc_trang", "hau_giang"); 1–{MAX_PREDECESSORS}, the successor '
        "not among them.")
    effective_on: date = described("Ngày hiệu lực: from when they are part of the successor (2025-07-01); not after "
                                   "today, as the predecessors take no write from the merge on (INVALID_VALUE).")
    display_name: str | None = described(
        'The successor\'s display name ("Sở Khoa học và Công nghệ thành phố Cần Thơ"), to create it; 1–200 '
        "characters. Null: the successor must exist.", default=None)
    decision_number: str | None = described(
        'Số/ký hiệu of the decision that ordered the merge ("202/2025/QH15"); at most 100 characters.', default=None)
    decision_date: date | None = described("The decision's date.", default=None)


def _tenant(slug: str) -> Tenant:
    """The tenant a slug names; a slug that cannot name one is refused, echoed no longer than a slug may be."""
    if not TENANT_SLUG.fullmatch(slug):
        raise InvalidTenantSlugError(slug=slug[:ECHOED] + "…" if len(slug) > ECHOED else slug)
    return Tenant(slug)


def administer(tenants: TenantRegistry, caller: Caller, command: MergeTenants) -> MergeReport:
    """Run a registry command for ``caller``.

    Args:
        tenants: the tenant registry.
        caller: who asks, in which role (the ministry's, or the system's for the CLI).
        command: the definition.

    Returns:
        The merge's report: the successor's and predecessors' rows after it, and what this run did.

    Raises ``PermissionDeniedError`` for a role that may not, ``InvalidTenantSlugError``, ``InvalidValueError``
    (too many predecessors) and services/tenant_merge.py's errors (``TenantNotFoundError``,
    ``MergeIntoItselfError``, ``AlreadyMergedError``, ``SuccessorNameRequiredError``, …).
    """
    authorize(caller, Action.MERGE_TENANTS)
    if len(command.predecessors) > MAX_PREDECESSORS:
        raise InvalidValueError(field_name="predecessors", reason_vi=f"tối đa {MAX_PREDECESSORS} tỉnh/thành phố",
                                reason_en=f"at most {MAX_PREDECESSORS} tenants")
    taken_effect(command.effective_on, "effective_on", what_vi="hợp nhất", what_en="a merge")
    into = _tenant(command.into)
    predecessors = [_tenant(slug) for slug in command.predecessors]
    return merge_tenants(tenants, into, predecessors, command.effective_on, display_name=command.display_name,
                         decision_number=command.decision_number, decision_date=command.decision_date)
