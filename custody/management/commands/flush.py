"""Django's ``flush``, allowed only on a test database.

The test runner empties the database between transactional tests with ``flush``; the ledger's
append-only triggers would (rightly) refuse that. This command lifts the guard for its own
session, and only when the database is a test database; on any other database it refuses.
"""

from django.conf import settings
from django.core.management import CommandError
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from accounts.dbguards import PURGE_SETTING, PURGE_VALUE, TRIGGER_MARK


class Command(DjangoFlush):
    def handle(self, **options):
        connection = connections[options["database"]]
        name = str(connection.settings_dict["NAME"])
        test_name = str(connection.settings_dict.get("TEST", {}).get("NAME") or "")
        is_test_database = name.rsplit("/", 1)[-1].startswith("test") or (test_name and name == test_name)
        if not is_test_database and not getattr(settings, "ALLOW_FLUSH", False):
            raise CommandError("flush would destroy the chain of custody; it only runs on a test database.")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, %s, false)", [PURGE_SETTING, PURGE_VALUE])
            try:
                return super().handle(**options)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, '', false)", [PURGE_SETTING])
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                           [f"%{TRIGGER_MARK}%"])
            triggers = cursor.fetchall()
            for trigger_name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{trigger_name}"')
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
