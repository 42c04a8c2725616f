from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabelsConfig(AppConfig):
    """No models: the label and document toolkit, registered only so its translations load."""

    name = "labels"
    verbose_name = _("Labels")
