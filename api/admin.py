from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ApiAuditLog, ApiToken, ImportedBundle, TrustedPeer
from .signing import fingerprint, load_public_key


class TrustedPeerForm(forms.ModelForm):
    class Meta:
        model = TrustedPeer
        fields = ["name", "public_key", "is_active"]

    def clean_public_key(self):
        try:
            load_public_key(self.cleaned_data["public_key"].strip())
        except ValueError:
            raise forms.ValidationError(_("This is not an Ed25519 public key in PEM format.")) from None
        return self.cleaned_data["public_key"].strip() + "\n"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False  # tokens are created by their user on the "API tokens" page (the secret is shown once)


@admin.register(ApiAuditLog)
class ApiAuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "method", "path", "status", "user", "token", "client_event_id"]
    list_filter = ["method", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrustedPeer)
class TrustedPeerAdmin(admin.ModelAdmin):
    form = TrustedPeerForm
    list_display = ["name", "fingerprint", "is_active", "added_at"]
    readonly_fields = ["fingerprint", "added_by", "added_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.fingerprint = fingerprint(load_public_key(obj.public_key))
        obj.added_by = obj.added_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(ImportedBundle)
class ImportedBundleAdmin(admin.ModelAdmin):
    list_display = ["case_number", "peer", "item_count", "event_count", "imported_at", "imported_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
