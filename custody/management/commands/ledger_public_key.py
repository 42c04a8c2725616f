"""Print the public key that checks the ledger's checkpoints, for other agencies and auditors."""

from django.core.management.base import BaseCommand

from custody.checkpoints import fingerprint, public_key, public_key_pem


class Command(BaseCommand):
    help = "Print the Ed25519 public key (PEM) that verifies ledger checkpoints, or its fingerprint."

    def add_arguments(self, parser):
        parser.add_argument("--fingerprint", action="store_true", help="print only the SHA-256 fingerprint")

    def handle(self, *args, **options):
        key = public_key()
        if options["fingerprint"]:
            self.stdout.write(fingerprint(key))
        else:
            self.stdout.write(public_key_pem(key), ending="")
