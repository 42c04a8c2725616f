"""Forms of the release, transfer, appraisal and decision pages (parse and validate; services write)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, User
from warehouse.models import Item, LegalDocument, Location, RightsHolder, Warehouse

from .models import Appraisal, ReleaseLine, ReleaseRequest, Transfer

DATE = forms.DateInput(attrs={"type": "date"})


class ReleaseRequestForm(forms.Form):
    items = forms.ModelMultipleChoiceField(label=_("Items"), queryset=Item.objects.none(),
                                           widget=forms.CheckboxSelectMultiple, to_field_name="code")
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ReleaseRequest.Purpose.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    recipient_name = forms.CharField(label=_("Recipient"), max_length=80)
    recipient_organisation = forms.CharField(label=_("Recipient's organisation"), max_length=120, required=False)
    recipient_user = forms.ModelChoiceField(label=_("Recipient who signs in here (optional)"), required=False,
                                            queryset=User.objects.none(), to_field_name="username")
    due_back = forms.DateField(label=_("Due back"), required=False, widget=DATE)

    def __init__(self, *args, items, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        self.fields["recipient_user"].queryset = recipients


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note (needed for a rejection)"), max_length=500, required=False)


class ReturnForm(forms.Form):
    code = forms.CharField(label=_("Scan or type the label code"), max_length=40)
    condition = forms.ChoiceField(label=_("Condition"), choices=ReleaseLine.Condition.choices,
                                  initial=ReleaseLine.Condition.INTACT)
    note = forms.CharField(label=_("What is wrong?"), max_length=500, required=False)
    location = forms.ModelChoiceField(label=_("Put back on (empty: where it came from)"), required=False,
                                      queryset=Location.objects.none(), to_field_name="code")

    def __init__(self, *args, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if locations is not None:
            self.fields["location"].queryset = locations


class ScanOutForm(forms.Form):
    code = forms.CharField(label=_("Scan or type the label code"), max_length=40)


class ExtensionForm(forms.Form):
    new_due_back = forms.DateField(label=_("New due date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500)


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


class AppraisalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Appraisal.Kind.choices)
    rights_holder = forms.ModelChoiceField(label=_("Rights holder"), required=False,
                                           queryset=RightsHolder.objects.order_by("name"))
    appraiser = forms.CharField(label=_("Appraiser"), max_length=160)
    method = forms.CharField(label=_("Method"), max_length=500)
    result = forms.ChoiceField(label=_("Result"), choices=Appraisal.Result.choices)
    appraised_on = forms.DateField(label=_("Date of the report"), widget=DATE)
    report = forms.FileField(label=_("Report file (PDF or image)"), required=False)


class SampleForm(forms.Form):
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=3, min_value=0.001)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    seal_number = forms.CharField(label=_("Seal number"), max_length=60, required=False)


class CaseDecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[
        (LegalDocument.Kind.PENALTY_DECISION, LegalDocument.Kind.PENALTY_DECISION.label),
        (LegalDocument.Kind.COURT_JUDGMENT, LegalDocument.Kind.COURT_JUDGMENT.label)])
    number = forms.CharField(label=_("Document number"), max_length=80)
    issued_on = forms.DateField(label=_("Date"), widget=DATE)
    allows_disposal = forms.BooleanField(label=_("Orders confiscation and destruction of the goods"),
                                         required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
