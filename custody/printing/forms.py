"""Forms of the label print dialog and printer calibration."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
