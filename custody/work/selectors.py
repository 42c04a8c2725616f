"""What waits for whom: the "My work / 待办" page."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.access import visible_agency_ids
from custody.releases.models import CustodyAlert, ReleaseExtension, ReleaseLine, ReleaseRequest
from custody.releases.selectors import RELEASE_RELATED, R, releases_visible_to
from custody.transfers.models import Transfer, TransferLine
from custody.transfers.selectors import TRANSFER_RELATED
from warehouse.access import items_visible_to, operated_warehouse_ids
from warehouse.models import LegalDocument


def work_for(user) -> dict:
    """What waits for this user, by role: the "My work / 待办" page and the home redirect."""
    today = timezone.localdate()
    agencies = visible_agency_ids(user)
    work = {}
    if user.has_perm("releases.approve_release"):
        work["releases_to_approve"] = (ReleaseRequest.objects.filter(status=R.PENDING, requesting_agency__in=agencies)
                                       .exclude(requested_by=user).select_related(*RELEASE_RELATED))
        work["extensions_to_approve"] = (
            ReleaseExtension.objects.filter(status=ReleaseExtension.Status.PENDING,
                                            request__requesting_agency__in=agencies)
            .exclude(requested_by=user).exclude(request__requested_by=user).select_related("request", "requested_by"))
        work["alerts"] = (CustodyAlert.objects.filter(acknowledged_at__isnull=True)
                          .filter(Q(release__requesting_agency__in=agencies) | Q(item__legal_holder__in=agencies))
                          .select_related("item", "release", "raised_by"))
    if user.has_perm("transfers.approve_transfer"):
        work["transfers_to_approve"] = (Transfer.objects.filter(status=Transfer.Status.PENDING,
                                                                from_agency__in=agencies)
                                        .exclude(prepared_by=user).select_related(*TRANSFER_RELATED))
    if user.has_perm("releases.execute_release"):
        warehouses = operated_warehouse_ids(user)
        has_lines = ReleaseLine.objects.filter(request=OuterRef("pk"), status=ReleaseLine.Status.REQUESTED,
                                               item__warehouse__in=warehouses)
        work["releases_to_execute"] = (ReleaseRequest.objects.filter(status__in=[R.APPROVED, R.OUT])
                                       .filter(Exists(has_lines)).select_related(*RELEASE_RELATED))
    if user.has_perm("transfers.dispatch_transfer"):
        work["transfers_to_ship"] = (Transfer.objects.filter(status=Transfer.Status.APPROVED,
                                                             mode=Transfer.Mode.PHYSICAL)
                                     .filter(Exists(TransferLine.objects.filter(
                                         transfer=OuterRef("pk"), item__warehouse__in=operated_warehouse_ids(user))))
                                     .select_related(*TRANSFER_RELATED))
    if user.has_perm("transfers.prepare_transfer"):
        work["transfers_to_send"] = (Transfer.objects.filter(status=Transfer.Status.APPROVED,
                                                             mode=Transfer.Mode.LEGAL_ONLY, from_agency__in=agencies)
                                     .select_related(*TRANSFER_RELATED))
    if user.has_perm("transfers.receive_transfer"):
        work["incoming_transfers"] = (Transfer.objects.filter(status=Transfer.Status.SENT, to_agency__in=agencies)
                                      .select_related(*TRANSFER_RELATED))
    if user.has_perm("releases.request_release") or user.has_perm("releases.execute_release"):
        overdue = releases_visible_to(user).filter(status=R.OUT, due_back__lt=today)
        if not user.has_perm("releases.execute_release"):
            overdue = overdue.filter(requesting_agency__in=agencies)
        work["overdue_releases"] = overdue.select_related(*RELEASE_RELATED).order_by("due_back")
    return {name: list(queryset[:200]) for name, queryset in work.items()}


def eligible_for_disposal(user):
    """Items in storage whose case has a decision that allows disposal."""
    decided = LegalDocument.objects.filter(case=OuterRef("case"), allows_disposal=True)
    return items_visible_to(user).filter(status="in_storage").filter(Exists(decided))
