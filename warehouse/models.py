"""The nouns: warehouses and their locations, cases, seized items and their attachments.

Status, location and legal holder of an item are written only by custody.services (the one write
path of the chain of custody); nothing in this app changes them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Agency


def _history(**kwargs):
    return HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True), **kwargs)


class Warehouse(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    operator = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="operated_warehouses",
                                 verbose_name=_("operating agency"))
    served_agencies = models.ManyToManyField(Agency, blank=True, related_name="served_by_warehouses",
                                             verbose_name=_("agencies served"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    history = _history(m2m_fields=[served_agencies])

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("warehouse:warehouse-detail", args=[self.code])


class Location(models.Model):
    class Kind(models.TextChoices):
        ZONE = "zone", _("Zone")
        SHELF = "shelf", _("Shelf")
        BIN = "bin", _("Bin")

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="locations",
                                  verbose_name=_("warehouse"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("parent"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("label code"), max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=60)
    full_name = models.CharField(_("full name"), max_length=200, editable=False)
    is_hazardous = models.BooleanField(_("hazardous store"), default=False)
    is_cold = models.BooleanField(_("cold store"), default=False)
    is_secure = models.BooleanField(_("secure store"), default=False)
    capacity = models.PositiveIntegerField(_("capacity (items)"), null=True, blank=True,
                                           help_text=_("Empty means no limit."))
    is_active = models.BooleanField(_("active"), default=True)
    history = _history()

    class Meta:
        verbose_name = _("storage location")
        verbose_name_plural = _("storage locations")
        ordering = ["warehouse", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.code})"

    def get_absolute_url(self):
        return reverse("warehouse:location-detail", args=[self.code])


class RightsHolder(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    brands = models.CharField(_("brands"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    history = _history()

    class Meta:
        verbose_name = _("rights holder")
        verbose_name_plural = _("rights holders")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Case(models.Model):
    class Kind(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("Administrative case")
        CRIMINAL = "criminal", _("Criminal case")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TRANSFERRED = "transferred", _("Transferred")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed")

    case_number = models.CharField(_("case number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cases",
                               verbose_name=_("case-handling agency"))
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="cases", blank=True,
                                      verbose_name=_("case officers"))
    rights_holders = models.ManyToManyField(RightsHolder, related_name="cases", blank=True,
                                            verbose_name=_("rights holders"))
    seized_on = models.DateField(_("seized on"), null=True, blank=True)
    seized_at_place = models.CharField(_("place of seizure"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    history = _history()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.case_number} {self.title}"

    def get_absolute_url(self):
        return reverse("warehouse:case-detail", args=[self.case_number])

    @property
    def disposal_allowed(self) -> bool:
        """Only a recorded decision (penalty decision, judgment) that orders it allows destruction."""
        return self.documents.filter(allows_disposal=True).exists()


class LegalDocument(models.Model):
    class Kind(models.TextChoices):
        SEIZURE_DECISION = "seizure", _("Seizure decision")
        PENALTY_DECISION = "penalty", _("Penalty decision")
        COURT_JUDGMENT = "judgment", _("Court judgment")
        TRANSFER_DECISION = "transfer", _("Transfer decision")
        OTHER = "other", _("Other document")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("document number"), max_length=80)
    issued_on = models.DateField(_("date"))
    allows_disposal = models.BooleanField(
        _("allows disposal"), default=False,
        help_text=_("The decision orders confiscation and destruction of the seized goods."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = _history()

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["issued_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="legaldocument_unique_number")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class Item(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered, awaiting intake")
        RECEIVED = "received", _("Received, not yet put away")
        IN_STORAGE = "in_storage", _("In storage")
        CHECKED_OUT = "checked_out", _("Checked out")
        IN_TRANSIT = "in_transit", _("In transit")
        STAGED = "staged", _("Staged for destruction")
        WITH_CONTRACTOR = "with_contractor", _("With disposal contractor")
        DESTROYED = "destroyed", _("Destroyed")
        RETURNED_TO_OWNER = "returned_to_owner", _("Returned to owner")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out of the warehouse")
        MISSING = "missing", _("Missing")

    class Category(models.TextChoices):
        CLOTHING = "clothing", _("Clothing, shoes and bags")
        COSMETICS = "cosmetics", _("Cosmetics")
        PESTICIDES = "pesticides", _("Pesticides and fertilisers")
        MEDICINES = "medicines", _("Medicines")
        FOOD = "food", _("Food and liquor")
        ELECTRONICS = "electronics", _("Electronics")
        BATTERIES = "batteries", _("Batteries")
        MEDIA = "media", _("Discs, books and media")
        TOBACCO = "tobacco", _("Tobacco")
        OTHER = "other", _("Other")

    class WasteStream(models.TextChoices):
        GENERAL = "general", _("General solid waste")
        EWASTE = "ewaste", _("E-waste")
        HAZARDOUS = "hazardous", _("Hazardous waste")

    class HazardClass(models.TextChoices):
        NONE = "", _("None")
        FLAMMABLE = "flammable", _("Flammable")
        TOXIC = "toxic", _("Toxic")
        CORROSIVE = "corrosive", _("Corrosive")
        OXIDISING = "oxidising", _("Oxidising")
        LITHIUM = "lithium", _("Lithium batteries")
        ENVIRONMENTAL = "environmental", _("Hazardous to the environment")

    class Unit(models.TextChoices):
        PIECE = "piece", _("piece")
        BOX = "box", _("box")
        BOTTLE = "bottle", _("bottle")
        BAG = "bag", _("bag")
        PAIR = "pair", _("pair")
        KILOGRAM = "kg", _("kg")
        LITRE = "l", _("litre")

    # Statuses in which the item lies on a storage location (it counts towards the location's capacity).
    ON_LOCATION = (Status.IN_STORAGE, Status.STAGED)

    code = models.CharField(_("label code"), max_length=24, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="items", verbose_name=_("case"))
    # The agency that registered the item: with the legal holder it decides who may see it.
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="registered_items",
                                     verbose_name=_("registering agency"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="samples",
                               verbose_name=_("lot (for a sample)"))
    description = models.CharField(_("description"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    brand = models.CharField(_("brand"), max_length=80, blank=True)
    rights_holder = models.ForeignKey(RightsHolder, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="items", verbose_name=_("rights holder"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=12, decimal_places=3, null=True, blank=True)
    estimated_value = models.DecimalField(_("estimated value (yuan)"), max_digits=14, decimal_places=2,
                                          null=True, blank=True)
    waste_stream = models.CharField(_("waste stream"), max_length=12, choices=WasteStream.choices,
                                    default=WasteStream.GENERAL)
    hazard_class = models.CharField(_("hazard class"), max_length=20, choices=HazardClass.choices, blank=True,
                                    default=HazardClass.NONE)
    needs_cold = models.BooleanField(_("needs cold storage"), default=False)
    needs_secure = models.BooleanField(_("needs secure storage"), default=False)
    seal_number = models.CharField(_("seal number"), max_length=60, blank=True)
    condition = models.CharField(_("condition"), max_length=200, blank=True)
    # Custody state: written only by custody.services.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED,
                              editable=False)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True, related_name="items",
                                 verbose_name=_("location"), editable=False)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, null=True, blank=True, related_name="items",
                                  verbose_name=_("warehouse"), editable=False)
    legal_holder = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="held_items",
                                     verbose_name=_("legal holder"), editable=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("registered by"))
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    history = _history()

    class Meta:
        verbose_name = _("seized item")
        verbose_name_plural = _("seized items")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["status", "-id"], name="item_status_recent"),
            models.Index(fields=["case", "-id"], name="item_case_recent"),
            models.Index(fields=["owner_agency", "-id"], name="item_owner_recent"),
            models.Index(fields=["legal_holder", "-id"], name="item_holder_recent"),
            models.Index(fields=["location", "-id"], name="item_location_recent"),
            models.Index(fields=["warehouse", "-id"], name="item_warehouse_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="item_quantity_positive"),
            models.CheckConstraint(condition=Q(weight_kg__isnull=True) | Q(weight_kg__gte=0),
                                   name="item_weight_not_negative"),
            models.CheckConstraint(condition=~Q(waste_stream="hazardous") | ~Q(hazard_class=""),
                                   name="item_hazardous_has_class"),
        ]

    def __str__(self):
        return f"{self.code} {self.description}"

    def get_absolute_url(self):
        return reverse("warehouse:item-detail", args=[self.code])

    @property
    def is_hazardous(self) -> bool:
        return self.waste_stream == self.WasteStream.HAZARDOUS


def attachment_path(instance, filename):
    # Files are named by content hash: no user-supplied name ever reaches the file system.
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    item = models.ForeignKey(Item, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class CaseShare(models.Model):
    """Read access to a case and its items for an agency outside the case's own tree.

    Written by custody's transfer service: the receiving agency gets it on receipt, the sending
    agency keeps it for what it sent (also when it was itself a receiver, e.g. police → procuratorate).
    Looked up once per request by agency (indexed), so scoping stays a list of case ids, not a join.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shares", verbose_name=_("case"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_shares",
                               verbose_name=_("agency"))
    reason = models.CharField(_("reason"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shared case")
        verbose_name_plural = _("shared cases")
        constraints = [models.UniqueConstraint(fields=["agency", "case"], name="caseshare_unique")]

    def __str__(self):
        return f"{self.case_id} → {self.agency_id}"
