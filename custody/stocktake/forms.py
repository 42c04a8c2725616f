"""Forms of the stocktake pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from custody.stocktake.models import Stocktake, StocktakeLine
from warehouse.models import Location


class StartStocktakeForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=None, to_field_name="code")
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations (leave empty for the whole warehouse)"), queryset=None, required=False,
        to_field_name="code", help_text=_("A zone, a shelf or bins: everything below them is counted."))
    method = forms.ChoiceField(label=_("Method"), choices=Stocktake.Method.choices, initial=Stocktake.Method.FULL)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Stocktake.Purpose.choices,
                                initial=Stocktake.Purpose.ROUTINE)
    risk_weighted = forms.BooleanField(label=_("Weight the sample towards high-risk items (valuables, hazardous)"),
                                       required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, warehouses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = warehouses
        self.fields["locations"].queryset = (Location.objects.filter(warehouse__in=warehouses.values("pk"),
                                                                     is_active=True)
                                             .select_related("warehouse").order_by("warehouse__code", "full_name"))
        self.fields["locations"].label_from_instance = lambda loc: f"{loc.warehouse.code} · {loc.full_name}"


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Resolution"), choices=StocktakeLine.Resolution.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("Your password (to sign)"), widget=forms.PasswordInput, strip=False)
