"""Reads for releases, transfers, appraisals and the "My work / 待办" page (related rows loaded, no N+1)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.access import visible_agency_ids
from warehouse.access import items_visible_to, operated_warehouse_ids
from warehouse.models import LegalDocument

from .models import Appraisal, CustodyAlert, ReleaseExtension, ReleaseLine, ReleaseRequest, Transfer, TransferLine

R = ReleaseRequest.Status
RELEASE_RELATED = ("case", "requested_by", "requesting_agency", "decided_by")
TRANSFER_RELATED = ("case", "from_agency", "to_agency", "prepared_by", "decided_by")


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


def transfers_visible_to(user):
    agencies = visible_agency_ids(user)
    return Transfer.objects.filter(Q(from_agency__in=agencies) | Q(to_agency__in=agencies)
                                   | Q(case__agency__in=agencies))


def transfer_list(user, *, status: str = ""):
    transfers = transfers_visible_to(user).select_related(*TRANSFER_RELATED).annotate(item_count=Count("lines"))
    if status:
        transfers = transfers.filter(status=status)
    return transfers.order_by("-reported_at", "-pk")


def transfer_detail(user, code: str):
    return transfers_visible_to(user).select_related(*TRANSFER_RELATED, "sent_by", "destination").filter(code=code)


def transfer_lines(transfer):
    return transfer.lines.select_related("item", "item__location", "item__warehouse", "decided_by").order_by("pk")


def case_appraisals(case):
    return (Appraisal.objects.filter(item__case=case).select_related("item", "rights_holder", "recorded_agency")
            .prefetch_related("recognitions__agency").order_by("appraised_on", "pk"))


def work_for(user) -> dict:
    """What waits for this user, by role: the "My work / 待办" page and the home redirect."""
    today = timezone.localdate()
    agencies = visible_agency_ids(user)
    work = {}
    if user.has_perm("custody.approve_release"):
        work["releases_to_approve"] = (ReleaseRequest.objects.filter(status=R.PENDING, requesting_agency__in=agencies)
                                       .exclude(requested_by=user).select_related(*RELEASE_RELATED))
        work["extensions_to_approve"] = (
            ReleaseExtension.objects.filter(status=ReleaseExtension.Status.PENDING,
                                            request__requesting_agency__in=agencies)
            .exclude(requested_by=user).exclude(request__requested_by=user).select_related("request", "requested_by"))
        work["alerts"] = (CustodyAlert.objects.filter(acknowledged_at__isnull=True)
                          .filter(Q(release__requesting_agency__in=agencies) | Q(item__legal_holder__in=agencies))
                          .select_related("item", "release", "raised_by"))
    if user.has_perm("custody.approve_transfer"):
        work["transfers_to_approve"] = (Transfer.objects.filter(status=Transfer.Status.PENDING,
                                                                from_agency__in=agencies)
                                        .exclude(prepared_by=user).select_related(*TRANSFER_RELATED))
    if user.has_perm("custody.execute_release"):
        warehouses = operated_warehouse_ids(user)
        has_lines = ReleaseLine.objects.filter(request=OuterRef("pk"), status=ReleaseLine.Status.REQUESTED,
                                               item__warehouse__in=warehouses)
        work["releases_to_execute"] = (ReleaseRequest.objects.filter(status__in=[R.APPROVED, R.OUT])
                                       .filter(Exists(has_lines)).select_related(*RELEASE_RELATED))
    if user.has_perm("custody.dispatch_transfer"):
        work["transfers_to_ship"] = (Transfer.objects.filter(status=Transfer.Status.APPROVED,
                                                             mode=Transfer.Mode.PHYSICAL)
                                     .filter(Exists(TransferLine.objects.filter(
                                         transfer=OuterRef("pk"), item__warehouse__in=operated_warehouse_ids(user))))
                                     .select_related(*TRANSFER_RELATED))
    if user.has_perm("custody.prepare_transfer"):
        work["transfers_to_send"] = (Transfer.objects.filter(status=Transfer.Status.APPROVED,
                                                             mode=Transfer.Mode.LEGAL_ONLY, from_agency__in=agencies)
                                     .select_related(*TRANSFER_RELATED))
    if user.has_perm("custody.receive_transfer"):
        work["incoming_transfers"] = (Transfer.objects.filter(status=Transfer.Status.SENT, to_agency__in=agencies)
                                      .select_related(*TRANSFER_RELATED))
    if user.has_perm("custody.request_release") or user.has_perm("custody.execute_release"):
        overdue = releases_visible_to(user).filter(status=R.OUT, due_back__lt=today)
        if not user.has_perm("custody.execute_release"):
            overdue = overdue.filter(requesting_agency__in=agencies)
        work["overdue_releases"] = overdue.select_related(*RELEASE_RELATED).order_by("due_back")
    return {name: list(queryset[:200]) for name, queryset in work.items()}


def eligible_for_disposal(user):
    """Items in storage whose case has a decision that allows disposal."""
    decided = LegalDocument.objects.filter(case=OuterRef("case"), allows_disposal=True)
    return items_visible_to(user).filter(status="in_storage").filter(Exists(decided))
