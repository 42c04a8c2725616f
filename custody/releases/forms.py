"""Forms of the release pages (parse and validate; services write)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from custody.forms import DATE, DecisionForm  # noqa: F401 (re-exported for the views)
from custody.releases.models import ReleaseLine, ReleaseRequest
from warehouse.models import Item, Location


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
