"""Reads: querysets scoped to the user, with the related rows the pages need (no N+1)."""

from django.db.models import Count, Prefetch, Q

from labels.codes import LabelCodeError, parse_code

from .access import cases_visible_to, items_visible_to, locations_visible_to, warehouses_visible_to
from .models import Attachment, Case, Item, Location

ITEM_LIST_RELATED = ("case", "location", "legal_holder")


def item_list(user, *, q: str = "", case: str = "", status: str = "", category: str = "",
              waste_stream: str = "", location: str = "", agency: int | None = None):
    items = items_visible_to(user).select_related(*ITEM_LIST_RELATED).only(
        "code", "description", "quantity", "unit", "status", "waste_stream", "hazard_class", "category",
        "case__case_number", "location__full_name", "location__code", "legal_holder__name",
    )
    if q:
        items = items.filter(_search(q))
    if case:
        items = items.filter(case__case_number=case)
    if status:
        items = items.filter(status=status)
    if category:
        items = items.filter(category=category)
    if waste_stream:
        items = items.filter(waste_stream=waste_stream)
    if location:
        items = items.filter(location__code=location)
    if agency:
        items = items.filter(Q(owner_agency_id=agency) | Q(legal_holder_id=agency))
    return items.order_by("-pk")


def _search(text: str) -> Q:
    """A well-formed label code is looked up on its unique index alone (OR-ing it with a substring
    search would scan the whole table); anything else is searched in the description."""
    try:
        return Q(code=parse_code(text).base_code)
    except LabelCodeError:
        return Q(description__icontains=text.strip())


def item_detail(user, code: str):
    return (
        items_visible_to(user)
        .select_related("case", "case__agency", "location", "warehouse", "legal_holder", "owner_agency",
                        "rights_holder", "parent", "registered_by")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at")))
        .filter(code=code)
    )


def item_field_changes(item: Item, limit: int = 50) -> list[dict]:
    """Field-change history, newest first, each with the fields that changed (old → new)."""
    records = list(item.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    changes = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        deltas = [] if older is None else [
            (field, getattr(older, field.attname), getattr(record, field.attname))
            for field in _DIFFED_FIELDS if getattr(older, field.attname) != getattr(record, field.attname)
        ]
        changes.append({"record": record, "deltas": deltas})
    labels = _related_labels(delta for entry in changes for delta in entry["deltas"])
    for entry in changes:
        entry["diffs"] = [
            {"field": field.verbose_name, "old": _display(field, old, labels), "new": _display(field, new, labels)}
            for field, old, new in entry.pop("deltas")
        ]
    return changes


# simple-history's diff_against skips non-editable fields, and the custody fields are exactly
# those (only custody services write them), so the diff is computed here over every column.
_DIFFED_FIELDS = [f for f in Item._meta.concrete_fields if f.name not in ("id", "registered_at")]


def _related_labels(deltas) -> dict:
    """Names of the related rows the diffs mention (ids in history), one query per model."""
    wanted: dict = {}
    for field, old, new in deltas:
        if field.is_relation:
            wanted.setdefault(field.related_model, set()).update(v for v in (old, new) if v)
    return {model: {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)} for model, ids in wanted.items()}


def _display(field, value, labels: dict):
    if value in (None, ""):
        return "—"
    if field.is_relation:
        return labels.get(field.related_model, {}).get(value, value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def case_list(user, *, q: str = "", status: str = "", kind: str = ""):
    cases = cases_visible_to(user).select_related("agency").annotate(item_count=Count("items"))
    if q:
        cases = cases.filter(Q(case_number__icontains=q) | Q(title__icontains=q))
    if status:
        cases = cases.filter(status=status)
    if kind:
        cases = cases.filter(kind=kind)
    return cases.order_by("-created_at", "-pk")


def case_detail(user, case_number: str):
    return (
        cases_visible_to(user)
        .select_related("agency", "created_by")
        .prefetch_related("rights_holders", "officers", "documents", "attachments")
        .filter(case_number=case_number)
    )


def case_items(user, case: Case):
    return items_visible_to(user).filter(case=case).select_related("location", "legal_holder").order_by("pk")


def warehouse_list(user):
    return warehouses_visible_to(user).select_related("operator").annotate(
        location_count=Count("locations", distinct=True),
        item_count=Count("items", filter=Q(items__status__in=Item.ON_LOCATION), distinct=True),
    )


def location_tree(user, warehouse_code: str):
    """Locations of one warehouse in tree order, each with its occupancy."""
    return (
        locations_visible_to(user)
        .filter(warehouse__code=warehouse_code)
        .annotate(occupancy=Count("items", filter=Q(items__status__in=Item.ON_LOCATION)))
        .order_by("full_name")
    )


def location_detail(user, code: str):
    return locations_visible_to(user).select_related("warehouse", "parent").filter(code=code)


def location_items(user, location: Location):
    return items_visible_to(user).filter(location=location, status__in=Item.ON_LOCATION).select_related(
        "case").order_by("pk")
