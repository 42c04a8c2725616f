"""Reads for destruction pages (related rows loaded; no N+1)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum

from accounts.access import visible_agency_ids
from warehouse.access import item_agency_ids, operated_warehouse_ids
from warehouse.models import Item, LegalDocument

from .models import BatchItem, Contractor, CostLine, DestructionBatch, Evidence, Facility, Licence, Shipment, Witness

BATCH_RELATED = ("warehouse", "agency", "facility__contractor", "prepared_by", "decided_by", "executed_by")


def batches_visible_to(user):
    """Batches of the user's agency subtree, and batches holding items the user's agencies own."""
    own_items = BatchItem.objects.filter(batch=OuterRef("pk"), item__owner_agency__in=item_agency_ids(user))
    return DestructionBatch.objects.filter(Q(agency__in=visible_agency_ids(user)) | Exists(own_items))


def batch_list(user, status: str = ""):
    batches = batches_visible_to(user).select_related(*BATCH_RELATED).annotate(
        item_count=Count("batch_items", filter=Q(batch_items__is_open=True)))
    if status:
        batches = batches.filter(status=status)
    return batches.order_by("-prepared_at", "-pk")


def batch_detail(user, code: str):
    return batches_visible_to(user).select_related(*BATCH_RELATED).prefetch_related(
        Prefetch("batch_items", queryset=BatchItem.objects.filter(is_open=True).select_related(
            "item", "item__case", "item__location", "shipment").order_by("pk")),
        Prefetch("shipments", queryset=Shipment.objects.select_related("handed_over_by").order_by("number")),
        Prefetch("witnesses", queryset=Witness.objects.select_related("user", "agency").order_by("pk")),
        Prefetch("evidence", queryset=Evidence.objects.order_by("pk")),
        Prefetch("cost_lines", queryset=CostLine.objects.select_related("created_by").order_by("incurred_on", "pk")),
        Prefetch("facility__licences", queryset=Licence.objects.order_by("kind", "-valid_until")),
    ).filter(code=code)


def eligible_items(user, warehouse):
    """In storage in ``warehouse``, in the user's scope, and their case has a decision allowing disposal."""
    if warehouse is None or warehouse.pk not in operated_warehouse_ids(user):
        return Item.objects.none()
    allowed = LegalDocument.objects.filter(case=OuterRef("case"), allows_disposal=True)
    return (
        Item.objects.filter(warehouse=warehouse, status=Item.Status.IN_STORAGE)
        .filter(Exists(allowed))
        .select_related("case", "location")
        .order_by("case__case_number", "pk")
    )


def facilities():
    return (Facility.objects.filter(is_active=True, contractor__is_active=True)
            .select_related("contractor").prefetch_related("licences").order_by("contractor__name", "name"))


def contractors():
    return Contractor.objects.prefetch_related(
        Prefetch("facilities", queryset=Facility.objects.prefetch_related(
            Prefetch("licences", queryset=Licence.objects.order_by("kind", "-valid_until"))))).order_by("name")


def public_completed():
    """Completed destructions for public disclosure: no people, no case details."""
    return (
        DestructionBatch.objects.filter(status=DestructionBatch.Status.COMPLETED)
        .select_related("agency", "facility__contractor")
        .prefetch_related("facility__licences")
        .annotate(item_count=Count("batch_items", filter=Q(batch_items__is_open=True)),
                  weight_kg=Subquery(Shipment.objects.filter(batch=OuterRef("pk")).order_by().values("batch")
                                     .annotate(total=Sum("weight_in_kg")).values("total")))
        .order_by("-destroyed_at")
    )


def public_categories(batch_ids):
    """(batch id, item category, brand) → count, for the disclosure page in one query."""
    rows = (BatchItem.objects.filter(batch_id__in=batch_ids, is_open=True)
            .values("batch_id", "item__category").annotate(n=Count("pk")).order_by())
    result: dict[int, list] = {}
    for row in rows:
        result.setdefault(row["batch_id"], []).append(row)
    return result
