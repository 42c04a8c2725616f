"""Admin for the nouns. An item's status, location, warehouse and legal holder are read-only:
they change only through the custody services, which record each change in the ledger."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import ReadOnlyAdmin, register_read_only

from .models import Attachment, Case, CaseShare, Item, LegalDocument, Location, RightsHolder, Warehouse

CUSTODY_FIELDS = ["status", "location", "warehouse", "legal_holder"]


@admin.register(Warehouse)
class WarehouseAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "operator"]
    search_fields = ["code", "name"]
    filter_horizontal = ["served_agencies"]


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "code", "warehouse", "kind", "is_hazardous", "is_cold", "is_secure", "capacity"]
    list_filter = ["warehouse", "kind", "is_hazardous", "is_cold", "is_secure"]
    search_fields = ["code", "full_name"]
    readonly_fields = ["code", "full_name", "warehouse", "parent"]

    def has_add_permission(self, request):
        return False  # locations get label codes from warehouse.services.create_location


@admin.register(RightsHolder)
class RightsHolderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "brands"]
    search_fields = ["name", "name_en", "brands"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["case_number", "title", "kind", "status", "agency", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["case_number", "title"]
    readonly_fields = ["case_number", "agency", "status", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False  # cases are registered through warehouse.services.create_case


@admin.register(LegalDocument)
class LegalDocumentAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ["case", "kind", "number", "issued_on", "allows_disposal"]
    list_filter = ["kind", "allows_disposal"]
    search_fields = ["number", "case__case_number"]


@admin.register(Item)
class ItemAdmin(SimpleHistoryAdmin):
    list_display = ["code", "description", "case", "status", "location", "legal_holder"]
    list_filter = ["status", "category", "waste_stream"]
    search_fields = ["code", "description"]
    list_select_related = ["case", "location", "legal_holder"]
    readonly_fields = ["code", "case", "owner_agency", "parent", "registered_by", "registered_at", *CUSTODY_FIELDS]

    def has_add_permission(self, request):
        return False  # items are registered through custody.services.register_items

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "kind", "case", "item", "sha256", "uploaded_by", "uploaded_at"]
    search_fields = ["sha256", "original_name"]


register_read_only(CaseShare)
