"""Appraisals (鉴定) of items or samples and their recognition by other agencies (互认)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.history import field_history
from accounts.models import Agency
from warehouse.models import Attachment, Item, RightsHolder

USER = settings.AUTH_USER_MODEL


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
    history = field_history()

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
