"""Reads of the ledger and of storage places (related rows loaded, no N+1)."""

from custody.models import CustodyEvent
from warehouse.access import operated_warehouse_ids
from warehouse.models import Item, Location

EVENT_RELATED = ("actor", "from_location", "to_location", "from_holder", "to_holder")


def item_timeline(item: Item):
    return CustodyEvent.objects.filter(item=item).select_related(*EVENT_RELATED).order_by("item_seq")


def recent_events(item: Item, limit: int = 5) -> list[CustodyEvent]:
    """The newest events, by the (item, item_seq) index: cost does not grow with history length."""
    return list(CustodyEvent.objects.filter(item=item).select_related(*EVENT_RELATED).order_by("-item_seq")[:limit])


def storable_locations(user):
    return (
        Location.objects.filter(warehouse__in=operated_warehouse_ids(user), is_active=True)
        .exclude(kind=Location.Kind.ZONE)
        .select_related("warehouse")
        .order_by("warehouse__code", "full_name")
    )
