"""The base of every typed error, and the two kinds the layers tell apart.

Each error has a stable ``code`` (what clients match on), a Vietnamese and an English message, and
carries the ids and values involved as attributes (``error.details`` holds them all, for clients to match on).
The Vietnamese message never shows an id, an ISO date or a field's Python name: it names a field by its label, a
record by its name (``names``: given by whoever knows it, services/record_names.py; unnamed, the template's noun
reads alone: "Cơ quan «{unit_id}» …" is "Cơ quan «Sở Y tế» …" or "Cơ quan …"), and a date
as dd/mm/yyyy (domain/field_labels.py); the English message shows the details as they are. The domain's
errors come in families, one module each: a command's input (``input_errors``) and the rules of each
aggregate (``unit_errors``, ``programme_errors``, ``team_errors``, ``inspection_errors``,
``nonconformity_errors``).
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from isotrail.domain.field_labels import field_label, tidy, vietnamese


class IsotrailError(Exception):
    """Base of every expected failure: has a stable code and a message in both languages."""

    code: ClassVar[str] = "error"
    template_vi: ClassVar[str] = "Lỗi."
    template_en: ClassVar[str] = "Error."
    field: ClassVar[str | None] = None
    field_details: ClassVar[tuple[str, ...]] = ()  # the details that name a field: shown by its Vietnamese label

    def __init__(self, **details: Any) -> None:
        self.details = details
        self.names: dict[UUID, str] = {}  # the Vietnamese name of each record an id in the details stands for
        for name, value in details.items():
            setattr(self, name, value)
        super().__init__(self.message_en)

    @property
    def message_vi(self) -> str:
        shown = {key: field_label(value) if key in self.field_details else vietnamese(value, self.names)
                 for key, value in self.details.items()}
        return tidy(self.template_vi.format(**shown))

    @property
    def message_en(self) -> str:
        return self.template_en.format(**self.details)


class DomainError(IsotrailError):
    """A business rule was broken."""

    code = "rule_broken"
