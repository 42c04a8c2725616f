"""Harmless destruction (无害化销毁): contractors and their licences, batches, shipments with
manifests and weights, witnesses, evidence files and cost lines.

Item status changes are never made here: destruction.services calls the custody verbs
(custody.services.disposal) for every one of them. Batch status changes go through the
transition table in destruction.services.batches.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Agency
from warehouse.models import Item, Warehouse

from .waste import CATEGORIES, HAZARDOUS_CATEGORIES, Method


def _history(**kwargs):
    return HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True), **kwargs)


class Contractor(models.Model):
    """A disposal company (处置单位)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = _history()

    class Meta:
        verbose_name = _("disposal contractor")
        verbose_name_plural = _("disposal contractors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Facility(models.Model):
    """A plant of a contractor where goods are destroyed; licences belong to the facility."""

    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="facilities",
                                   verbose_name=_("contractor"))
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    history = _history()

    class Meta:
        verbose_name = _("disposal facility")
        verbose_name_plural = _("disposal facilities")
        ordering = ["contractor__name", "name"]
        constraints = [models.UniqueConstraint(fields=["contractor", "name"], name="facility_unique_name")]

    def __str__(self):
        return f"{self.contractor.name} {self.name}"


class Licence(models.Model):
    class Kind(models.TextChoices):
        HAZARDOUS_WASTE = "hazardous_waste", _("Hazardous-waste operating licence")
        EWASTE = "ewaste", _("E-waste dismantling qualification")
        GENERAL = "general", _("General solid waste disposal permit")

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="licences",
                                 verbose_name=_("facility"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("licence number"), max_length=60)
    # Codes from destruction.waste.CATEGORIES, comma separated: "HW03,HW04,HW49".
    categories = models.CharField(_("waste categories covered"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    issued_by = models.CharField(_("issued by"), max_length=120, blank=True)
    history = _history()

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["facility", "kind", "-valid_until"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="licence_unique_number"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")),
                                   name="licence_valid_period"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def category_codes(self) -> list[str]:
        return [code.strip() for code in self.categories.split(",") if code.strip()]

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day <= self.valid_until


class DestructionBatch(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, awaiting approval")
        APPROVED = "approved", _("Approved, awaiting execution")
        IN_PROGRESS = "in_progress", _("Handover to the contractor under way")
        COMPLETED = "completed", _("Destroyed")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = (Status.PROPOSED, Status.APPROVED, Status.IN_PROGRESS)

    code = models.CharField(_("batch code"), max_length=32, unique=True)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="destruction_batches",
                                  verbose_name=_("warehouse"))
    # The operating agency of the warehouse: who runs (and by default pays for) the destruction.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="destruction_batches",
                               verbose_name=_("agency"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED,
                              editable=False)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="batches",
                                 verbose_name=_("disposal facility"))
    method_general = models.CharField(_("method for general waste"), max_length=20, choices=Method.choices,
                                      blank=True)
    method_ewaste = models.CharField(_("method for e-waste"), max_length=20, choices=Method.choices, blank=True)
    method_hazardous = models.CharField(_("method for hazardous waste"), max_length=20, choices=Method.choices,
                                        blank=True)
    planned_date = models.DateField(_("planned date"))
    estimated_weight_kg = models.DecimalField(_("estimated weight (kg)"), max_digits=12, decimal_places=3)
    estimated_cost = models.DecimalField(_("estimated cost (yuan)"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("prepared by"), editable=False)
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("approved or rejected by"), editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True, editable=False)
    executed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("operator"), editable=False)
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True, editable=False)
    certificate_number = models.CharField(_("contractor's certificate number"), max_length=60, blank=True,
                                          editable=False)
    # The ledger checkpoint taken right after the destruction events (printed on the certificate).
    checkpoint_seq = models.PositiveBigIntegerField(_("checkpoint sequence"), null=True, blank=True,
                                                    editable=False)
    checkpoint_hash = models.CharField(_("checkpoint hash"), max_length=64, blank=True, editable=False)
    checkpoint_fingerprint = models.CharField(_("checkpoint key fingerprint"), max_length=64, blank=True,
                                              editable=False)
    history = _history()

    class Meta:
        verbose_name = _("destruction batch")
        verbose_name_plural = _("destruction batches")
        ordering = ["-prepared_at", "-pk"]
        permissions = [
            ("propose_batch", _("Can propose destruction batches")),
            ("approve_batch", _("Can approve destruction batches")),
            ("execute_batch", _("Can hand over and confirm destruction")),
            ("witness_destruction", _("Can witness a destruction")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(estimated_weight_kg__gte=0) & Q(estimated_cost__gte=0),
                                   name="batch_estimates_not_negative"),
            models.CheckConstraint(condition=~Q(status="completed") | Q(destroyed_at__isnull=False),
                                   name="batch_completed_has_time"),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("destruction:batch-detail", args=[self.code])

    def method_for(self, stream: str) -> str:
        return {Item.WasteStream.GENERAL: self.method_general, Item.WasteStream.EWASTE: self.method_ewaste,
                Item.WasteStream.HAZARDOUS: self.method_hazardous}[stream]

    @property
    def reference(self) -> str:
        """How the ledger refers to this batch."""
        return f"batch:{self.code}"


class Shipment(models.Model):
    """One trip of one waste category to the facility: a manifest (转移联单) when hazardous, and
    the weights at both ends."""

    batch = models.ForeignKey(DestructionBatch, on_delete=models.PROTECT, related_name="shipments",
                              verbose_name=_("batch"))
    number = models.PositiveSmallIntegerField(_("trip number"))
    waste_category = models.CharField(_("waste category"), max_length=10, choices=[(c, c) for c in CATEGORIES])
    manifest_number = models.CharField(_("transfer manifest number"), max_length=40, blank=True)
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=20)
    weight_out_kg = models.DecimalField(_("weight out at the warehouse (kg)"), max_digits=12, decimal_places=3)
    weight_in_kg = models.DecimalField(_("weight in at the facility (kg)"), max_digits=12, decimal_places=3,
                                       null=True, blank=True, editable=False)
    weight_flagged = models.BooleanField(_("weight difference above tolerance"), default=False, editable=False)
    departed_at = models.DateTimeField(_("departed at"), auto_now_add=True)
    arrived_at = models.DateTimeField(_("weighed in at"), null=True, blank=True, editable=False)
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("handed over by"))
    history = _history()

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["batch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="shipment_unique_number"),
            models.UniqueConstraint(fields=["manifest_number"], condition=~Q(manifest_number=""),
                                    name="shipment_unique_manifest"),
            models.CheckConstraint(condition=~Q(waste_category__in=HAZARDOUS_CATEGORIES) | ~Q(manifest_number=""),
                                   name="shipment_hazardous_has_manifest"),
            models.CheckConstraint(condition=Q(weight_out_kg__gt=0), name="shipment_weight_out_positive"),
        ]

    def __str__(self):
        return f"{self.batch.code} #{self.number}"

    @property
    def weight_difference_kg(self) -> Decimal | None:
        return None if self.weight_in_kg is None else self.weight_in_kg - self.weight_out_kg


