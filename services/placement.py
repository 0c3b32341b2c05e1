"""Servers a tenant's schema can live on, named by libpq URLs: checked before one is stored or used.

A placement is stored in the registry, which every process reads: it must carry no password (give
passwords through ``PGPASSFILE`` or ``PGPASSWORD``, which libpq, psycopg and asyncpg all read).
"""

from __future__ import annotations

import psycopg
from psycopg.conninfo import conninfo_to_dict

from isotrail.services.placement_errors import PlacementUrlError


def parse_server_url(url: str) -> dict[str, str]:
    """The URL's connection parameters; raises :class:`PlacementUrlError` for one libpq cannot read."""
    try:
        return {key: str(value) for key, value in conninfo_to_dict(url).items()}
    except psycopg.ProgrammingError as error:
        raise PlacementUrlError(reason_vi=f"libpq không đọc được ({str(error).strip()})",
                                reason_en=f"libpq cannot read it ({str(error).strip()})") from None


def check_placement_url(url: str) -> str:
    """The URL, if it names a database and carries no password (it is stored where every process reads it)."""
    info = parse_server_url(url)
    if info.get("password"):
        raise PlacementUrlError(reason_vi="không ghi mật khẩu trong URL; dùng PGPASSFILE hoặc PGPASSWORD",
                                reason_en="put no password in the URL; use PGPASSFILE or PGPASSWORD")
    if not info.get("dbname"):
        raise PlacementUrlError(reason_vi="URL phải nêu tên cơ sở dữ liệu", reason_en="the URL must name a database")
    return url


def server_label(url: str) -> str:
    """host:port/dbname, for messages: never the password."""
    info = parse_server_url(url)
    database = info.get("dbname") or info.get("user") or ""
    return f"{info.get('host') or 'localhost'}:{info.get('port') or '5432'}/{database}"


def same_database(a: str, b: str) -> bool:
    """Whether two URLs name the same database of the same server (as written: host, port, dbname)."""
    return server_label(a) == server_label(b)
