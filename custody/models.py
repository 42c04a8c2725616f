"""The chain of custody: an append-only, hash-chained ledger of custody events.

Rows are written only by ``custody.ledger.append_events``; the database refuses UPDATE, DELETE
and TRUNCATE on them (migration 0002). See docs/ledger.md for the hash and payload format.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Agency
from labels.layouts import LAYOUTS
from warehouse.models import Case, Item, Location

LAYOUT_CHOICES = [(name, layout.title) for name, layout in LAYOUTS.items()]


class EventKind(models.IntegerChoices):
    """Stable integer codes, grouped by hundreds. Never renumber: they are hashed into the ledger."""

    # 1xx registration, intake and storage
    REGISTERED = 101, _("Registered")
    RECEIVED = 102, _("Received into the warehouse")
    PUT_AWAY = 103, _("Put away")
    MOVED = 104, _("Moved")
    SAMPLE_TAKEN = 105, _("Sample taken")
    # 2xx seals and condition
    SEAL_BROKEN = 201, _("Seal broken")
    RESEALED = 202, _("Resealed")
    CONDITION_NOTED = 203, _("Condition noted")
    # 3xx labels
    LABEL_ISSUED = 301, _("Label issued")
    LABEL_REPRINTED = 302, _("Label reprinted")
    # 4xx releases
    CHECKED_OUT = 401, _("Checked out")
    RETURNED = 402, _("Returned")
    RETURNED_TO_OWNER = 403, _("Returned to owner")
    # 5xx transfers of legal custody
    HOLDER_CHANGED = 501, _("Legal holder changed")
    SHIPPED = 502, _("Shipped to another warehouse")
    # 6xx destruction
    STAGED = 601, _("Staged for destruction")
    UNSTAGED = 602, _("Taken out of a destruction batch")
    HANDED_TO_CONTRACTOR = 603, _("Handed to disposal contractor")
    DESTROYED = 604, _("Destroyed")
    # 7xx stocktake
    SEEN_IN_STOCKTAKE = 701, _("Seen in stocktake")
    MARKED_MISSING = 702, _("Marked missing")
    FOUND = 703, _("Found again")


class LedgerHead(models.Model):
    """The single row every append locks: it hands out the next sequence number and the last hash.

    Taking the sequence from here (not from an auto-increment id) keeps it gap-free: a rolled-back
    transaction rolls back its increment too.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="ledgerhead_single_row")]

    def __str__(self):
        return f"head #{self.last_seq} {self.last_hash[:12]}"


class CustodyEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), primary_key=True)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="events", verbose_name=_("item"))
    item_seq = models.PositiveIntegerField(_("item sequence"))
    kind = models.PositiveSmallIntegerField(_("event"), choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="custody_events",
                              verbose_name=_("actor"))
    counterparty = models.CharField(_("counterparty"), max_length=200, blank=True)
    from_status = models.CharField(_("status before"), max_length=20, blank=True)
    to_status = models.CharField(_("status after"), max_length=20)
    from_location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                      verbose_name=_("from location"))
    to_location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("to location"))
    from_holder = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("from legal holder"))
    to_holder = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("legal holder"))
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    legal_document_number = models.CharField(_("legal document number"), max_length=80, blank=True)
    seal_numbers = models.CharField(_("seal numbers"), max_length=200, blank=True)
    condition = models.CharField(_("condition"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    client_event_id = models.UUIDField(_("client event id"), null=True, blank=True, unique=True)
    payload = models.TextField(_("payload (canonical JSON)"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["item", "item_seq"], name="custodyevent_item_seq_unique")]
        permissions = [
            ("register_item", _("Can register seized items")),
            ("receive_item", _("Can receive and put away items")),
            ("move_item", _("Can move items between locations")),
            ("note_condition", _("Can record seals and condition")),
            ("use_scan_station", _("Can use the scan station")),
            ("print_labels", _("Can print labels")),
            ("stage_item", _("Can reserve items for destruction and release them again")),
            ("dispose_item", _("Can hand items to a disposal contractor and confirm their destruction")),
        ]

    def __str__(self):
        return f"#{self.seq} {self.get_kind_display()}"


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
    history = HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True),
                                excluded_fields=["object_ids", "progress", "heartbeat_at"])

    class Meta:
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=models.F("label_count")),
                                              name="printjob_progress_bounded")]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"


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
    history = HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True))

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


class Checkpoint(models.Model):
    """A signed statement "the ledger's event ``seq`` has hash ``head_hash``", made by custody.checkpoints.

    Other agencies keep copies (printed on handover receipts and destruction certificates), so a
    rewritten or truncated ledger no longer matches what they hold. ``seq`` is a plain number, not a
    foreign key: a checkpoint must outlive the rows an attacker deletes, to show that they are gone.
    """

    class Reason(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HANDOVER = "handover", _("After a handover")
        DESTRUCTION = "destruction", _("After a destruction")
        MANUAL = "manual", _("On request")

    id = models.BigAutoField(primary_key=True)
    seq = models.PositiveBigIntegerField(_("sequence"))
    head_hash = models.CharField(_("head hash"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    key_fingerprint = models.CharField(_("key fingerprint (SHA-256)"), max_length=64)
    signature = models.CharField(_("Ed25519 signature"), max_length=128)

    class Meta:
        verbose_name = _("ledger checkpoint")
        verbose_name_plural = _("ledger checkpoints")
        ordering = ["seq", "id"]
        indexes = [models.Index(fields=["seq", "id"], name="checkpoint_seq")]

    def __str__(self):
        return f"checkpoint #{self.seq} {self.head_hash[:12]}"


# Capability models live in their own modules; Django finds them through this module.
from .justice_models import *  # noqa: E402,F401,F403  (releases, transfers, appraisals: issue 5)
from .stocktake_models import *  # noqa: E402,F401,F403  (stocktake models are custody models)
