from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data. Sits above every other app (it uses them all, none uses it)."""

    name = "demo"
    verbose_name = "Demo data"
