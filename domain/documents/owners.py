"""Which record each kind of document is printed for: a programme (the plan, the findings register, the November
report, Phụ lục II) or an inspection (its decision, its minutes, its letters). The API shows each kind as a
field of that record's type (graphql/document_fields.py) and checks access by it: a unit representative may print
an inspection's papers of its own unit only, and no programme-wide paper, which names every unit. A new kind is
a line here (a test checks that every kind has one)."""

from __future__ import annotations

from enum import StrEnum

from isotrail.domain.documents.document import DocumentKind


class DocumentOwner(StrEnum):
    """The record a document is printed for."""

    PROGRAMME = "programme"  # a programme's whole year: names every unit in its scope
    INSPECTION = "inspection"  # one unit's inspection


OWNERS: dict[DocumentKind, DocumentOwner] = {
    DocumentKind.INSPECTION_PLAN: DocumentOwner.PROGRAMME,
    DocumentKind.FINDINGS_REGISTER: DocumentOwner.PROGRAMME,
    DocumentKind.RESULTS_REPORT: DocumentOwner.PROGRAMME,
    DocumentKind.MINISTRY_REPORT: DocumentOwner.PROGRAMME,
    DocumentKind.INSPECTION_DECISION: DocumentOwner.INSPECTION,
    DocumentKind.INSPECTION_MINUTES: DocumentOwner.INSPECTION,
    DocumentKind.FINDINGS_LETTER: DocumentOwner.INSPECTION,
    DocumentKind.NON_ACCEPTANCE_NOTICE: DocumentOwner.INSPECTION,
}
# not a tenant's record's: the Ministry's workbook of every province (``isotrail report national-report``)
NATIONAL_KINDS = frozenset({DocumentKind.NATIONAL_REPORT})
