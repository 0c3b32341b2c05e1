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
from isotrail.graphql.request_body import InvalidRequestError


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


class SubscriptionOverHttpError(IsotrailError):
    """A subscription was sent as an HTTP request."""

    code = "subscription_over_http"
    template_vi = "Đăng ký theo dõi (subscription) chỉ chạy qua WebSocket (graphql-transport-ws) tại /graphql."
    template_en = "Subscriptions run over WebSocket (graphql-transport-ws) at /graphql, not over HTTP."


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
    if reason.startswith("Unknown operation named"):
        return InvalidRequestError(reason_vi="truy vấn không có thao tác mang tên trong «operationName»",
                                   reason_en=reason)
    return InvalidRequestError(reason_vi=_REASONS_VI.get(reason, _OTHER_REASON_VI), reason_en=reason)


# a library's reason not translated below (Litestar's for a malformed parameter, say: each names the parameter)
_OTHER_REASON_VI = ("máy chủ không đọc được yêu cầu này (tham số hoặc nội dung sai định dạng; "
                    "chi tiết ở thông điệp tiếng Anh)")


# strawberry's reasons for refusing a request, in Vietnamese
_REASONS_VI = {
    "Unsupported content type": "kiểu nội dung không được hỗ trợ (dùng application/json)",
    "No GraphQL query found in the request": "yêu cầu không có truy vấn GraphQL (trường «query»)",
    "The GraphQL operation's `query` must be a string or null, if provided.": "«query» phải là chuỗi",
    "The GraphQL operation's `variables` must be an object or null, if provided.": "«variables» phải là đối tượng",
    "The GraphQL operation's `extensions` must be an object or null, if provided.": "«extensions» phải là đối tượng",
    "Can't get GraphQL operation type": "không xác định được thao tác (kiểm tra «operationName»)",
    "mutations are not allowed when using GET": "không chạy mutation qua GET; hãy dùng POST",
    "Unable to parse request body as JSON": "nội dung không phải JSON hợp lệ",
    "Unable to parse the multipart body": "không đọc được nội dung multipart",
    "File(s) missing in form data": "thiếu tệp trong dữ liệu biểu mẫu",
    "Batching is not enabled": "không nhận nhiều truy vấn trong một yêu cầu (batching)",
    "Too many operations": "quá nhiều thao tác trong một yêu cầu",
    "GraphQL only supports GET and POST requests.": "GraphQL chỉ nhận yêu cầu GET và POST",
    "Not Found": "không tìm thấy",
}
