"""Transfers (移送) between agencies, item by item. Status fields change only through
custody.transfers.services; the item side of every step is a ledger event written by commit_changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.history import field_history
from accounts.models import Agency
from warehouse.models import Case, Item, Warehouse

USER = settings.AUTH_USER_MODEL


class Transfer(models.Model):
    """Transfer of a case and its items to another agency (行刑衔接, 国务院令310)."""

    class Mode(models.TextChoices):
        LEGAL_ONLY = "legal_only", _("Legal custody moves, goods stay in place")
        PHYSICAL = "physical", _("Goods move to the receiving agency")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved, awaiting transfer")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        SENT = "sent", _("Sent, awaiting receipt")
        RECEIVED = "received", _("Received")
        REFUSED = "refused", _("Refused by the receiving agency")

    code = models.CharField(_("transfer number"), max_length=30, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("case"))
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="transfers_out",
                                    verbose_name=_("transferring agency"))
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="transfers_in",
                                  verbose_name=_("receiving agency"))
    mode = models.CharField(_("handover of the goods"), max_length=20, choices=Mode.choices,
                            default=Mode.LEGAL_ONLY)
    document_number = models.CharField(_("transfer document number"), max_length=80)
    reason = models.CharField(_("grounds for transfer"), max_length=1000)
    # 国务院令310: the agency head decides within 3 days of the report; the transfer follows within 24 hours.
    reported_at = models.DateTimeField(_("reported at"))
    decision_due = models.DateTimeField(_("decision due"))
    transfer_due = models.DateTimeField(_("transfer due"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              editable=False)
    prepared_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("prepared by"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_note = models.CharField(max_length=500, blank=True, editable=False)
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    destination = models.ForeignKey(Warehouse, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("destination warehouse"))
    received_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = field_history()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["to_agency", "status"], name="transfer_to_status")]
        constraints = [
            models.CheckConstraint(condition=~Q(from_agency=models.F("to_agency")), name="transfer_two_agencies"),
        ]
        permissions = [
            ("prepare_transfer", _("Can prepare transfers")),
            ("approve_transfer", _("Can approve transfers")),
            ("receive_transfer", _("Can receive transfers for the agency")),
            ("dispatch_transfer", _("Can ship transferred goods")),
            ("record_decision", _("Can record decisions and change case status")),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("custody:transfer-detail", args=[self.code])


class TransferLine(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting receipt")
        RECEIVED = "received", _("Received")
        REFUSED = "refused", _("Refused")

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="transfer_lines")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              editable=False)
    is_open = models.BooleanField(default=True, editable=False)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True, editable=False)
    history = field_history()

    class Meta:
        verbose_name = _("transferred item")
        verbose_name_plural = _("transferred items")
        ordering = ["transfer", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["transfer", "item"], name="transferline_unique_item"),
            models.UniqueConstraint(fields=["item"], condition=Q(is_open=True), name="transferline_one_open_per_item"),
        ]

    def __str__(self):
        return f"{self.transfer_id}/{self.item_id}"
