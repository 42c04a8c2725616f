"""The database itself refuses to rewrite the ledger and the field history."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from custody.models import CustodyEvent


def history_tables():
    return sorted(m._meta.db_table for m in apps.get_models() if m.__name__.startswith("Historical"))


def guarded_tables():
    return ["custody_custodyevent", "custody_checkpoint", *history_tables()]


@pytest.mark.parametrize("statement", ["UPDATE {table} SET {column} = {column}", "DELETE FROM {table}"])
def test_ledger_and_history_refuse_update_and_delete(world, statement):
    world.items(world.case())  # at least one row in the ledger, item history and user history
    for table in ["custody_custodyevent", "warehouse_historicalitem", "accounts_historicaluser"]:
        column = "seq" if table == "custody_custodyevent" else "history_id"
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement.format(table=table, column=column))
    assert CustodyEvent.objects.count() == 1


def test_every_history_table_and_the_ledger_are_guarded(db):
    """A new tracked model without its guard migration fails here."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%append_only%'")
        else:
            cursor.execute("SELECT event_object_table FROM information_schema.triggers "
                           "WHERE trigger_name LIKE '%%append_only%%'")
        guarded = {row[0] for row in cursor.fetchall()}
    assert set(guarded_tables()) <= guarded


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE triggers exist on PostgreSQL only")
def test_truncate_is_refused_on_postgresql(tx_world):
    tx_world.items(tx_world.case())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE custody_custodyevent CASCADE")
