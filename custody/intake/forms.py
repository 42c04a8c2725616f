"""Forms of registration and intake (parse and validate; services write)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from custody.intake.services import ItemInput
from warehouse.models import Item, Location


class ItemRowForm(forms.Form):
    """One seized item on the registration page (several rows make a formset)."""

    description = forms.CharField(label=_("Description"), max_length=200)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=3, min_value=0.001)
    unit = forms.ChoiceField(label=_("Unit"), choices=Item.Unit.choices, initial=Item.Unit.PIECE)
    category = forms.ChoiceField(label=_("Category"), choices=Item.Category.choices, initial=Item.Category.OTHER)
    brand = forms.CharField(label=_("Brand"), max_length=80, required=False)
    weight_kg = forms.DecimalField(label=_("Weight (kg)"), max_digits=12, decimal_places=3, min_value=0,
                                   required=False)
    estimated_value = forms.DecimalField(label=_("Estimated value (yuan)"), max_digits=14, decimal_places=2,
                                         min_value=0, required=False)
    waste_stream = forms.ChoiceField(label=_("Waste stream"), choices=Item.WasteStream.choices,
                                     initial=Item.WasteStream.GENERAL)
    hazard_class = forms.ChoiceField(label=_("Hazard class"), choices=Item.HazardClass.choices, required=False)
    needs_cold = forms.BooleanField(label=_("Cold"), required=False)
    needs_secure = forms.BooleanField(label=_("Secure"), required=False)
    seal_number = forms.CharField(label=_("Seal number"), max_length=60, required=False)

    def clean(self):
        data = super().clean()
        if data.get("waste_stream") == Item.WasteStream.HAZARDOUS and not data.get("hazard_class"):
            self.add_error("hazard_class", _("Hazardous waste needs a hazard class."))
        return data

    def to_input(self) -> ItemInput:
        return ItemInput(**self.cleaned_data)


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class StoreForm(forms.Form):
    """Intake page: the items ticked go onto one location."""

    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none())
    items = forms.ModelMultipleChoiceField(label=_("Items"), queryset=Item.objects.none(),
                                           widget=forms.CheckboxSelectMultiple, to_field_name="code")

    def __init__(self, *args, locations, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        self.fields["items"].queryset = items


ItemRowFormSet = forms.formset_factory(ItemRowForm, extra=2, min_num=1, validate_min=True, max_num=200,
                                       validate_max=True)
