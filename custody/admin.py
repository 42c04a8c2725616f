from django.contrib import admin

from accounts.admin import ReadOnlyAdmin, register_read_only
from custody import models
from custody.models import CustodyEvent, LedgerHead


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



# Checkpoints are written only by custody.checkpoints; the admin shows them.
register_read_only(models.Checkpoint)
