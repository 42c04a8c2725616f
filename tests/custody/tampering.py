"""What an attacker with direct database access does first: switch the append-only guards off."""

from contextlib import contextmanager

from django.db import connection

from accounts.dbguards import TRIGGER_MARK

GUARDED = ("custody_custodyevent", "custody_checkpoint")


@contextmanager
def guards_off():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are deferred: their pending checks must fire before ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in GUARDED:
                cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
            try:
                yield cursor
            finally:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in GUARDED:
                    cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s AND tbl_name IN "
                       "(%s, %s)", [f"%{TRIGGER_MARK}%", *GUARDED])
        triggers = cursor.fetchall()
        assert triggers, "expected the append-only triggers to be installed"
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield cursor
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)
