"""Append-only tables: the database itself refuses UPDATE, DELETE (and TRUNCATE on PostgreSQL).

Used by the migrations that protect the custody ledger and every django-simple-history table.
The only way around is the test database purge in custody's ``flush`` command: on PostgreSQL it
sets ``custody.maintenance`` for its own session; on SQLite it drops and re-creates the triggers.
An administrator with direct database access can still drop triggers; the hash chain and the
signed checkpoints are what make that visible.
"""

from django.db import migrations

PURGE_SETTING = "custody.maintenance"
PURGE_VALUE = "purge-test-database"
TRIGGER_MARK = "append_only"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION custody_append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('{PURGE_SETTING}', true) = '{PURGE_VALUE}' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def protect_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f'DROP TRIGGER IF EXISTS {table}_{TRIGGER_MARK} ON "{table}"',
            f'CREATE TRIGGER {table}_{TRIGGER_MARK} BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION custody_append_only_guard()",
            f'DROP TRIGGER IF EXISTS {table}_{TRIGGER_MARK}_truncate ON "{table}"',
            f'CREATE TRIGGER {table}_{TRIGGER_MARK}_truncate BEFORE TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION custody_append_only_guard()",
        ]
    if vendor == "sqlite":
        return [
            f'CREATE TRIGGER IF NOT EXISTS {table}_{TRIGGER_MARK}_{op.lower()} BEFORE {op} ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, 'table {table} is append-only: {op} refused'); END"
            for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"append-only triggers are written for PostgreSQL and SQLite, not {vendor}")


def unprotect_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS {table}_{TRIGGER_MARK} ON "{table}"',
                f'DROP TRIGGER IF EXISTS {table}_{TRIGGER_MARK}_truncate ON "{table}"']
    return [f"DROP TRIGGER IF EXISTS {table}_{TRIGGER_MARK}_{op}" for op in ("update", "delete")]


def ProtectAppendOnly(*tables: str) -> migrations.RunPython:  # noqa: N802 (reads like an operation)
    """A migration operation that installs the guards on ``tables`` (and removes them on reverse)."""

    def forwards(apps, schema_editor):
        for table in tables:
            for statement in protect_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(statement, params=None)

    def backwards(apps, schema_editor):
        for table in tables:
            for statement in unprotect_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(statement, params=None)

    return migrations.RunPython(forwards, backwards, elidable=False)
