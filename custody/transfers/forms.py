"""Forms of the transfer and case decision pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from custody.forms import DATE, DecisionForm  # noqa: F401
from custody.transfers.models import Transfer
from warehouse.models import Item, LegalDocument, Warehouse


class TransferForm(forms.Form):
    to_agency = forms.ModelChoiceField(label=_("Receiving agency"), queryset=Agency.objects.none())
    document_number = forms.CharField(label=_("Transfer document number"), max_length=80)
    reason = forms.CharField(label=_("Grounds for transfer"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    mode = forms.ChoiceField(label=_("Handover of the goods"), choices=Transfer.Mode.choices)
    destination = forms.ModelChoiceField(label=_("Destination warehouse (physical handover)"), required=False,
                                         queryset=Warehouse.objects.all(), to_field_name="code")
    items = forms.ModelMultipleChoiceField(label=_("Items"), queryset=Item.objects.none(),
                                           widget=forms.CheckboxSelectMultiple, to_field_name="code")

    def __init__(self, *args, items, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        self.fields["to_agency"].queryset = agencies


class CaseDecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[
        (LegalDocument.Kind.PENALTY_DECISION, LegalDocument.Kind.PENALTY_DECISION.label),
        (LegalDocument.Kind.COURT_JUDGMENT, LegalDocument.Kind.COURT_JUDGMENT.label)])
    number = forms.CharField(label=_("Document number"), max_length=80)
    issued_on = forms.DateField(label=_("Date"), widget=DATE)
    allows_disposal = forms.BooleanField(label=_("Orders confiscation and destruction of the goods"),
                                         required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
