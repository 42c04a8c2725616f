"""Forms shared by the custody features."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"})


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note (needed for a rejection)"), max_length=500, required=False)
