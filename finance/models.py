"""Destruction budgets (经费预算) with their amendments, cost lines entered by finance (storage
fees, transport, appraisals) and per-stream rate overrides for the backlog forecast.

Destruction batch costs stay in destruction.CostLine (finance sits above destruction); the
reports in finance.reports aggregate both tables in SQL. See docs/finance.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Agency
from custody.appraisals.models import Appraisal
from destruction.models import CostLine as BatchCostLine
from warehouse.models import Item


def _history(**kwargs):
    return HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True), **kwargs)


class Category(models.TextChoices):
    """Budget categories. Destruction batch cost lines map onto them (finance.reports.BATCH_CATEGORY)."""

    DISPOSAL = "disposal", _("Harmless disposal and destruction")
    STORAGE = "storage", _("Storage")
    APPRAISAL = "appraisal", _("Appraisal")
    TRANSPORT = "transport", _("Transport")


# Chinese names printed next to the English ones on bilingual documents.
CATEGORY_NAMES_ZH = {
    Category.DISPOSAL: "无害化处理及销毁",
    Category.STORAGE: "保管仓储",
    Category.APPRAISAL: "检验鉴定",
    Category.TRANSPORT: "运输",
}

Payer = BatchCostLine.Payer


class Budget(models.Model):
    """The money set aside for one agency, fiscal year (calendar year in China) and category.

    ``original_amount`` never changes; ``amount`` is the original plus every amendment, written
    only by finance.services in the same transaction as the BudgetAmendment row."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("agency"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    original_amount = models.DecimalField(_("original amount (yuan)"), max_digits=14, decimal_places=2,
                                          editable=False)
    amount = models.DecimalField(_("current amount (yuan)"), max_digits=14, decimal_places=2, editable=False)
    document_number = models.CharField(_("budget document number"), max_length=80, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = _history()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-fiscal_year", "agency__path", "category"]
        permissions = [
            ("view_finance_reports", _("Can view finance reports")),
            ("amend_budget", _("Can amend budgets")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year", "category"], name="budget_unique_category"),
            models.CheckConstraint(condition=Q(original_amount__gte=0) & Q(amount__gte=0),
                                   name="budget_amounts_not_negative"),
            models.CheckConstraint(condition=Q(fiscal_year__gte=2000) & Q(fiscal_year__lte=2100),
                                   name="budget_fiscal_year_range"),
        ]

    def __str__(self):
        return f"{self.agency} {self.fiscal_year} {self.get_category_display()}"


class BudgetAmendment(models.Model):
    """A recorded change to a budget (追加/调减): the delta, the reason and the resulting amount.
    Append-only (finance/migrations/0002_append_only.py)."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="amendments",
                               verbose_name=_("budget"))
    delta = models.DecimalField(_("change (yuan)"), max_digits=14, decimal_places=2)
    amount_after = models.DecimalField(_("amount after the change (yuan)"), max_digits=14, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget amendment")
        verbose_name_plural = _("budget amendments")
        ordering = ["budget", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(delta=0), name="amendment_delta_not_zero"),
            models.CheckConstraint(condition=Q(amount_after__gte=0), name="amendment_amount_not_negative"),
            models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_reason"),
        ]

    def __str__(self):
        return f"{self.budget_id} {self.delta:+}"


class CostLine(models.Model):
    """A cost entered by finance: storage fees, transport, appraisal fees (optionally tied to the
    appraisal) and anything else not booked on a destruction batch. Money in yuan, Decimal."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="finance_costs",
                               verbose_name=_("agency"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    payer = models.CharField(_("payer"), max_length=20, choices=Payer.choices, default=Payer.BUDGET)
    invoice_number = models.CharField(_("invoice number"), max_length=40, blank=True)
    incurred_on = models.DateField(_("date"))
    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("appraisal"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = _history()

    class Meta:
        verbose_name = _("finance cost line")
        verbose_name_plural = _("finance cost lines")
        ordering = ["-incurred_on", "-pk"]
        indexes = [models.Index(fields=["agency", "incurred_on"], name="fincost_agency_date")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="fincost_amount_not_negative"),
            models.CheckConstraint(condition=Q(appraisal__isnull=True) | Q(category="appraisal"),
                                   name="fincost_appraisal_category"),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.category} {self.amount}"


class RateOverride(models.Model):
    """An agency's own expected cost rate for a waste stream, replacing the rate derived from
    past batches in the backlog forecast (e.g. a new framework contract)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="rate_overrides",
                               verbose_name=_("agency"))
    waste_stream = models.CharField(_("waste stream"), max_length=12, choices=Item.WasteStream.choices)
    per_kg = models.DecimalField(_("cost per kg (yuan)"), max_digits=12, decimal_places=2)
    per_item = models.DecimalField(_("cost per item without weight (yuan)"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = _history()

    class Meta:
        verbose_name = _("cost rate override")
        verbose_name_plural = _("cost rate overrides")
        ordering = ["agency__path", "waste_stream"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "waste_stream"], name="rate_unique_stream"),
            models.CheckConstraint(condition=Q(per_kg__gte=0) & Q(per_item__gte=0), name="rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.waste_stream} {self.per_kg}/kg"
