"""Reads for custody pages: timelines, work queues, scan cards (related rows loaded, no N+1)."""

from django.db.models import Q

from warehouse.access import items_visible_to, operated_warehouse_ids
from warehouse.models import Item, Location, Warehouse

from .models import CustodyEvent, EventKind, Label, PrintJob
from .transitions import TRANSITIONS

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


# --- labels ---------------------------------------------------------------------------------

def labellable(items):
    """Items whose status still allows a label (not destroyed, returned, transferred out)."""
    return items.filter(status__in=list(TRANSITIONS[EventKind.LABEL_ISSUED]))


def case_label_item_ids(user, case) -> list[int]:
    return list(labellable(items_visible_to(user).filter(case=case)).order_by("pk").values_list("pk", flat=True))


def batch_item_ids(user, batch) -> list[int]:
    registered = CustodyEvent.objects.filter(seq__gte=batch.first_seq, seq__lte=batch.last_seq,
                                             kind=EventKind.REGISTERED).values("item_id")
    return list(labellable(items_visible_to(user).filter(pk__in=registered)).order_by("pk")
                .values_list("pk", flat=True))


def registration_batches(case, limit: int = 20):
    return case.registration_batches.select_related("registered_by").order_by("-first_seq")[:limit]


def print_jobs(user, limit: int = 50):
    return job_in_scope(user).order_by("-created_at")[:limit]


def job_in_scope(user):
    """Print jobs a user may follow and download: their own and their agency's."""
    return PrintJob.objects.filter(Q(requester=user) | Q(agency_id=user.agency_id)).select_related("requester")


def current_labels(item: Item):
    return Label.objects.filter(item=item).select_related("issued_by").order_by("-revision")
