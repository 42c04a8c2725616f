from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StocktakeConfig(AppConfig):
    name = "custody.stocktake"
    label = "stocktake"
    verbose_name = _("Stocktake")
