"""Write a signed checkpoint of the ledger head to a file to keep outside the database backups."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from custody.published import export_checkpoint


class Command(BaseCommand):
    help = "Sign the ledger head and write the published checkpoint as JSON (-o FILE, default stdout)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, output=None, **options):
        document = export_checkpoint()
        if document is None:
            raise CommandError("The ledger is empty: nothing to publish.")
        text = json.dumps(document, indent=2, sort_keys=True) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"published checkpoint #{document['seq']} written to {output}")
        else:
            sys.stdout.write(text)
