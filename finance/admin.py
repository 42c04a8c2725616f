from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Budget, BudgetAmendment, CostLine, RateOverride


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Finance records are written through finance.services (amendments, history); the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ("agency", "fiscal_year", "category", "original_amount", "amount")
    list_filter = ("fiscal_year", "category")
    list_select_related = ("agency",)


@admin.register(BudgetAmendment)
class BudgetAmendmentAdmin(admin.ModelAdmin):
    list_display = ("budget", "delta", "amount_after", "reason", "created_by", "created_at")
    list_select_related = ("budget__agency", "created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CostLine)
class CostLineAdmin(ReadOnlyAdmin):
    list_display = ("incurred_on", "agency", "category", "amount", "payer", "invoice_number")
    list_filter = ("category", "payer")
    list_select_related = ("agency",)


@admin.register(RateOverride)
class RateOverrideAdmin(ReadOnlyAdmin):
    list_display = ("agency", "waste_stream", "per_kg", "per_item", "updated_at")
    list_select_related = ("agency",)
