"""Forms of the appraisal and sampling pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from custody.appraisals.models import Appraisal
from custody.forms import DATE
from warehouse.models import RightsHolder


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
