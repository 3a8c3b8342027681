"""The database refuses UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on the audit trail's table: triggers,
installed by the migration that creates it. Each statement is run whole (SQLite's migration editor splits a
script on semicolons, which a trigger's body contains)."""
from __future__ import annotations

from typing import Any

REFUSAL = 'the audit trail is append-only'

SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
]
POSTGRES = [
    "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$",
    'DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_entry',
    'CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry '
    'FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()',
    'DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry',
    'CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry '
    'FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()',
]


def statements(dialect: str) -> list[str]:
    return SQLITE if dialect == 'sqlite' else POSTGRES


async def install(client: Any) -> None:
    """Create the triggers on the connection `client` (a Tortoise client of either database)."""
    for statement in statements(client.capabilities.dialect):
        await client.execute_query(statement)
