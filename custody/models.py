"""The chain of custody: an append-only, hash-chained ledger of custody events and its signed checkpoints.

Rows are written only by ``custody.ledger.append_events``; the database refuses UPDATE, DELETE
and TRUNCATE on them (guards in migration 0001). See docs/ledger.md for the hash and payload format.
Each feature that changes custody (intake, printing, scan, releases, transfers, appraisals,
stocktake) is an app of its own under custody/ and changes items only through commit_changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from warehouse.models import Item, Location


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
