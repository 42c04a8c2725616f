"""These records change only through the feature's services, which check roles, scope and separation
of duties; the admin shows them."""

from accounts.admin import register_read_only

from .models import Label, LabelCalibration, PrintJob

register_read_only(PrintJob, Label, LabelCalibration)
