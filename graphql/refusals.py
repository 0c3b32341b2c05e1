"""Refusals the libraries state as an HTTP status with an English reason — Litestar's (an unknown path, a
method a route does not take, a missing metrics token, a malformed parameter) and strawberry's (plain text:
no query, ``variables`` not an object, a subscription over HTTP) — as typed errors, like every other
answer of the API."""

from __future__ import annotations

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.status_codes import (
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_405_METHOD_NOT_ALLOWED,
)

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import error_response
from isotrail.graphql.request_body import InvalidRequestError, SubscriptionOverHttpError


class RouteNotFoundError(IsotrailError):
    """No route answers this path."""

    code = "route_not_found"
    template_vi = "Không có đường dẫn «{path}» trên máy chủ này."
    template_en = "There is no '{path}' on this server."


class MethodNotAllowedError(IsotrailError):
    """The route does not take this HTTP method."""

    code = "method_not_allowed"
    template_vi = "Đường dẫn «{path}» không nhận phương thức {method}."
    template_en = "'{path}' does not take {method}."


class CredentialsRequiredError(IsotrailError):
    """The route needs credentials the request does not bear."""

    code = "credentials_required"
    template_vi = "Cần thông tin xác thực hợp lệ (Authorization: Bearer …) cho «{path}»."
    template_en = "'{path}' needs valid credentials (Authorization: Bearer …)."


def typed_refusal(request: Request, refused: HTTPException) -> Response:
    """Litestar's exception handler for its HTTP exceptions."""
    return error_response(refusal(refused.status_code, refused.detail, request), refused.status_code)


def refusal(status: int, reason: str, request: Request) -> IsotrailError:
    """The typed error for a library's refusal of ``request`` with ``status`` and an English ``reason``."""
    path = request.url.path
    if status == HTTP_404_NOT_FOUND:
        return RouteNotFoundError(path=path)
    if status == HTTP_405_METHOD_NOT_ALLOWED:
        return MethodNotAllowedError(path=path, method=request.method)
    if status in (HTTP_401_UNAUTHORIZED, HTTP_403_FORBIDDEN):
        return CredentialsRequiredError(path=path)
    if reason.startswith("subscriptions are not allowed"):
        return SubscriptionOverHttpError()
    return InvalidRequestError(reason_vi=_REASONS_VI.get(reason, "xem thông điệp tiếng Anh"), reason_en=reason)


# strawberry's reasons for refusing a request, in Vietnamese
_REASONS_VI = {
    "Unsupported content type": "kiểu nội dung không được hỗ trợ (dùng application/json)",
    "No GraphQL query found in the request": "yêu cầu không có truy vấn GraphQL (trường «query»)",
    "The GraphQL operation's `query` must be a string or null, if provided.": "«query» phải là chuỗi",
    "The GraphQL operation's `variables` must be an object or null, if provided.": "«variables» phải là đối tượng",
    "The GraphQL operation's `extensions` must be an object or null, if provided.": "«extensions» phải là đối tượng",
    "Can't get GraphQL operation type": "không xác định được thao tác (kiểm tra «operationName»)",
    "mutations are not allowed when using GET": "không chạy mutation qua GET; hãy dùng POST",
}
