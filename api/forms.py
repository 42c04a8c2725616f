import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80,
                           help_text=_("The system or scanner that will use the token."))
    expires_on = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)
        self.fields["expires_on"].help_text = _("At most %(days)s days from today.") % {
            "days": settings.API_TOKEN_MAX_DAYS}


class BundleUploadForm(forms.Form):
    file = forms.FileField(label=_("Case bundle (JSON)"))
