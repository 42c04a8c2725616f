"""Sign the ledger's current head; meant for cron (every few minutes) and for operators."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from custody.checkpoints import make_checkpoint
from custody.models import Checkpoint


class Command(BaseCommand):
    help = "Sign a checkpoint of the custody ledger (does nothing when the head has not moved, unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--reason", choices=Checkpoint.Reason.values, default=Checkpoint.Reason.SCHEDULED)
        parser.add_argument("--force", action="store_true", help="sign even when the head has not moved")

    def handle(self, *args, reason, force, **options):
        checkpoint = make_checkpoint(reason=reason, force=force)
        if checkpoint is None:
            self.stdout.write(str(_("The ledger is empty: nothing to sign.")))
            return
        self.stdout.write(
            f"{_('Checkpoint')} #{checkpoint.seq} {checkpoint.head_hash} "
            f"{checkpoint.signed_at.isoformat()} key {checkpoint.key_fingerprint[:16]}"
        )
