from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, Counter, SecurityEvent, User
from .services import create_agency


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through the services (which check roles, scope and separation of
    duties) or never change at all: the admin shows them and nothing more."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def register_read_only(*models) -> None:
    for model in models:
        admin.site.register(model, ReadOnlyAdmin)


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "agency_type", "level", "parent", "is_active"]
    list_filter = ["agency_type", "level", "is_active"]
    search_fields = ["name", "name_en", "division_code"]
    readonly_fields = ["path"]

    def get_readonly_fields(self, request, obj=None):
        # The tree position decides everyone's scope: it is set once, by accounts.services.
        return ["path", "parent"] if obj else ["path"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = create_agency(name=obj.name, name_en=obj.name_en, agency_type=obj.agency_type, level=obj.level,
                                division_code=obj.division_code, parent=obj.parent)
        obj.pk, obj.path = created.pk, created.path


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "agency", "is_active", "is_staff"]
    list_filter = ["is_active", "groups", "agency__level"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + ((None, {"fields": ["agency", "full_name", "phone"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((None, {"fields": ["agency", "full_name"]}),)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "user", "path", "detail", "ip_address"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    """Label-code serials: shown for support, changed only by the services that issue codes."""

    list_display = ["agency", "name", "last_value"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
