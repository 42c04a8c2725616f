"""Administrators record contractors, facilities and licences here; batches are read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import ReadOnlyAdmin, register_read_only

from .models import (
    BatchItem,
    Contractor,
    CostLine,
    DestructionBatch,
    Evidence,
    Facility,
    Licence,
    Shipment,
    Witness,
    WitnessAttempt,
)


class FacilityInline(admin.TabularInline):
    model = Facility
    extra = 0


class LicenceInline(admin.TabularInline):
    model = Licence
    extra = 0


@admin.register(Contractor)
class ContractorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "credit_code", "contact_person", "phone", "is_active")
    search_fields = ("name", "credit_code")
    inlines = [FacilityInline]


@admin.register(Facility)
class FacilityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "contractor", "address", "is_active")
    inlines = [LicenceInline]


@admin.register(DestructionBatch)
class DestructionBatchAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("code", "status", "facility", "planned_date", "destroyed_at")
    list_filter = ("status",)
    search_fields = ("code",)


@admin.register(CostLine)
class CostLineAdmin(SimpleHistoryAdmin):
    list_display = ("batch", "category", "amount", "payer", "invoice_number", "incurred_on")
    list_filter = ("category", "payer")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Licence)
class LicenceAdmin(SimpleHistoryAdmin):
    list_display = ["facility", "kind", "number", "valid_until"]
    search_fields = ["number", "facility__name"]


# The record of a destruction: written by the destruction services, shown here.
register_read_only(Shipment, BatchItem, Witness, WitnessAttempt, Evidence)
