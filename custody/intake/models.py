"""Registration batches: the items registered together by one call, printable as a whole."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from warehouse.models import Case


class RegistrationBatch(models.Model):
    """The items registered together by one registration call (a form, a CSV file): one intake
    batch, printable as a whole. Its REGISTERED events are contiguous in the ledger (appended under
    one lock), so the batch is the range ``first_seq``–``last_seq``; ``first_seq`` is its public
    number. Append-only (the database refuses UPDATE and DELETE)."""

    first_seq = models.PositiveBigIntegerField(_("first ledger event"), unique=True)
    last_seq = models.PositiveBigIntegerField(_("last ledger event"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="registration_batches",
                             verbose_name=_("case"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("registered by"))
    registered_at = models.DateTimeField(_("registered at"))
    item_count = models.PositiveIntegerField(_("items"))

    class Meta:
        verbose_name = _("registration batch")
        verbose_name_plural = _("registration batches")
        ordering = ["-first_seq"]
        constraints = [models.CheckConstraint(condition=Q(last_seq__gte=models.F("first_seq")),
                                              name="registrationbatch_range")]

    def __str__(self):
        return f"#{self.first_seq} ({self.item_count})"
