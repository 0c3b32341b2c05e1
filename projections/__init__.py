"""Read models built from the tenants' event logs with asyncpg (the next release)."""
