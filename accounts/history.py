"""One way to give a model its field history (django-simple-history), shared by every app."""

from django.db import models
from simple_history.models import HistoricalRecords


def field_history(**kwargs) -> HistoricalRecords:
    """Field history with 64-bit ids: history rows outnumber their records many times over, and the
    database guards make them append-only (accounts/dbguards.py), so the id space is never reused."""
    return HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True), **kwargs)
