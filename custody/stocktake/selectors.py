"""Reads for the stocktake pages (related rows loaded, no N+1)."""

from django.db.models import Count, Q

from custody.stocktake.models import Stocktake, StocktakeLine, StocktakeScan, StocktakeSignoff
from warehouse.access import warehouses_visible_to
from warehouse.models import Location


def stocktakes_visible_to(user):
    return (Stocktake.objects.filter(warehouse__in=warehouses_visible_to(user).values("pk"))
            .select_related("warehouse", "started_by", "closed_by").prefetch_related("locations"))


def lines(stocktake: Stocktake):
    return (StocktakeLine.objects.filter(stocktake=stocktake)
            .select_related("item", "expected_location", "found_location", "resolved_by")
            .order_by("category", "code"))


def category_counts(stocktake: Stocktake) -> dict[str, int]:
    rows = StocktakeLine.objects.filter(stocktake=stocktake).values("category").annotate(n=Count("pk"))
    return {row["category"]: row["n"] for row in rows}


def progress(stocktake: Stocktake) -> dict:
    """What the supervisor watches during a blind count: scans per counter, locations visited."""
    scans = StocktakeScan.objects.filter(stocktake=stocktake)
    per_counter = list(
        scans.values("counter__username", "counter__full_name")
        .annotate(items=Count("pk", filter=Q(kind="item")), locations=Count("location", distinct=True))
        .order_by("counter__username")
    )
    return {"item_scans": scans.filter(kind="item").count(),
            "distinct_items": scans.filter(kind="item").values("code").distinct().count(),
            "locations_visited": scans.values("location").distinct().count(), "counters": per_counter}


def recent_scans(stocktake: Stocktake, user, limit: int = 8) -> list[StocktakeScan]:
    return list(StocktakeScan.objects.filter(stocktake=stocktake, counter=user).select_related("location", "item")
                .order_by("-scanned_at", "-pk")[:limit])


def locations_to_visit(stocktake: Stocktake) -> list[Location]:
    """For a sample: the locations that hold sampled items (the items themselves stay hidden)."""
    ids = stocktake.expected.filter(in_sample=True, location__isnull=False).values("location_id")
    return list(Location.objects.filter(pk__in=ids).order_by("full_name"))


def signoffs(stocktake: Stocktake):
    return StocktakeSignoff.objects.filter(stocktake=stocktake).select_related("user").order_by("signed_at")


def counters(stocktake: Stocktake):
    from accounts.models import User

    ids = StocktakeScan.objects.filter(stocktake=stocktake).values("counter_id")
    return list(User.objects.filter(pk__in=ids).order_by("username"))
