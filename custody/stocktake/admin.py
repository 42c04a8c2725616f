"""Admin for stocktakes (read-only) and warehouse custodian assignments (through the services)."""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import register_read_only
from accounts.errors import DomainError
from custody.stocktake.models import (
    Stocktake,
    StocktakeExpected,
    StocktakeLine,
    StocktakeScan,
    StocktakeSignoff,
    WarehouseCustodian,
)
from custody.stocktake.services import assign_custodian, end_custodian


@admin.register(WarehouseCustodian)
class WarehouseCustodianAdmin(SimpleHistoryAdmin):
    list_display = ("warehouse", "user", "starts_on", "ends_on", "assigned_by")
    list_filter = ("warehouse",)
    fields = ("warehouse", "user", "starts_on", "ends_on")

    def get_readonly_fields(self, request, obj=None):
        return ("warehouse", "user", "starts_on") if obj else ("ends_on",)

    def save_model(self, request, obj, form, change):
        try:
            if not change:
                saved = assign_custodian(actor=request.user, warehouse=obj.warehouse, user=obj.user,
                                         starts_on=obj.starts_on)
                obj.pk = saved.pk
            elif obj.ends_on:
                end_custodian(actor=request.user, assignment=obj, ends_on=obj.ends_on)
        except DomainError as error:
            messages.error(request, error.message)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Stocktake)
class StocktakeAdmin(ReadOnlyAdmin):
    list_display = ("code", "warehouse", "method", "purpose", "status", "started_at", "closed_at")
    list_filter = ("status", "method", "purpose")
    search_fields = ("code",)


@admin.register(StocktakeLine)
class StocktakeLineAdmin(ReadOnlyAdmin):
    list_display = ("stocktake", "code", "category", "resolution", "resolved_by", "resolved_at")
    list_filter = ("category", "resolution")
    search_fields = ("code", "stocktake__code")


register_read_only(StocktakeExpected, StocktakeScan, StocktakeSignoff)
