"""Forms of the destruction pages: parse and validate; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from warehouse.models import Item

from .models import CostLine
from .waste import METHODS_BY_STREAM, Method


def _method_choices(stream):
    return [("", "—")] + [(m, Method(m).label) for m in METHODS_BY_STREAM[stream]]


def split_codes(text: str) -> list[str]:
    """Codes scanned into a text box: one per line (a wedge scanner's Enter), or separated by spaces/commas."""
    return [code for code in text.replace(",", " ").replace("，", " ").split() if code]


class ProposeForm(forms.Form):
    facility = forms.ModelChoiceField(label=_("Disposal facility"), queryset=None)
    planned_date = forms.DateField(label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"}))
    method_general = forms.ChoiceField(label=_("Method for general waste"), required=False,
                                       choices=_method_choices(Item.WasteStream.GENERAL))
    method_ewaste = forms.ChoiceField(label=_("Method for e-waste"), required=False,
                                      choices=_method_choices(Item.WasteStream.EWASTE))
    method_hazardous = forms.ChoiceField(label=_("Method for hazardous waste"), required=False,
                                         choices=_method_choices(Item.WasteStream.HAZARDOUS))
    estimated_cost = forms.DecimalField(label=_("Estimated cost (yuan)"), max_digits=14, decimal_places=2,
                                        min_value=0)
    estimated_weight_kg = forms.DecimalField(label=_("Estimated weight (kg)"), max_digits=12, decimal_places=3,
                                             min_value=0, required=False,
                                             help_text=_("Empty: the sum of the items' weights."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    items = forms.ModelMultipleChoiceField(label=_("Items"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple, to_field_name="code")
    scanned = forms.CharField(label=_("Scanned label codes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Scan labels here, one per line; they are added to the ticked items."))

    def __init__(self, *args, facilities, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities
        self.fields["items"].queryset = items
        self._eligible = items

    def clean(self):
        data = super().clean()
        chosen = {item.code: item for item in data.get("items") or []}
        codes = [code.upper() for code in split_codes(data.get("scanned", ""))]
        found = {item.code: item for item in self._eligible.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            self.add_error("scanned", _("Not eligible for destruction here: %(codes)s.")
                           % {"codes": ", ".join(unknown)})
        chosen.update(found)
        if not chosen and not unknown:
            self.add_error("items", _("Choose at least one item."))
        data["chosen"] = list(chosen.values())
        data["methods"] = {Item.WasteStream.GENERAL: data.get("method_general"),
                           Item.WasteStream.EWASTE: data.get("method_ewaste"),
                           Item.WasteStream.HAZARDOUS: data.get("method_hazardous")}
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class HandOverForm(forms.Form):
    codes = forms.CharField(label=_("Scanned label codes"), widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("Scan each item as it is loaded, one per line."))
    vehicle_plate = forms.CharField(label=_("Vehicle plate"), max_length=20)
    manifest_number = forms.CharField(label=_("Transfer manifest number"), max_length=40, required=False,
                                      help_text=_("Required for hazardous waste: one manifest per trip and category."))
    weight_out_kg = forms.DecimalField(label=_("Weight out at the warehouse (kg)"), max_digits=12, decimal_places=3,
                                       min_value=0)


class WeighInForm(forms.Form):
    trip = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    weight_in_kg = forms.DecimalField(label=_("Weight in at the facility (kg)"), max_digits=12, decimal_places=3,
                                      min_value=0)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ConfirmForm(forms.Form):
    """Each witness types their own user name and password on the operator's screen."""

    WITNESSES = 3

    certificate_number = forms.CharField(label=_("Contractor's certificate number"), max_length=60)
    certificate = forms.FileField(label=_("Contractor's certificate (PDF or photo)"))
    photos = MultipleFileField(label=_("Photos of the destruction"))
    video_name = forms.CharField(label=_("Video file name"), max_length=200, required=False)
    video_sha256 = forms.CharField(label=_("Video SHA-256"), max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, self.WITNESSES + 1):
            required = number <= 2
            self.fields[f"witness{number}"] = forms.CharField(
                label=_("Witness %(n)s: user name") % {"n": number}, max_length=150, required=required)
            self.fields[f"password{number}"] = forms.CharField(
                label=_("Witness %(n)s: password") % {"n": number}, required=required,
                widget=forms.PasswordInput(attrs={"autocomplete": "off"}))

    def witness_pairs(self) -> list[tuple[str, str]]:
        return [(self.cleaned_data[f"witness{n}"].strip(), self.cleaned_data[f"password{n}"])
                for n in range(1, self.WITNESSES + 1) if self.cleaned_data.get(f"witness{n}", "").strip()]


class CostLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=CostLine.Category.choices)
    payer = forms.ChoiceField(label=_("Payer"), choices=CostLine.Payer.choices)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=0,
                                required=False, help_text=_("For a lump sum."))
    weight_kg = forms.DecimalField(label=_("Weight (kg)"), max_digits=12, decimal_places=3, min_value=0,
                                   required=False)
    unit_price = forms.DecimalField(label=_("Price per kg (yuan)"), max_digits=12, decimal_places=2, min_value=0,
                                    required=False)
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=40, required=False)
    incurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
