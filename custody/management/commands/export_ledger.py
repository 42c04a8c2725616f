"""Write the ledger as JSON Lines for an outside auditor (see docs/ledger.md)."""

from django.core.management.base import BaseCommand

from custody.export import export_lines


class Command(BaseCommand):
    help = ("Export the custody ledger, its checkpoints and the items' current state as JSON Lines; "
            "check the file with tools/verify_ledger_export.py.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="file to write (default: standard output)")

    def handle(self, *args, output, **options):
        if output == "-":
            for line in export_lines():
                self.stdout.write(line, ending="")
            return
        with open(output, "w", encoding="utf-8") as handle:
            handle.writelines(export_lines())
