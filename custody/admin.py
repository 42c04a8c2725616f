from django.contrib import admin

from accounts.admin import ReadOnlyAdmin, register_read_only

from . import models
from .models import CustodyEvent, LedgerHead


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyAdmin):
    """The ledger: read-only here, and the database refuses changes anyway."""

    list_display = ["seq", "item", "kind", "actor", "to_status", "to_location", "to_holder", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["item__code", "reference", "hash"]
    list_select_related = ["item", "actor", "to_location", "to_holder"]


@admin.register(LedgerHead)
class LedgerHeadAdmin(CustodyEventAdmin):
    list_display = ["last_seq", "last_hash"]
    list_filter = []
    search_fields = []
    list_select_related = []


from .stocktake_admin import *  # noqa: E402,F401,F403 (stocktake admin, registered on import)

# Requests, transfers, appraisals, labels and counts change only through the custody services,
# which check roles, scope and separation of duties; the admin shows them.
register_read_only(
    models.RegistrationBatch, models.PrintJob, models.Label, models.LabelCalibration, models.Checkpoint,
    models.ReleaseRequest, models.ReleaseLine, models.ReleaseExtension, models.CustodyAlert, models.Transfer,
    models.TransferLine, models.Appraisal, models.AppraisalRecognition, models.StocktakeExpected,
    models.StocktakeScan, models.StocktakeSignoff,
)
