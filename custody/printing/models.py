"""Label printing: print jobs, issued label revisions (append-only) and printer calibration."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.history import field_history
from accounts.models import Agency
from custody.models import CustodyEvent
from labels.layouts import LAYOUTS
from warehouse.models import Item

LAYOUT_CHOICES = [(name, layout.title) for name, layout in LAYOUTS.items()]


class PrintJob(models.Model):
    """One request to print labels: what, on which stock, by whom, and where the PDF went.

    Small jobs are rendered inside the request; big ones by a background thread that updates
    ``progress`` page by page (``custody.services.labels``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Printing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        ITEMS = "items", _("Item labels")
        LOCATIONS = "locations", _("Location labels")

    token = models.UUIDField(_("job number"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=200)
    layout = models.CharField(_("label stock"), max_length=30, choices=LAYOUT_CHOICES)
    start_slot = models.PositiveSmallIntegerField(_("first position"), default=1)
    calibration_x_mm = models.DecimalField(_("shift right (mm)"), max_digits=4, decimal_places=1, default=0)
    calibration_y_mm = models.DecimalField(_("shift down (mm)"), max_digits=4, decimal_places=1, default=0)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="print_jobs",
                                  verbose_name=_("requested by"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    # Ids of the items or locations to print, in print order (not in the field history: long).
    object_ids = models.JSONField(default=list, blank=True)
    label_count = models.PositiveIntegerField(_("labels"), default=0)
    progress = models.PositiveIntegerField(_("labels done"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file_name = models.CharField(max_length=200, blank=True)  # relative to VAR_DIR
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written with each progress update; a running job whose heartbeat stops was interrupted.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    history = field_history(excluded_fields=["object_ids", "progress", "heartbeat_at"])

    class Meta:
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=models.F("label_count")),
                                              name="printjob_progress_bounded")]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("custody:labels-job", args=[self.token])


class Label(models.Model):
    """One printed revision of an item's label. Append-only: a reprint adds the next revision, which
    supersedes every earlier one; rows are never changed, so the database guards them like the ledger.

    ``qr_matrix`` is ``QrMatrix.to_bytes()`` of the QR printed, computed once when the revision is
    issued; rendering it again (a background job, a lost PDF) is drawing only."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="labels", verbose_name=_("item"))
    revision = models.PositiveSmallIntegerField(_("revision"))
    code = models.CharField(_("code printed"), max_length=30, unique=True)
    qr_matrix = models.BinaryField(_("QR matrix"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("issued by"))
    event = models.OneToOneField(CustodyEvent, on_delete=models.PROTECT, related_name="label",
                                 verbose_name=_("ledger event"))
    print_job = models.ForeignKey(PrintJob, on_delete=models.PROTECT, null=True, blank=True, related_name="labels",
                                  verbose_name=_("print job"))

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["item", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["item", "revision"], name="label_item_revision_unique"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="label_revision_positive"),
        ]

    def __str__(self):
        return self.code

    @property
    def superseded_by(self):
        """The item's current label when this one is not it (the newest revision), else None."""
        newest = Label.objects.filter(item_id=self.item_id, revision__gt=self.revision).order_by("-revision").first()
        return newest


class LabelCalibration(models.Model):
    """Where an agency's printer puts a layout, measured on a test sheet: every label of that layout
    printed for the agency is shifted by this much. Kept per agency (its printers) and layout."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="label_calibrations",
                               verbose_name=_("agency"))
    layout = models.CharField(_("label stock"), max_length=30, choices=LAYOUT_CHOICES)
    x_mm = models.DecimalField(_("shift right (mm)"), max_digits=4, decimal_places=1, default=0)
    y_mm = models.DecimalField(_("shift down (mm)"), max_digits=4, decimal_places=1, default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = field_history()

    class Meta:
        verbose_name = _("label printer calibration")
        verbose_name_plural = _("label printer calibrations")
        ordering = ["agency", "layout"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "layout"], name="labelcalibration_agency_layout_unique"),
            models.CheckConstraint(condition=Q(x_mm__gte=-10, x_mm__lte=10, y_mm__gte=-10, y_mm__lte=10),
                                   name="labelcalibration_within_10mm"),
        ]

    def __str__(self):
        return f"{self.agency} {self.layout} ({self.x_mm}, {self.y_mm})"
