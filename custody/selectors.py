"""Reads for custody pages: timelines, work queues, scan cards (related rows loaded, no N+1)."""

from django.db.models import Q

from warehouse.access import items_visible_to, operated_warehouse_ids
from warehouse.models import Item, Location, Warehouse

from .models import CustodyEvent

EVENT_RELATED = ("actor", "from_location", "to_location", "from_holder", "to_holder")


def item_timeline(item: Item):
    return CustodyEvent.objects.filter(item=item).select_related(*EVENT_RELATED).order_by("item_seq")


def recent_events(item: Item, limit: int = 5) -> list[CustodyEvent]:
    """The newest events, by the (item, item_seq) index: cost does not grow with history length."""
    return list(CustodyEvent.objects.filter(item=item).select_related(*EVENT_RELATED).order_by("-item_seq")[:limit])


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


def storable_locations(user):
    return (
        Location.objects.filter(warehouse__in=operated_warehouse_ids(user), is_active=True)
        .exclude(kind=Location.Kind.ZONE)
        .select_related("warehouse")
        .order_by("warehouse__code", "full_name")
    )


def scan_card_item(user, code: str):
    return (
        items_visible_to(user)
        .select_related("case", "location", "warehouse", "legal_holder")
        .prefetch_related("attachments")
        .filter(code=code)
        .first()
    )

