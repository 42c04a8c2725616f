"""Releases (调用/出库): requests to take items out for a while or for good, their lines,
extensions and the alerts a return raises. Status fields change only through custody.releases.services;
the item side of every step is a ledger event written by custody's commit_changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.history import field_history
from accounts.models import Agency
from warehouse.models import Case, Item

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
    history = field_history()

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

    def get_absolute_url(self):
        return reverse("custody:release-detail", args=[self.code])

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
    history = field_history()

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
    history = field_history()

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
    history = field_history()

    class Meta:
        verbose_name = _("custody alert")
        verbose_name_plural = _("custody alerts")
        ordering = ["-raised_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.item_id}"
