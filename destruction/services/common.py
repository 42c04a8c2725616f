"""Small helpers shared by the destruction services."""

from django.utils.translation import gettext_lazy as _

from accounts.access import visible_agency_ids
from accounts.errors import Conflict, NotAllowed
from custody.services.core import require_permission

from ..models import DestructionBatch

__all__ = ["lock_batch", "require_permission", "require_status"]


def lock_batch(actor, batch: DestructionBatch) -> DestructionBatch:
    """Lock the batch row for this transaction and check the actor's agency runs it (or is above)."""
    locked = DestructionBatch.objects.select_for_update().select_related("facility__contractor", "warehouse",
                                                                          "agency").get(pk=batch.pk)
    if locked.agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This destruction batch is not within your agency's scope."), code="out_of_scope")
    return locked


def require_status(batch: DestructionBatch, *statuses: str) -> None:
    if batch.status not in statuses:
        raise Conflict(
            _("Batch %(code)s is “%(status)s”: this is not possible now.")
            % {"code": batch.code, "status": batch.get_status_display()},
            code="batch_status",
        )
