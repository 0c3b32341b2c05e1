"""The documents' enums as GraphQL's: ``DocumentKind`` and ``DocumentFormat``, described by
services/documents/kinds.py."""

from __future__ import annotations

from isotrail.graphql.enums import graphql_enum
from isotrail.services.documents.kinds import DocumentFormat, DocumentKind

DocumentKindEnum = graphql_enum(DocumentKind)
DocumentFormatEnum = graphql_enum(DocumentFormat)
