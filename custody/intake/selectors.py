"""Reads for registration and intake."""

from django.db.models import Q

from warehouse.access import items_visible_to, operated_warehouse_ids
from warehouse.models import Item, Warehouse


def awaiting_intake(user):
    """Registered (or arriving) items the user's warehouses store: the custodian's intake queue."""
    served = Warehouse.served_agencies.through.objects.filter(
        warehouse_id__in=operated_warehouse_ids(user)).values("agency_id")
    return (
        items_visible_to(user)
        .filter(status__in=[Item.Status.REGISTERED, Item.Status.RECEIVED, Item.Status.IN_TRANSIT])
        .filter(Q(owner_agency__in=served) | Q(legal_holder__in=served))
        .select_related("case", "owner_agency")
        .order_by("pk")
    )


def registration_batches(case, limit: int = 20):
    return case.registration_batches.select_related("registered_by").order_by("-first_seq")[:limit]
