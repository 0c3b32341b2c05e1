"""Short-lived signed download links: a document asked for through GraphQL is fetched from the same app at
``/documents/<tenant>/<kind>/<object id>.<format>?…`` with no token, so the link itself is the capability — who
holds it may fetch that one file until it expires. It therefore names everything the download re-checks: the
tenant, the role (and a unit representative's unit) that asked, the kind, the object, the format, the date the
document speaks as of, the template version and the sha256 of the file handed over, the recorded issue, and
its expiry (5 minutes by default); an HMAC-SHA256 with the server's key signs all of them, so changing any one
(another tenant, another object, a later expiry) makes the signature wrong. The download verifies the signature,
then the expiry, then runs the same permission and unit checks as the GraphQL field (graphql/document_files.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote, urlencode
from uuid import UUID

from isotrail.domain.errors import IsotrailError
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.documents.settings import DocumentSettings

PREFIX = "/documents"
_CONTEXT = b"isotrail document links v1"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TEMPLATE = re.compile(r"[A-Za-z0-9._-]{1,80}")
_NAME = re.compile(r"[a-z0-9-]{1,60}")
_SIGNATURE = re.compile(r"[A-Za-z0-9_-]{43}")
_EXPIRES = re.compile(r"[0-9]{1,12}")
MIN_KEY_BYTES = 32


class DocumentLinkInvalidError(IsotrailError):
    """The download link is not one this server signed as it stands (forged, altered or cut short)."""

    code = "document_link_invalid"
    field = "signature"
    template_vi = "Đường dẫn tải văn bản không hợp lệ hoặc đã bị sửa đổi; hãy yêu cầu lại văn bản."
    template_en = "The document link is not valid or was altered; ask for the document again."


class DocumentLinkExpiredError(IsotrailError):
    """The download link was signed here but has expired."""

    code = "document_link_expired"
    field = "expires"
    template_vi = "Đường dẫn tải văn bản đã hết hạn; hãy yêu cầu lại văn bản."
    template_en = "The document link expired at {expired_at}; ask for the document again."


@dataclass(frozen=True)
class DocumentLink:
    """What a link grants: ``role`` (and ``unit_id``) of ``tenant`` fetching the ``kind`` of document of
    ``object_id`` as ``format``, as of ``as_of``, made by ``template_version`` with digest ``sha256``, under the
    recorded issue ``issue_id``, until ``expires`` (seconds since the epoch)."""

    tenant: Tenant
    role: Role
    unit_id: UUID | None
    kind: str
    object_id: UUID
    format: str
    as_of: date
    template_version: str
    sha256: str
    issue_id: UUID | None
    expires: int

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.expires, tz=UTC)

    def path(self) -> str:
        return f"{PREFIX}/{quote(self.tenant.slug)}/{self.kind}/{self.object_id}.{self.format}"

    def query(self) -> dict[str, str]:
        return {"asOf": self.as_of.isoformat(), "template": self.template_version, "sha256": self.sha256,
                "role": self.role.value, **({"unit": str(self.unit_id)} if self.unit_id else {}),
                **({"issue": str(self.issue_id)} if self.issue_id else {}), "expires": str(self.expires)}

    def canonical(self) -> bytes:
        """The fields signed, one a line, each already parsed to its strict form (none can hold a newline)."""
        return "\n".join(("1", self.tenant.slug, self.role.value, str(self.unit_id or ""), self.kind,
                          str(self.object_id), self.format, self.as_of.isoformat(), self.template_version,
                          self.sha256, str(self.issue_id or ""), str(self.expires))).encode()


class DocumentLinks:
    """Signs and verifies links with one key; ``clock`` gives seconds since the epoch."""

    def __init__(self, key: bytes, *, ttl_seconds: int = 300, clock: Callable[[], float] = time.time) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ValueError("the document link key must be at least 32 bytes")
        self._key, self.ttl_seconds, self._clock = key, ttl_seconds, clock

    @classmethod
    def for_settings(cls, settings: DocumentSettings, auth_secret: str | None, home: Path) -> DocumentLinks:
        """The key the settings give; else one derived from the token secret (so replicas sharing it share
        this), else one kept in ``home`` (a developer's machine)."""
        if settings.link_secret:
            key = settings.link_secret.encode()
        elif auth_secret:
            key = hmac.new(auth_secret.encode(), _CONTEXT, hashlib.sha256).digest()
        else:
            key = _home_key(home)
        return cls(key, ttl_seconds=settings.link_ttl_seconds)

    def expiry(self) -> int:
        """The expiry of a link signed now."""
        return int(self._clock()) + self.ttl_seconds

    def url(self, link: DocumentLink) -> str:
        """The link's path and query, its signature last (relative to the server that signed it)."""
        return f"{link.path()}?{urlencode({**link.query(), 'signature': self._sign(link)})}"

    def verify(self, tenant: str, kind: str, file: str, query: Mapping[str, str]) -> DocumentLink:
        """The link these path parts and query parameters make, if this key signed it and it has not expired.

        Raises:
            DocumentLinkInvalidError: a part is malformed or missing, or the signature is not this key's.
            DocumentLinkExpiredError: the signature is right but the link has expired.
        """
        link = _parsed(tenant, kind, file, query)
        given = query.get("signature", "")
        if link is None or not _SIGNATURE.fullmatch(given) or not hmac.compare_digest(given, self._sign(link)):
            raise DocumentLinkInvalidError()
        if link.expires <= self._clock():
            raise DocumentLinkExpiredError(expired_at=link.expires_at.isoformat())
        return link

    def _sign(self, link: DocumentLink) -> str:
        digest = hmac.new(self._key, link.canonical(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _parsed(tenant: str, kind: str, file: str, query: Mapping[str, str]) -> DocumentLink | None:
    """The link the parts say, each in its strict form; None when any is malformed."""
    object_id, _, format_ = file.rpartition(".")
    try:
        unit, issue = query.get("unit"), query.get("issue")
        link = DocumentLink(
            tenant=Tenant(tenant), role=Role(query["role"]), unit_id=UUID(unit) if unit else None, kind=kind,
            object_id=UUID(object_id), format=format_, as_of=date.fromisoformat(query["asOf"]),
            template_version=query["template"], sha256=query["sha256"], issue_id=UUID(issue) if issue else None,
            expires=int(query["expires"]))
    except (KeyError, ValueError, IsotrailError):  # a tenant slug that is none is InvalidTenantSlugError
        return None
    strict = (_NAME.fullmatch(kind) and _NAME.fullmatch(format_) and _SHA256.fullmatch(link.sha256)
              and _TEMPLATE.fullmatch(link.template_version) and str(link.object_id) == object_id
              and _EXPIRES.fullmatch(query["expires"]))
    return link if strict else None


def _home_key(home: Path) -> bytes:
    """The key kept in ``home`` (made there, readable by this user only, on first use)."""
    path = home.expanduser() / "document-link-secret"
    if not path.exists():
        home.expanduser().mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip().encode()
