"""The machine interface's own records: tokens, the audit log of writes, trusted peers, imported bundles.

Tokens are stored only as the SHA-256 of their secret; the secret is shown once. The audit log and
imported bundles are append-only (the database refuses UPDATE and DELETE, migration 0002).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Agency


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=80)
    # The first characters of the secret, shown in lists so a person can tell their tokens apart.
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True),
                                excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        permissions = [("use_api", _("Can use the machine interface (API tokens)"))]
        constraints = [models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")),
                                              name="apitoken_expires_after_creation")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiAuditLog(models.Model):
    """One row per API write (any method but GET/HEAD/OPTIONS), whatever its outcome. Append-only."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("token"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("user"))
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    client_event_id = models.CharField(_("client event id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("API audit entry")
        verbose_name_plural = _("API audit log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"


class TrustedPeer(models.Model):
    """Another deployment whose signed case bundles this one accepts (its Ed25519 public key)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    public_key = models.TextField(_("public key (PEM)"))
    fingerprint = models.CharField(_("key fingerprint (SHA-256)"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    history = HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True))

    class Meta:
        verbose_name = _("trusted peer")
        verbose_name_plural = _("trusted peers")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.fingerprint[:16]}…)"


class ImportedBundle(models.Model):
    """A case bundle received from a trusted peer, stored as received evidence: the exact bytes and
    the facts checked on import. Never materialised into our own cases and items (see docs/api.md).
    Append-only."""

    peer = models.ForeignKey(TrustedPeer, on_delete=models.PROTECT, related_name="bundles",
                             verbose_name=_("sent by"))
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    raw = models.TextField(_("bundle as received"))
    case_number = models.CharField(_("case number"), max_length=60, db_index=True)
    case_title = models.CharField(_("title"), max_length=200)
    source_agency = models.CharField(_("sending agency"), max_length=200)
    item_count = models.PositiveIntegerField(_("items"))
    event_count = models.PositiveIntegerField(_("ledger events"))
    checkpoint_seq = models.PositiveBigIntegerField(_("checkpoint sequence"))
    checkpoint_hash = models.CharField(_("checkpoint hash"), max_length=64)
    exported_at = models.DateTimeField(_("exported at"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("imported by"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported case bundle")
        verbose_name_plural = _("imported case bundles")
        ordering = ["-imported_at", "-pk"]
        permissions = [
            ("export_bundle", _("Can export signed case bundles")),
            ("import_bundle", _("Can import case bundles from trusted peers")),
        ]

    def __str__(self):
        return f"{self.case_number} ← {self.peer.name}"
