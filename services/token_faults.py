"""Why a token is refused, in the words of a person reading the message (Vietnamese and English).

PyJWT names its failures after its own classes (``InvalidSignatureError``, ``DecodeError``); clients get
these reasons instead, under the one code ``invalid_token``, and the library's names stay inside.
"""

from __future__ import annotations

from dataclasses import dataclass

import jwt


@dataclass(frozen=True)
class TokenFault:
    """One reason for refusing a token, in both languages."""

    vi: str
    en: str


NO_BEARER = TokenFault("thiếu mã xác thực (Authorization: Bearer …)", "no bearer token")
MALFORMED = TokenFault("không đúng định dạng JWT", "not a well-formed JWT")
FORGED = TokenFault("chữ ký không khớp (mã bị sửa hoặc ký bằng khóa khác)",
                    "the signature does not match (altered, or signed with another key)")
ALGORITHM = TokenFault("thuật toán ký không được chấp nhận", "signed with an algorithm this server does not accept")
SIGNING_KEY = TokenFault("không tìm được khóa ký của nhà cung cấp định danh",
                         "the identity provider's signing key could not be found")
AUDIENCE = TokenFault("không dành cho máy chủ này (aud)", "not meant for this server (its audience, aud)")
EXPIRED = TokenFault("đã hết hạn", "expired")
NOT_YET_VALID = TokenFault("chưa đến thời điểm có hiệu lực", "not valid yet")
ROLE = TokenFault("vai trò không có hoặc không được cấp qua mã xác thực",
                  "the role is unknown or not one a token can grant")
TENANT = TokenFault("mã tỉnh/thành phố không hợp lệ", "the tenant is not a valid tenant slug")
ROLES_AMBIGUOUS = TokenFault("mang nhiều hơn một vai trò của isotrail; phải đúng một",
                             "it carries more than one isotrail role; exactly one is needed")
MINTS_NONE = TokenFault("máy chủ này chỉ xác minh mã RS256 của nhà cung cấp định danh, không phát hành mã",
                        "this server verifies RS256 tokens of an identity provider; it mints none")


def issuer(expected: str) -> TokenFault:
    return TokenFault(f"không do «{expected}» phát hành (iss)", f"not issued by '{expected}' (iss)")


def unit_not_uuid(claim: str) -> TokenFault:
    return TokenFault(f"mã đơn vị (trường «{claim}») không phải UUID", f"{claim} is not a UUID")


def unit_representative_without_unit(claim: str) -> TokenFault:
    return TokenFault(f"vai trò đại diện đơn vị phải kèm mã đơn vị (trường «{claim}»)",
                      f"a unit representative's token must name its unit ({claim})")


def missing_claim(claim: str) -> TokenFault:
    return TokenFault(f"thiếu trường «{claim}»", f"the claim '{claim}' is missing")


def subject(reason_vi: str, reason_en: str) -> TokenFault:
    """The subject (``sub``) is refused for ``reason``: domain/text.py's, as for any name."""
    return TokenFault(f"chủ thể (sub) {reason_vi}", f"the subject (sub) {reason_en}")


SUBJECT_NOT_TEXT = subject("không phải chuỗi", "is not a string")


def lifetime_too_long(max_seconds: int) -> TokenFault:
    return TokenFault(f"thời hạn dài hơn mức tối đa {max_seconds} giây",
                      f"its lifetime is longer than the maximum of {max_seconds} seconds")


def fault_of(error: jwt.PyJWTError, expected_issuer: str) -> TokenFault:
    """The reason a PyJWT failure stands for; any failure not named here is a malformed token."""
    if isinstance(error, jwt.MissingRequiredClaimError):
        return missing_claim(error.claim)
    if isinstance(error, jwt.InvalidIssuerError):
        return issuer(expected_issuer)
    for kind, fault in _FAULTS:
        if isinstance(error, kind):
            return fault
    return MALFORMED


_FAULTS: tuple[tuple[type[jwt.PyJWTError], TokenFault], ...] = (  # subclasses before their bases
    (jwt.ExpiredSignatureError, EXPIRED),
    (jwt.ImmatureSignatureError, NOT_YET_VALID),
    (jwt.InvalidSignatureError, FORGED),
    (jwt.InvalidAlgorithmError, ALGORITHM),
    (jwt.InvalidAudienceError, AUDIENCE),
    (jwt.PyJWKClientError, SIGNING_KEY),
    (jwt.exceptions.InvalidSubjectError, SUBJECT_NOT_TEXT),
)
