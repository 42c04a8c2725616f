"""Forms of the custody pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from warehouse.models import Item, Location

from .services import ItemInput


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


ItemRowFormSet = forms.formset_factory(ItemRowForm, extra=2, min_num=1, validate_min=True, max_num=200,
                                       validate_max=True)


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


class PrintForm(forms.Form):
    """The print dialog: which label stock, and the first free position of a partly used sheet."""

    layout = forms.ChoiceField(label=_("Label stock"), initial="a4-3x7")
    start = forms.IntegerField(label=_("First free position on the sheet"), min_value=1, initial=1,
                               help_text=_("Positions are counted left to right, then top to bottom, from 1."))

    def __init__(self, *args, **kwargs):
        from labels.layouts import LAYOUTS

        super().__init__(*args, **kwargs)
        self.layouts = LAYOUTS
        self.fields["layout"].choices = [(name, layout.title) for name, layout in LAYOUTS.items()]

    def clean(self):
        data = super().clean()
        layout = self.layouts.get(data.get("layout") or "")
        start = data.get("start")
        if layout and start and start > layout.slots:
            self.add_error("start", _("Position %(start)s is not on this sheet: choose 1 to %(slots)s.")
                           % {"start": start, "slots": layout.slots})
        return data


class CalibrationForm(forms.Form):
    layout = forms.ChoiceField(label=_("Label stock"))
    x_mm = forms.DecimalField(label=_("Shift right (mm)"), max_digits=4, decimal_places=1, min_value=-10,
                              max_value=10, help_text=_("Negative moves left."))
    y_mm = forms.DecimalField(label=_("Shift down (mm)"), max_digits=4, decimal_places=1, min_value=-10,
                              max_value=10, help_text=_("Negative moves up."))

    def __init__(self, *args, **kwargs):
        from labels.layouts import LAYOUTS

        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = [(name, layout.title) for name, layout in LAYOUTS.items()]
