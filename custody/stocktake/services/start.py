"""Starting a stocktake: its scope, the sample, and the frozen expected set."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import Conflict, InvalidInput, NotAllowed
from accounts.services import next_serial
from custody.services.core import require_permission
from custody.stocktake.models import Stocktake, StocktakeExpected
from custody.stocktake.services.sampling import choose_sample, sample_size
from custody.transitions import ON_LOCATION
from warehouse.access import warehouses_visible_to
from warehouse.models import Item, Location, Warehouse

OPEN = (Stocktake.Status.COUNTING, Stocktake.Status.RECONCILING)


def high_risk(item: Item, location: Location | None) -> bool:
    """Valuables (secure store) and hazardous goods: what sampled audits weigh more."""
    return bool(item.needs_secure or item.is_hazardous
                or (location is not None and (location.is_secure or location.is_hazardous)))


def scope_location_ids(warehouse: Warehouse, roots: Iterable[Location]) -> set[int]:
    """Ids of the root locations and everything below them; every location when ``roots`` is empty."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Location.objects.filter(warehouse=warehouse).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    roots = [root.pk for root in roots]
    if not roots:
        return {pk for ids in children.values() for pk in ids}
    found, stack = set(), list(roots)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def require_visible(actor, warehouse: Warehouse) -> None:
    if not warehouses_visible_to(actor).filter(pk=warehouse.pk).exists():
        raise NotAllowed(_("This warehouse is not within your agency's scope."), code="out_of_scope")


@transaction.atomic
def start_stocktake(*, actor, warehouse: Warehouse, locations: Iterable[Location] = (),
                    method: str = Stocktake.Method.FULL, purpose: str = Stocktake.Purpose.ROUTINE,
                    risk_weighted: bool = False, confidence: float = 0.95, margin: float = 0.03,
                    note: str = "", seed: int | None = None) -> Stocktake:
    """Freeze what the ledger says is in scope now, draw the sample, and open the count."""
    require_permission(actor, "stocktake.start_stocktake")
    if purpose in Stocktake.AUDIT_PURPOSES and not (actor.has_perm("stocktake.audit_stocktake")
                                                    or actor.has_perm("stocktake.resolve_stocktake")):
        raise NotAllowed(_("Audits are started by an auditor or a supervisor, not by the property staff."),
                         code="audit_by_outsider")
    require_visible(actor, warehouse)
    # One start at a time per warehouse: the overlap check below must see the others' results.
    Warehouse.objects.select_for_update().filter(pk=warehouse.pk).first()
    roots = list(locations)
    if any(root.warehouse_id != warehouse.pk for root in roots):
        raise InvalidInput(_("Every location must belong to the chosen warehouse."), code="location_elsewhere")
    scope = scope_location_ids(warehouse, roots)
    for other in Stocktake.objects.filter(warehouse=warehouse, status__in=OPEN).prefetch_related("locations"):
        if scope & scope_location_ids(warehouse, other.locations.all()):
            raise Conflict(_("Stocktake %(code)s is still open on part of these locations: close it first.")
                           % {"code": other.code}, code="stocktake_overlaps")
    if purpose == Stocktake.Purpose.HIGH_RISK_AUDIT:
        method = Stocktake.Method.SAMPLE

    on_shelf = Q(status__in=ON_LOCATION, location_id__in=scope)
    # Checked-out items are listed (and excluded from the count) when they came from the scope.
    away = Q(status=Item.Status.CHECKED_OUT) & (Q(location_id__in=scope) | Q(location__isnull=True)
                                                if not roots else Q(location_id__in=scope))
    candidates = list(Item.objects.filter(warehouse=warehouse).filter(on_shelf | away)
                      .select_related("location").order_by("pk"))
    risky = {item.pk for item in candidates if high_risk(item, item.location)}
    if purpose == Stocktake.Purpose.HIGH_RISK_AUDIT:
        candidates = [item for item in candidates if item.pk in risky]
    population = [item.pk for item in candidates if item.status in ON_LOCATION]
    size = sample_size(len(population), confidence=confidence, margin=margin)
    seed = secrets.randbits(48) if seed is None else seed
    if method == Stocktake.Method.SAMPLE:
        chosen = choose_sample(population, size.n, seed=seed, high_risk=risky, weighted=risk_weighted)
    else:
        chosen = set(population)

    now = timezone.now()
    serial = next_serial(agency=warehouse.operator, name=f"stocktake-{now:%Y}")
    stocktake = Stocktake.objects.create(
        code=f"PD{warehouse.operator.division_code}-{now:%Y}-{serial:04d}", warehouse=warehouse,
        method=method, purpose=purpose, risk_weighted=risk_weighted and method == Stocktake.Method.SAMPLE,
        confidence=confidence, margin=margin, population_size=len(population), sample_size=len(chosen),
        seed=seed, started_by=actor, started_at=now, note=note[:300],
    )
    stocktake.locations.set(roots)
    StocktakeExpected.objects.bulk_create([
        StocktakeExpected(stocktake=stocktake, item_id=item.pk, location_id=item.location_id, status=item.status,
                          high_risk=item.pk in risky, in_sample=item.pk in chosen)
        for item in candidates
    ], batch_size=2000)
    return stocktake
