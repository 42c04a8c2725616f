"""Reads for the transfer pages (related rows loaded, no N+1)."""

from django.db.models import Count, Q

from accounts.access import visible_agency_ids
from custody.transfers.models import Transfer

TRANSFER_RELATED = ("case", "from_agency", "to_agency", "prepared_by", "decided_by")


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