class BatchItem(models.Model):
    """An item in a batch. ``is_open`` stays true unless the item was taken out or the batch was
    rejected or cancelled: the database then refuses the same item in a second open batch."""

    batch = models.ForeignKey(DestructionBatch, on_delete=models.PROTECT, related_name="batch_items",
                              verbose_name=_("batch"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="destruction_entries",
                             verbose_name=_("item"))
    waste_category = models.CharField(_("waste category"), max_length=10, choices=[(c, c) for c in CATEGORIES])
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=12, decimal_places=3, null=True, blank=True)
    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, null=True, blank=True, related_name="items",
                                 verbose_name=_("shipment"), editable=False)
    is_open = models.BooleanField(_("in the batch"), default=True, editable=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = _history()

    class Meta:
        verbose_name = _("batch item")
        verbose_name_plural = _("batch items")
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item"], condition=Q(is_open=True), name="batchitem_one_open_batch"),
        ]

    def __str__(self):
        return f"{self.batch_id}/{self.item_id}"


class Witness(models.Model):
    """A witness who confirmed the destruction with their own password at that moment. Append-only."""

    batch = models.ForeignKey(DestructionBatch, on_delete=models.PROTECT, related_name="witnesses",
                              verbose_name=_("batch"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("witness"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    is_external = models.BooleanField(_("from outside the warehouse's agency"))
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")
        ordering = ["batch", "pk"]
        constraints = [models.UniqueConstraint(fields=["batch", "user"], name="witness_once_per_batch")]

    def __str__(self):
        return f"{self.batch_id}/{self.user_id}"


class WitnessAttempt(models.Model):
    """A failed witness password confirmation. Append-only; also repeated in the security log."""

    batch = models.ForeignKey(DestructionBatch, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    attempted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed witness confirmation")
        verbose_name_plural = _("failed witness confirmations")
        ordering = ["-attempted_at"]

    def __str__(self):
        return f"{self.batch_id}/{self.user_id} {self.attempted_at:%Y-%m-%d %H:%M}"


def evidence_path(instance, filename):
    return f"destruction/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Evidence(models.Model):
    """Photos, video and the contractor's certificate. Append-only; the SHA-256 goes into the ledger.

    Video files stay on the agency's evidence store (they are too large to upload here): the
    operator records the file name and SHA-256 and no file is stored.
    """

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        VIDEO = "video", _("Video")
        CERTIFICATE = "certificate", _("Contractor's certificate")

    batch = models.ForeignKey(DestructionBatch, on_delete=models.PROTECT, related_name="evidence",
                              verbose_name=_("batch"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60, blank=True)
    extension = models.CharField(max_length=8, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("destruction evidence")
        verbose_name_plural = _("destruction evidence")
        ordering = ["batch", "pk"]

    def __str__(self):
        return self.original_name


class CostLine(models.Model):
    """A cost of a destruction batch, in yuan. Defined here (finance sits above destruction and
    cannot be imported from it); the finance app aggregates these rows in SQL by agency, category,
    payer and date."""

    class Category(models.TextChoices):
        TRANSPORT = "transport", _("Transport")
        DISPOSAL_FEE = "disposal_fee", _("Disposal fee")
        HAZARDOUS_HANDLING = "hazardous_handling", _("Hazardous handling")
        LABOUR = "labour", _("Labour")
        TESTING = "testing", _("Testing")

    class Basis(models.TextChoices):
        LUMP_SUM = "lump_sum", _("Lump sum")
        BY_WEIGHT = "by_weight", _("By weight")

    class Payer(models.TextChoices):
        BUDGET = "budget", _("Agency budget")
        RIGHTS_HOLDER = "rights_holder", _("Rights holder")
        INFRINGER = "infringer", _("Recovered from the infringer")

    batch = models.ForeignKey(DestructionBatch, on_delete=models.PROTECT, related_name="cost_lines",
                              verbose_name=_("batch"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="destruction_costs",
                               verbose_name=_("agency"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, default=Basis.LUMP_SUM)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=12, decimal_places=3, null=True, blank=True)
    unit_price = models.DecimalField(_("price per kg (yuan)"), max_digits=12, decimal_places=2, null=True,
                                     blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    payer = models.CharField(_("payer"), max_length=20, choices=Payer.choices, default=Payer.BUDGET)
    invoice_number = models.CharField(_("invoice number"), max_length=40, blank=True)
    incurred_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = _history()

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["batch", "incurred_on", "pk"]
        indexes = [models.Index(fields=["agency", "incurred_on"], name="costline_agency_date")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="costline_amount_not_negative"),
            models.CheckConstraint(
                condition=~Q(basis="by_weight") | (Q(weight_kg__gt=0) & Q(unit_price__gte=0)),
                name="costline_by_weight_has_weight_and_price"),
        ]

    def __str__(self):
        return f"{self.batch_id} {self.category} {self.amount}"
