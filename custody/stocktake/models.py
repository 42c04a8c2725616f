"""Stocktake (盘点): counts that prove the warehouse holds what the ledger says.

A stocktake freezes its expected set when it starts (``StocktakeExpected``), counters scan blind
(``StocktakeScan``: append-only, one row per client scan id), closing the count builds one
``StocktakeLine`` per item seen or expected, a supervisor resolves the discrepancies through the
custody services, counters and the supervisor sign off (``StocktakeSignoff``), and closing writes
SEEN_IN_STOCKTAKE ledger events for everything counted. See docs/stocktake.md.

Imported at the bottom of custody/models.py, so these are custody models.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.history import field_history
from warehouse.models import Item, Location, Warehouse


class WarehouseCustodian(models.Model):
    """Who is the custodian (保管员) of a warehouse, from when to when.

    A new assignment, or the end of one, is a change of custodian: it makes a full stocktake due
    (IAPE: inventory whenever the custodian changes).
    """

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="custodian_assignments",
                                  verbose_name=_("warehouse"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("custodian"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assigned by"))
    history = field_history()

    class Meta:
        verbose_name = _("warehouse custodian")
        verbose_name_plural = _("warehouse custodians")
        ordering = ["warehouse", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="warehousecustodian_ends_after_start"),
            models.UniqueConstraint(fields=["warehouse", "user"], condition=Q(ends_on__isnull=True),
                                    name="warehousecustodian_one_open_per_user"),
        ]

    def __str__(self):
        return f"{self.warehouse} {self.user} {self.starts_on}–{self.ends_on or ''}"


class Stocktake(models.Model):
    class Method(models.TextChoices):
        FULL = "full", _("Full count")
        SAMPLE = "sample", _("Random sample")

    class Purpose(models.TextChoices):
        ROUTINE = "routine", _("Routine count")
        CUSTODIAN_CHANGE = "custodian_change", _("Change of custodian")
        ANNUAL_AUDIT = "annual_audit", _("Annual audit")
        HIGH_RISK_AUDIT = "high_risk_audit", _("High-risk sample audit")

    class Status(models.TextChoices):
        COUNTING = "counting", _("Counting")
        RECONCILING = "reconciling", _("Reconciling")
        CLOSED = "closed", _("Closed")

    AUDIT_PURPOSES = (Purpose.ANNUAL_AUDIT, Purpose.HIGH_RISK_AUDIT)

    code = models.CharField(_("code"), max_length=30, unique=True)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="stocktakes",
                                  verbose_name=_("warehouse"))
    # Empty: the whole warehouse. Otherwise these locations and everything below them.
    locations = models.ManyToManyField(Location, blank=True, related_name="+", verbose_name=_("locations"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.FULL)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.ROUTINE)
    risk_weighted = models.BooleanField(_("weighted towards high-risk items"), default=False)
    confidence = models.DecimalField(_("confidence level"), max_digits=4, decimal_places=3, default=0.95)
    margin = models.DecimalField(_("margin of error"), max_digits=4, decimal_places=3, default=0.03)
    population_size = models.PositiveIntegerField(_("items in scope"), default=0)
    sample_size = models.PositiveIntegerField(_("items to count"), default=0)
    seed = models.BigIntegerField(_("random seed"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.COUNTING,
                              editable=False)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    started_at = models.DateTimeField(_("started at"))
    counting_closed_at = models.DateTimeField(_("counting closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    ledger_seq = models.PositiveBigIntegerField(_("ledger sequence at close"), null=True, blank=True)
    ledger_hash = models.CharField(_("ledger head hash at close"), max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = field_history()

    class Meta:
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(condition=Q(sample_size__lte=models.F("population_size")),
                                   name="stocktake_sample_within_population"),
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_at__isnull=False),
                                   name="stocktake_closed_has_time"),
        ]
        permissions = [
            ("start_stocktake", _("Can start a stocktake")),
            ("count_stocktake", _("Can count in a stocktake")),
            ("audit_stocktake", _("Can count in an audit")),
            ("resolve_stocktake", _("Can resolve stocktake discrepancies and sign off")),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("custody:stocktake-detail", args=[self.code])

    @property
    def is_audit(self) -> bool:
        return self.purpose in self.AUDIT_PURPOSES


class StocktakeExpected(models.Model):
    """The frozen expected set: what the ledger said was in scope when the count began.

    For a sample, the whole population is stored and ``in_sample`` marks the items to count: an
    item outside the sample that turns up still has an expected place to compare with.
    """

    stocktake = models.ForeignKey(Stocktake, on_delete=models.PROTECT, related_name="expected")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=Item.Status.choices)
    high_risk = models.BooleanField(default=False)
    in_sample = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stocktake", "item"], name="stocktakeexpected_unique_item")]

    def __str__(self):
        return f"{self.stocktake_id} expects {self.item_id}"


class StocktakeScan(models.Model):
    """One scan by a counter: a location label (where the counter now is) or an item label.

    Append-only (migration guard). ``client_scan_id`` comes from the scanning page, so a scan
    resent after a lost connection is stored once.
    """

    class Kind(models.TextChoices):
        LOCATION = "location", _("Location")
        ITEM = "item", _("Item")

    stocktake = models.ForeignKey(Stocktake, on_delete=models.PROTECT, related_name="scans")
    client_scan_id = models.UUIDField(unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=24)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    counter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("counter"))
    scanned_at = models.DateTimeField(_("scanned at"))

    class Meta:
        ordering = ["scanned_at", "pk"]
        indexes = [models.Index(fields=["stocktake", "counter", "-scanned_at"], name="stocktakescan_counter")]

    def __str__(self):
        return f"{self.stocktake_id} {self.kind} {self.code}"


class StocktakeLine(models.Model):
    """The reconciliation of one item (or unknown code): its category and how it was resolved."""

    class Category(models.TextChoices):
        MATCHED = "matched", _("Found where expected")
        MISPLACED = "misplaced", _("Found elsewhere")
        MISSING = "missing", _("Expected but not found")
        UNEXPECTED = "unexpected", _("Found but not expected")
        OTHER_WAREHOUSE = "other_warehouse", _("Belongs to another warehouse")
        UNKNOWN = "unknown", _("Unknown code")
        EXCLUDED = "excluded", _("Checked out (excluded)")

    class Resolution(models.TextChoices):
        PENDING = "", _("Not resolved")
        NONE_NEEDED = "none", _("No action needed")
        MOVE_RECORDED = "move_recorded", _("Move recorded to where it was found")
        PUT_BACK = "put_back", _("Put back on its expected location")
        MARKED_MISSING = "marked_missing", _("Marked missing")
        FOUND_ON_RECOUNT = "found_on_recount", _("Found on recount")
        FOUND_RECORDED = "found_recorded", _("Recorded as found and put away")
        PUT_AWAY = "put_away", _("Put away where it was found")
        NOTED = "noted", _("Noted, no ledger change")

    DISCREPANCIES = (Category.MISPLACED, Category.MISSING, Category.UNEXPECTED, Category.OTHER_WAREHOUSE,
                     Category.UNKNOWN)

    stocktake = models.ForeignKey(Stocktake, on_delete=models.PROTECT, related_name="lines")
    code = models.CharField(_("code"), max_length=24)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    expected_location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("expected location"))
    found_location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("found at"))
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    resolution = models.CharField(_("resolution"), max_length=20, choices=Resolution.choices, blank=True,
                                  default=Resolution.PENDING, editable=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("resolved by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    event_seqs = models.CharField(_("ledger events"), max_length=100, blank=True)
    history = field_history()

    class Meta:
        ordering = ["category", "code"]
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "code"], name="stocktakeline_unique_code"),
            models.CheckConstraint(condition=Q(resolution="") | Q(resolved_at__isnull=False),
                                   name="stocktakeline_resolved_has_time"),
        ]

    def __str__(self):
        return f"{self.stocktake_id} {self.code} {self.category}"

    @property
    def is_discrepancy(self) -> bool:
        return self.category in self.DISCREPANCIES


class StocktakeSignoff(models.Model):
    """A recorded confirmation, given with the person's password re-entered. Append-only."""

    class Role(models.TextChoices):
        COUNTER = "counter", _("Counter")
        SUPERVISOR = "supervisor", _("Supervisor")

    stocktake = models.ForeignKey(Stocktake, on_delete=models.PROTECT, related_name="signoffs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=12, choices=Role.choices)
    signed_at = models.DateTimeField()
    statement = models.CharField(max_length=300)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["stocktake", "user", "role"], name="stocktakesignoff_once")]

    def __str__(self):
        return f"{self.stocktake_id} {self.role} {self.user_id}"
