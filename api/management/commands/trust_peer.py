"""Register another deployment's public key (PEM file) as a trusted peer for case bundles."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.errors import DomainError
from api.services import add_trusted_peer


class Command(BaseCommand):
    help = "Trust case bundles signed with the given Ed25519 public key."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("public_key_file")

    def handle(self, name, public_key_file, **options):
        try:
            peer = add_trusted_peer(name=name, public_key_pem=Path(public_key_file).read_text(encoding="utf-8"))
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        self.stdout.write(f"trusted {peer.name} {peer.fingerprint}")
