"""Circular 26/2014, Art. 33: at least one third of the agencies that must apply a QMS are inspected on site each
year (the rest by dossier and report), checked when the plan is approved.

The denominator is the article's: the agencies bound to apply a QMS (Decision 19/2014 Art. 2.1), which are the
mandatory units of the tenant's register on the plan's date (``plan_coverage.mandatory_units``: registered, not
dissolved, of a kind bound then) — not the plan's scope. So a plan that adds encouraged units (the commune level,
public service units) to its scope does not raise the number to visit, and visiting them does not count toward it:
the numerator is the mandatory units the plan inspects on site (a unit applying another unit's shared QMS, Circular
26 Art. 6, is inspected on site when its host is: ``plan_coverage.covered_on_site``). A mandatory unit the approver
knowingly leaves out (``plan_coverage``) still counts in the denominator: the article counts the agencies, not the
plan's choices. A third rounded up: Sóc Trăng 2020's 46 mandatory units need 16 on site (it visited all 78 units).
"""

from __future__ import annotations

import math

from isotrail.domain.programme_errors import OnSiteShareTooLowError

ON_SITE_MINIMUM_SHARE = (1, 3)


def required_on_site(mandatory_units: int) -> int:
    """How many of ``mandatory_units`` units bound to apply a QMS must be inspected on site: a third, rounded up."""
    numerator, denominator = ON_SITE_MINIMUM_SHARE
    return math.ceil(mandatory_units * numerator / denominator)


def require_on_site_share(on_site: int, mandatory_units: int) -> None:
    """Raises :class:`OnSiteShareTooLowError` when fewer than the required mandatory units are inspected on site."""
    required = required_on_site(mandatory_units)
    if on_site < required:
        raise OnSiteShareTooLowError(on_site=on_site, total=mandatory_units, required=required)
