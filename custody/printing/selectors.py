"""Reads for label printing."""

from django.db.models import Q

from custody.models import CustodyEvent, EventKind
from custody.printing.models import Label, PrintJob
from custody.transitions import TRANSITIONS
from warehouse.access import items_visible_to
from warehouse.models import Item


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


def print_jobs(user, limit: int = 50):
    return job_in_scope(user).order_by("-created_at")[:limit]


def job_in_scope(user):
    """Print jobs a user may follow and download: their own and their agency's."""
    return PrintJob.objects.filter(Q(requester=user) | Q(agency_id=user.agency_id)).select_related("requester")


def current_labels(item: Item):
    return Label.objects.filter(item=item).select_related("issued_by").order_by("-revision")
