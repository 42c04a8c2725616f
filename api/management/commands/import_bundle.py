"""Verify and import a case bundle file, as a user of this deployment (default: the first superuser or
a user with api.import_bundle). Exits non-zero, naming the reason, when the bundle does not verify."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.errors import DomainError
from accounts.models import Agency
from api.bundles import import_bundle


class Command(BaseCommand):
    help = "Verify a signed case bundle (signature, checkpoint, event hashes) and keep it as received evidence."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="username of the importing user (needs api.import_bundle)")

    def handle(self, file, user=None, **options):
        actor = self._actor(user)
        try:
            imported = import_bundle(actor=actor, raw=Path(file).read_bytes())
        except DomainError as error:
            raise CommandError(f"refused: {error.code}: {error.message}") from None
        self.stdout.write(f"imported {imported.case_number}: {imported.item_count} items, {imported.event_count} "
                          f"events, checkpoint #{imported.checkpoint_seq}, sha256 {imported.sha256}")

    def _actor(self, username):
        users = get_user_model().objects
        if username:
            return users.get(username=username)
        actor = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            # A fresh deployment: a system user of the central agency does the import from the command line.
            agency = Agency.objects.order_by("path").first()
            if agency is None:
                from accounts.services import create_agency

                agency = create_agency(name="本部署 this deployment", agency_type=Agency.Type.MARKET,
                                       level=Agency.Level.CENTRAL, division_code="100000")
            actor = users.create_superuser(username="bundle-import", email="", password=None, agency=agency)
        return actor
