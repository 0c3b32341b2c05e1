"""The base of every typed error, and the two kinds the layers tell apart.

Each error has a stable ``code`` (what clients match on), a Vietnamese and an English message, and
carries the ids and values involved as attributes (``error.details`` holds them all). The domain's
errors come in families, one module each: a command's input (``input_errors``) and the rules of each
aggregate (``unit_errors``, ``programme_errors``, ``team_errors``, ``inspection_errors``,
``nonconformity_errors``).
"""

from __future__ import annotations

from typing import Any, ClassVar


class IsotrailError(Exception):
    """Base of every expected failure: has a stable code and a message in both languages."""

    code: ClassVar[str] = "error"
    template_vi: ClassVar[str] = "Lỗi."
    template_en: ClassVar[str] = "Error."
    field: ClassVar[str | None] = None

    def __init__(self, **details: Any) -> None:
        self.details = details
        for name, value in details.items():
            setattr(self, name, value)
        super().__init__(self.message_en)

    @property
    def message_vi(self) -> str:
        return self.template_vi.format(**self.details)

    @property
    def message_en(self) -> str:
        return self.template_en.format(**self.details)


class DomainError(IsotrailError):
    """A business rule was broken."""

    code = "rule_broken"
