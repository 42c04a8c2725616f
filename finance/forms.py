"""Forms of the finance pages: parse and validate; the services decide."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import visible_agency_ids
from warehouse.models import Item

from .models import Category, Payer
from .queries import Period
from .reports import Filters
from .selectors import agency_by_code

MONTHS = [(month, str(month)) for month in range(1, 13)]


def _years():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, this_year - 6, -1)]


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years)
    month_from = forms.TypedChoiceField(label=_("From month"), coerce=int, choices=MONTHS, required=False)
    month_to = forms.TypedChoiceField(label=_("To month"), coerce=int, choices=MONTHS, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *Category.choices])
    stream = forms.ChoiceField(label=_("Waste stream"), required=False,
                               choices=[("", _("All streams")), *Item.WasteStream.choices])
    agency = forms.CharField(label=_("Agency code"), required=False, max_length=7)

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("year", str(timezone.localdate().year))
        # Short names in the URL (?from=3&to=6), as in report links.
        for short, name in (("from", "month_from"), ("to", "month_to")):
            if short in data and name not in data:
                data[name] = data[short]
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("month_from") or 1, data.get("month_to") or 12
        if start > end:
            raise forms.ValidationError(_("The first month must not come after the last month."))
        data["month_from"], data["month_to"] = start, end
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(Period(data["year"], data["month_from"], data["month_to"]), data["category"], data["stream"])


class AgencyCodeField(forms.CharField):
    """An agency's public code (S440300), resolved in one query and checked against the user's scope."""

    def __init__(self, *, user, **kwargs):
        self.user = user
        kwargs.setdefault("label", _("Agency code"))
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)

    def clean(self, value):
        code = super().clean(value)
        agency = agency_by_code(code)
        if agency is None or agency.pk not in visible_agency_ids(self.user):
            raise forms.ValidationError(_("No agency with this code within your scope."))
        return agency


class BudgetForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=0)
    document_number = forms.CharField(label=_("Budget document number"), max_length=80, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"agency": AgencyCodeField(user=user), **self.fields}
        if user.agency_id:
            self.fields["agency"].initial = user.agency.code
        self.fields["fiscal_year"].initial = timezone.localdate().year


class AmendmentForm(forms.Form):
    delta = forms.DecimalField(label=_("Change (yuan, negative to cut)"), max_digits=14, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    document_number = forms.CharField(label=_("Document number"), max_length=80, required=False)


class CostLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=0)
    payer = forms.ChoiceField(label=_("Payer"), choices=Payer.choices, initial=Payer.BUDGET)
    incurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=40, required=False)
    appraisal = forms.CharField(label=_("Appraisal number"), max_length=30, required=False,
                                help_text=_("For an appraisal fee: the appraisal it paid for."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"agency": AgencyCodeField(user=user), **self.fields}
        if user.agency_id:
            self.fields["agency"].initial = user.agency.code
        self.fields["incurred_on"].initial = datetime.date.today


class RateForm(forms.Form):
    waste_stream = forms.ChoiceField(label=_("Waste stream"), choices=Item.WasteStream.choices)
    per_kg = forms.DecimalField(label=_("Cost per kg (yuan)"), max_digits=12, decimal_places=2, min_value=0)
    per_item = forms.DecimalField(label=_("Cost per item without weight (yuan)"), max_digits=12, decimal_places=2,
                                  min_value=0)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"agency": AgencyCodeField(user=user), **self.fields}
        if user.agency_id:
            self.fields["agency"].initial = user.agency.code
