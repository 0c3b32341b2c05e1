"""Circular 26/2014, Art. 33: at least one third of a programme's units are inspected on site (the rest by
dossier and report), checked when the plan is approved."""

from __future__ import annotations

import math

from isotrail.domain.programme_errors import OnSiteShareTooLowError

ON_SITE_MINIMUM_SHARE = (1, 3)


def required_on_site(units_in_scope: int) -> int:
    """How many of ``units_in_scope`` units must be inspected on site: a third, rounded up."""
    numerator, denominator = ON_SITE_MINIMUM_SHARE
    return math.ceil(units_in_scope * numerator / denominator)


def require_on_site_share(on_site: int, units_in_scope: int) -> None:
    """Raises :class:`OnSiteShareTooLowError` when fewer than the required units are inspected on site."""
    required = required_on_site(units_in_scope)
    if on_site < required:
        raise OnSiteShareTooLowError(on_site=on_site, total=units_in_scope, required=required)
