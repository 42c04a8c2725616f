"""Every model of the product is in the admin; custody state and evidence are read-only there."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

from warehouse.models import Item

PRODUCT_APPS = {"accounts", "warehouse", "custody", "destruction", "finance", "api"}


def product_models():
    return [model for model in apps.get_models()
            if model._meta.app_label in PRODUCT_APPS and not model.__name__.startswith("Historical")
            and not model._meta.auto_created]


@pytest.mark.parametrize("model", product_models(), ids=lambda model: model._meta.label)
def test_every_model_is_registered(model):
    assert model in admin.site._registry, f"{model._meta.label} has no admin"


def test_custody_fields_of_an_item_are_read_only(world):
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    item_admin = admin.site._registry[Item]
    (item,) = world.items(world.case())
    assert {"status", "location", "warehouse", "legal_holder", "code", "case"} <= set(
        item_admin.get_readonly_fields(request, item))
    assert not item_admin.has_add_permission(request)
    assert not item_admin.has_delete_permission(request, item)


def test_the_ledger_cannot_be_edited_in_the_admin(world):
    from custody.models import CustodyEvent

    request = RequestFactory().get("/admin/")
    request.user = world.admin
    ledger_admin = admin.site._registry[CustodyEvent]
    assert not ledger_admin.has_add_permission(request)
    assert not ledger_admin.has_change_permission(request)
    assert not ledger_admin.has_delete_permission(request)


def test_every_admin_list_and_page_renders(world, client):
    """A broken list_display or field name would only show as a 500 in production."""
    from django.urls import reverse

    from accounts.models import User

    world.items(world.case())
    root = User.objects.create_superuser("root-admin", "root@example.invalid", "x")
    client.force_login(root)
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, model
        obj = model._default_manager.first()
        if obj is not None:
            assert client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200, model
