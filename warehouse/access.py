"""Who sees which warehouse objects.

A user sees what belongs to their agency and the agencies below it. Staff of a warehouse also
see what their warehouse keeps for the agencies it serves (a cross-agency custody centre), and
the items that physically lie in it.
"""

from django.db.models import Q

from accounts.access import visible_agency_ids

from .models import Case, CaseShare, Item, Location, Warehouse


def operated_warehouse_ids(user) -> list[int]:
    cached = getattr(user, "_operated_warehouse_ids", None)
    if cached is None:
        cached = list(Warehouse.objects.filter(operator__in=visible_agency_ids(user)).values_list("pk", flat=True))
        user._operated_warehouse_ids = cached
    return cached


def item_agency_ids(user) -> list[int]:
    """The user's subtree plus the agencies served by the warehouses the subtree operates."""
    cached = getattr(user, "_item_agency_ids", None)
    if cached is None:
        own = visible_agency_ids(user)
        served = Warehouse.served_agencies.through.objects.filter(
            warehouse_id__in=operated_warehouse_ids(user)
        ).values_list("agency_id", flat=True)
        cached = sorted(set(own) | set(served))
        user._item_agency_ids = cached
    return cached


def shared_case_ids(user) -> list[int]:
    """Cases of other agencies' trees shared with the user's subtree by a transfer (see CaseShare)."""
    cached = getattr(user, "_shared_case_ids", None)
    if cached is None:
        cached = sorted(set(CaseShare.objects.filter(agency__in=visible_agency_ids(user))
                            .values_list("case_id", flat=True)))
        user._shared_case_ids = cached
    return cached


def items_visible_to(user):
    agencies = item_agency_ids(user)
    condition = (
        Q(owner_agency__in=agencies) | Q(legal_holder__in=agencies) | Q(warehouse__in=operated_warehouse_ids(user))
    )
    if shared := shared_case_ids(user):
        # A constant id list on an indexed column keeps this an index OR, not a join.
        condition |= Q(case__in=shared)
    return Item.objects.filter(condition)


def cases_visible_to(user):
    condition = Q(agency__in=item_agency_ids(user))
    if shared := shared_case_ids(user):
        condition |= Q(pk__in=shared)
    return Case.objects.filter(condition)


def warehouses_visible_to(user):
    agencies = visible_agency_ids(user)
    return Warehouse.objects.filter(Q(operator__in=agencies) | Q(served_agencies__in=agencies)).distinct()


def locations_visible_to(user):
    return Location.objects.filter(warehouse__in=warehouses_visible_to(user).values("pk"))


def locations_operated_by(user):
    """Locations where this user's agency may put things: those of warehouses it operates."""
    return Location.objects.filter(warehouse__in=operated_warehouse_ids(user), is_active=True)
