"""Reads for the release pages (related rows loaded, no N+1)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.access import visible_agency_ids
from custody.releases.models import ReleaseLine, ReleaseRequest
from warehouse.access import operated_warehouse_ids

R = ReleaseRequest.Status


RELEASE_RELATED = ("case", "requested_by", "requesting_agency", "decided_by")


def releases_visible_to(user):
    """Requests of the user's agency tree, and those whose items lie in warehouses the user operates."""
    agencies = visible_agency_ids(user)
    in_my_warehouses = ReleaseLine.objects.filter(request=OuterRef("pk"),
                                                  item__warehouse__in=operated_warehouse_ids(user))
    return ReleaseRequest.objects.filter(Q(requesting_agency__in=agencies) | Exists(in_my_warehouses))


def release_list(user, *, status: str = "", overdue: bool = False):
    releases = releases_visible_to(user).select_related(*RELEASE_RELATED).annotate(item_count=Count("lines"))
    if status:
        releases = releases.filter(status=status)
    if overdue:
        releases = releases.filter(status=R.OUT, due_back__lt=timezone.localdate())
    return releases.order_by("-requested_at", "-pk")


def release_detail(user, code: str):
    return releases_visible_to(user).select_related(*RELEASE_RELATED, "recipient_user", "case__agency").filter(
        code=code)


def release_lines(release):
    return release.lines.select_related("item", "item__location", "checked_out_by", "returned_by").order_by("pk")
