from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Agencies and people")

    def ready(self):
        from config import checks  # noqa: F401  (registers the system checks)

        from . import security  # noqa: F401  (disabling a user ends their sessions)
