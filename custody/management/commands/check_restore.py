"""Compare a restored database with a published checkpoint file (used by scripts/restore_drill.sh).

Exit codes: 0 the restore holds the published checkpoint; 2 the backup is behind it; 3 the ledger
disagrees with it (tampered); 4 the file is not a valid signed checkpoint.
"""

from django.core.management.base import BaseCommand, CommandError

from custody.published import BEHIND, INVALID, OK, TAMPERED, compare, load

EXIT = {OK: 0, BEHIND: 2, TAMPERED: 3, INVALID: 4}


class Command(BaseCommand):
    help = "Check the restored ledger against a published checkpoint (exit 0 ok, 2 behind, 3 tampered, 4 invalid)."

    def add_arguments(self, parser):
        parser.add_argument("checkpoint", help="published checkpoint JSON (manage.py export_checkpoint -o ...)")
        parser.add_argument("--public-key", action="append", default=[], metavar="PEM",
                            help="trust this public key for the checkpoint's signature (repeatable)")

    def handle(self, *args, checkpoint, public_key, **options):
        result = compare(load(checkpoint), public_key_files=public_key)
        if result.verdict == OK:
            self.stdout.write(self.style.SUCCESS(f"OK: {result.message}"))
            return
        raise CommandError(f"{result.verdict.upper()}: {result.message}", returncode=EXIT[result.verdict])
