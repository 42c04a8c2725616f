"""Forms for the warehouse pages: they parse and validate, services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency

from .models import Attachment, Case, Item, LegalDocument


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("Code or description"), required=False)
    case = forms.CharField(label=_("Case number"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + Item.Status.choices)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All"))] + Item.Category.choices)
    waste_stream = forms.ChoiceField(label=_("Waste stream"), required=False,
                                     choices=[("", _("All"))] + Item.WasteStream.choices)
    location = forms.CharField(label=_("Location code"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), required=False, queryset=Agency.objects.none(),
                                    empty_label=_("All"))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["agency"] = data["agency"].pk if data.get("agency") else None
        data["location"] = (data.get("location") or "").strip().upper()
        return data


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Case number or title"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + Case.Status.choices)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All"))] + Case.Kind.choices)


class CaseForm(forms.Form):
    case_number = forms.CharField(label=_("Case number"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Case.Kind.choices)
    agency = forms.ModelChoiceField(label=_("Case-handling agency"), queryset=Agency.objects.none())
    seized_on = forms.DateField(label=_("Seized on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    seized_at_place = forms.CharField(label=_("Place of seizure"), max_length=200, required=False)
    rights_holders = forms.CharField(label=_("Rights holders (one per line)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()

    def rights_holder_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["rights_holders"].splitlines() if line.strip()]


class LegalDocumentForm(forms.ModelForm):
    class Meta:
        model = LegalDocument
        fields = ["kind", "number", "issued_on", "allows_disposal", "note"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"})}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Attachment.Kind.choices)
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
