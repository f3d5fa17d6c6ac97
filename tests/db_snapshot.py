"""A fingerprint of the whole database: every table's row count and a checksum of its rows, to
prove that a request changed nothing."""

import hashlib

from django.db import connection

# Tables a refused request may touch without changing anything of the programme's data:
# the session store (a refused request may still leave a message in the session).
IGNORED_TABLES = frozenset({"django_session"})


def database_snapshot() -> dict[str, tuple[int, str]]:
    """Row count and checksum of every table but IGNORED_TABLES. Rows are hashed in a fixed
    order (sorted by their text) so the same rows give the same checksum on SQLite and
    PostgreSQL whatever order the database returns them in."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - IGNORED_TABLES):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(tuple(map(_plain, row))) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            snapshot[table] = (len(rows), digest)
    return snapshot


def _plain(value):
    # PostgreSQL returns binary columns as memoryview, whose repr is its address.
    return bytes(value) if isinstance(value, memoryview) else value


def changed_tables(before: dict, after: dict) -> list[str]:
    """The tables whose rows differ, with their row counts before and after."""
    return [
        f"{table} ({before.get(table, (0,))[0]} → {after.get(table, (0,))[0]} rows)"
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    ]
