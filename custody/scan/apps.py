from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScanConfig(AppConfig):
    name = "custody.scan"
    label = "scan"
    verbose_name = _("Scan station")
