"""Releases (调用/出库), transfers (移送), appraisals (鉴定) and the alerts they raise.

Imported at the bottom of custody/models.py so Django finds them as custody models. Status fields
change only through custody.services.releases / transfers / appraisals, each with its own
transition table; the item side of every step is a ledger event written by commit_changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Agency
from warehouse.models import Attachment, Case, Item, RightsHolder, Warehouse

__all__ = [
    "Appraisal", "AppraisalRecognition", "CustodyAlert", "ReleaseExtension", "ReleaseLine", "ReleaseRequest",
    "Transfer", "TransferLine",
]


def _history(**kwargs):
    return HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True), **kwargs)


USER = settings.AUTH_USER_MODEL


class ReleaseRequest(models.Model):
    """A case officer's request to take items out of the warehouse for a while (or for good)."""

    class Purpose(models.TextChoices):
        EXAMINATION = "examination", _("Examination")
        APPRAISAL = "appraisal", _("Appraisal")
        COURT = "court", _("Court hearing")
        RETURN_TO_OWNER = "return_to_owner", _("Return to owner")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved, awaiting execution")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        OUT = "out", _("Checked out")
        RETURNED = "returned", _("Returned")
        COMPLETED = "completed", _("Handed back to owner")

    code = models.CharField(_("request number"), max_length=30, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="release_requests", verbose_name=_("case"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    reason = models.CharField(_("reason"), max_length=500)
    recipient_name = models.CharField(_("recipient"), max_length=80)
    recipient_organisation = models.CharField(_("recipient's organisation"), max_length=120, blank=True)
    recipient_user = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                       verbose_name=_("recipient (user of this system)"))
    due_back = models.DateField(_("due back"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              editable=False)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by"))
    requesting_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+",
                                          verbose_name=_("requesting agency"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("approved or rejected by"), editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True, editable=False)
    cancelled_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     editable=False)
    # The recipient's side of the handover: signed in and confirmed, or signed the printed form.
    recipient_confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                               related_name="+", editable=False)
    recipient_confirmed_at = models.DateTimeField(_("recipient confirmed at"), null=True, blank=True,
                                                  editable=False)
    recipient_signed_printout = models.BooleanField(_("recipient signed the printed form"), default=False,
                                                    editable=False)
    history = _history()

    class Meta:
        verbose_name = _("release request")
        verbose_name_plural = _("release requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_back"], name="release_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="return_to_owner") | Q(due_back__isnull=False), name="release_due_back_needed"),
        ]
        permissions = [
            ("request_release", _("Can request releases")),
            ("approve_release", _("Can approve releases and extensions")),
            ("execute_release", _("Can hand items out and take them back")),
        ]

    def __str__(self):
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.APPROVED, self.Status.OUT)


class ReleaseLine(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        OUT = "out", _("Checked out")
        RETURNED = "returned", _("Returned")
        HANDED_TO_OWNER = "handed_to_owner", _("Handed back to owner")
        DROPPED = "dropped", _("Not released")

    class Condition(models.TextChoices):
        INTACT = "intact", _("Intact")
        DAMAGED = "damaged", _("Damaged")
        SHORT = "short", _("Shortage")
        SUBSTITUTED = "substituted", _("Substituted")

    request = models.ForeignKey(ReleaseRequest, on_delete=models.PROTECT, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="release_lines")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED,
                              editable=False)
    # True while the request may still take or keep the item out: at most one per item.
    is_open = models.BooleanField(default=True, editable=False)
    checked_out_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                       editable=False)
    checked_out_at = models.DateTimeField(null=True, blank=True, editable=False)
    returned_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    editable=False)
    returned_at = models.DateTimeField(null=True, blank=True, editable=False)
    return_condition = models.CharField(_("condition on return"), max_length=20, choices=Condition.choices,
                                        blank=True, editable=False)
    return_note = models.CharField(_("note on return"), max_length=500, blank=True, editable=False)
    history = _history()

    class Meta:
        verbose_name = _("released item")
        verbose_name_plural = _("released items")
        ordering = ["request", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "item"], name="releaseline_unique_item"),
            models.UniqueConstraint(fields=["item"], condition=Q(is_open=True), name="releaseline_one_open_per_item"),
        ]

    def __str__(self):
        return f"{self.request_id}/{self.item_id}"


class ReleaseExtension(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    request = models.ForeignKey(ReleaseRequest, on_delete=models.PROTECT, related_name="extensions")
    new_due_back = models.DateField(_("new due date"))
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              editable=False)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_note = models.CharField(max_length=500, blank=True, editable=False)
    history = _history()

    class Meta:
        verbose_name = _("release extension")
        verbose_name_plural = _("release extensions")
        ordering = ["requested_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request"], condition=Q(status="pending"),
                                               name="releaseextension_one_pending")]

    def __str__(self):
        return f"{self.request_id} → {self.new_due_back}"


class CustodyAlert(models.Model):
    """Something a supervisor must look at: damage, shortage or substitution found on return."""

    class Kind(models.TextChoices):
        DAMAGED = "damaged", _("Damaged on return")
        SHORT = "short", _("Shortage on return")
        SUBSTITUTED = "substituted", _("Substituted on return")

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="alerts")
    release = models.ForeignKey(ReleaseRequest, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="alerts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=500)
    event_seq = models.PositiveBigIntegerField(_("ledger event"), null=True, blank=True)
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                        editable=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = _history()

    class Meta:
        verbose_name = _("custody alert")
        verbose_name_plural = _("custody alerts")
        ordering = ["-raised_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.item_id}"


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
    history = _history()

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
        ]

    def __str__(self):
        return self.code


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
    history = _history()

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


class Appraisal(models.Model):
    class Kind(models.TextChoices):
        RIGHTS_HOLDER = "rights_holder", _("Rights-holder opinion")
        ACCREDITED = "accredited", _("Accredited appraisal")

    class Result(models.TextChoices):
        GENUINE = "genuine", _("Genuine")
        COUNTERFEIT = "counterfeit", _("Counterfeit")
        INCONCLUSIVE = "inconclusive", _("Inconclusive")

    code = models.CharField(_("appraisal number"), max_length=30, unique=True)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("item"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    rights_holder = models.ForeignKey(RightsHolder, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="appraisals", verbose_name=_("rights holder"))
    appraiser = models.CharField(_("appraiser"), max_length=160,
                                 help_text=_("The appraising body and the person who signed."))
    method = models.CharField(_("method"), max_length=500)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    appraised_on = models.DateField(_("date of the report"))
    report = models.ForeignKey(Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("report file"))
    report_sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("recorded by agency"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = _history()

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["-appraised_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="rights_holder") | Q(rights_holder__isnull=False),
                                   name="appraisal_rights_holder_named"),
        ]
        permissions = [
            ("record_appraisal", _("Can record appraisals")),
            ("take_sample", _("Can take samples from a lot")),
            ("recognise_appraisal", _("Can recognise another agency's appraisal")),
            ("record_decision", _("Can record decisions and change case status")),
        ]

    def __str__(self):
        return self.code


class AppraisalRecognition(models.Model):
    """检验鉴定结果互认: an agency accepts an appraisal made for another, so no re-appraisal is needed."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="recognitions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recognised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recognised_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("appraisal recognition")
        verbose_name_plural = _("appraisal recognitions")
        constraints = [models.UniqueConstraint(fields=["appraisal", "agency"], name="recognition_once_per_agency")]

    def __str__(self):
        return f"{self.appraisal_id} ← {self.agency_id}"
