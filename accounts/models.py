"""Agencies in the four-level tree, and the people who work for them."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from labels.codes import AGENCY_TYPE_LETTERS

division_code_validator = RegexValidator(r"^\d{6}$", _("A division code has exactly 6 digits."))


class Agency(models.Model):
    class Level(models.IntegerChoices):
        CENTRAL = 1, _("Central")
        PROVINCE = 2, _("Province")
        CITY = 3, _("City")
        COUNTY = 4, _("County")

    class Type(models.TextChoices):
        MARKET = "market", _("Market regulation")
        CUSTOMS = "customs", _("Customs")
        CULTURE = "culture", _("Culture enforcement")
        POLICE = "police", _("Public security")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        COURT = "court", _("Court")
        FINANCE = "finance", _("Finance bureau")

    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    agency_type = models.CharField(_("agency type"), max_length=20, choices=Type.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    division_code = models.CharField(
        _("administrative division code"), max_length=6, validators=[division_code_validator]
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    # Materialised path of ids ("/1/4/9/"): one indexed prefix query finds a whole subtree.
    # Written only by accounts.services when an agency is created.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True))

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["path"]
        constraints = [
            # Type letter + division code is the label-code prefix, so it must be unique nationwide.
            models.UniqueConstraint(fields=["division_code", "agency_type"], name="agency_unique_division_type"),
        ]

    def __str__(self):
        return self.name

    @property
    def code(self) -> str:
        """Public identifier: type letter and division code, e.g. ``S440305``."""
        return f"{self.type_letter}{self.division_code}"

    @property
    def type_letter(self) -> str:
        return AGENCY_TYPE_LETTERS[self.agency_type]


class User(AbstractUser):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("agency")
    )
    full_name = models.CharField(_("full name"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords(
        history_id_field=models.BigAutoField(primary_key=True),
        excluded_fields=["password", "last_login"],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Counter(models.Model):
    """Per-agency serial numbers for label codes, taken under a row lock so none is issued twice."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="counters")
    name = models.CharField(max_length=30)
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="counter_unique_agency_name")]

    def __str__(self):
        return f"{self.agency_id}/{self.name}={self.last_value}"


class SecurityEvent(models.Model):
    """Denied access, refused label codes and similar: what a security reviewer wants to see."""

    class Kind(models.TextChoices):
        OUT_OF_SCOPE = "out_of_scope", _("Out-of-scope access")
        BAD_LABEL = "bad_label", _("Refused label code")
        FORBIDDEN = "forbidden", _("Forbidden action")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.user_id}"
