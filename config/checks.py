"""System checks for settings that must never reach production."""

from django.conf import settings
from django.core.checks import Error, register


@register("security", deploy=False)
def refuse_development_secret_key(app_configs, **kwargs):
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development default while DEBUG is off.",
                hint="Set the SECRET_KEY environment variable to a long random value.",
                id="custody.E001",
            )
        ]
    return []
