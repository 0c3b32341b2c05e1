"""SQL identifiers, quoted in one place for both sides (the read models through asyncpg, the move and time
travel through psycopg). Names come from a validated :class:`~isotrail.domain.tenancy.Tenant` and from
constants in code, never from input; quoting keeps them exactly as written (no case folding) and doubles
any quote inside."""

from __future__ import annotations


def quoted(*parts: str) -> str:
    """``"schema"."table"`` (or one name alone), each part quoted."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)
