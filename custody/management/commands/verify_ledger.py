"""Re-check the whole chain of custody; exit 0 when intact, 1 when anything is wrong."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from custody.verify import verify_ledger


class Command(BaseCommand):
    help = ("Verify the custody ledger: contiguity, links, hashes, columns = payload, replay = current item "
            "state, checkpoint signatures. Exits non-zero naming the first bad sequence number.")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--public-key", action="append", default=[], metavar="PEM",
                            help="also trust this public key for checkpoints (repeatable; e.g. a retired key)")
        parser.add_argument("--chunk-size", type=int, default=5000, help="events fetched per round trip")

    def handle(self, *args, **options):
        report = verify_ledger(public_key_files=options["public_key"], chunk_size=options["chunk_size"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        elif report.ok:
            self.stdout.write(self.style.SUCCESS(str(
                _("Ledger intact: %(events)s events, %(items)s items, %(checkpoints)s checkpoints checked in "
                  "%(seconds).1f s.") % {"events": report.events, "items": report.items,
                                         "checkpoints": report.checkpoints, "seconds": report.seconds})))
        else:
            for problem in sorted(report.problems, key=lambda p: p.seq or 0):
                self.stderr.write(f"#{problem.seq} [{problem.check}] {problem.message}")
        if not report.ok:
            first = report.first
            raise CommandError(str(_("The ledger is NOT intact. First bad event: %(seq)s (%(check)s): %(message)s")
                                   % {"seq": first.seq, "check": first.check, "message": first.message}),
                               returncode=1)
