"""Demo stocktakes: a closed count of the hazardous zone with a resolved discrepancy, an open full
count in progress, and a custodian assignment that makes the due list show something."""

import datetime
import uuid

from django.conf import settings
from django.utils import timezone

from custody.stocktake.models import Stocktake, StocktakeLine, WarehouseCustodian
from custody.stocktake.services import (
    assign_custodian,
    close_counting,
    close_stocktake,
    record_scan,
    resolve_line,
    scope_location_ids,
    sign_off_count,
    start_stocktake,
)
from warehouse.models import Item, Location

HAZARD_ZONE = "B区 危险品库"


def build_stocktakes(users, warehouse) -> None:
    if Stocktake.objects.filter(warehouse=warehouse).exists():
        return
    custodian, supervisor, admin = users["custodian"], users["supervisor"], users["admin"]
    if not WarehouseCustodian.objects.filter(warehouse=warehouse).exists():
        # The custodian took over ten days ago: a full count of the warehouse is due.
        assign_custodian(actor=admin, warehouse=warehouse, user=custodian,
                         starts_on=timezone.localdate() - datetime.timedelta(days=10))
    zone = Location.objects.get(warehouse=warehouse, name=HAZARD_ZONE, parent=None)
    _closed_hazard_count(custodian, supervisor, warehouse, zone)
    _open_full_count(custodian, warehouse)


def _count(custodian, stocktake, by_location):
    for location, items in by_location.items():
        record_scan(actor=custodian, stocktake=stocktake, raw=location.code, client_scan_id=uuid.uuid4())
        for item in items:
            record_scan(actor=custodian, stocktake=stocktake, raw=item.code, client_scan_id=uuid.uuid4(),
                        location=location)


def _closed_hazard_count(custodian, supervisor, warehouse, zone) -> None:
    stocktake = start_stocktake(actor=custodian, warehouse=warehouse, locations=[zone],
                                note="危险品库季度盘点 quarterly count of the hazardous store")
    scope = scope_location_ids(warehouse, [zone])
    bins = list(Location.objects.filter(pk__in=scope, kind=Location.Kind.BIN).order_by("full_name"))
    by_location = {b: list(Item.objects.filter(location=b, status=Item.Status.IN_STORAGE).order_by("pk"))
                   for b in bins}
    # One carton turns up on the neighbouring bin: found elsewhere, then recorded there.
    full = [b for b in bins if by_location[b]]
    stray = by_location[full[0]].pop()
    neighbour = next(b for b in bins if b != full[0])
    by_location[neighbour].append(stray)
    _count(custodian, stocktake, by_location)
    close_counting(actor=custodian, stocktake=stocktake)
    sign_off_count(actor=custodian, stocktake=stocktake, password=settings.DEMO_PASSWORD)
    for line in StocktakeLine.objects.filter(stocktake=stocktake, resolution=StocktakeLine.Resolution.PENDING):
        resolution = (StocktakeLine.Resolution.MOVE_RECORDED if line.category == StocktakeLine.Category.MISPLACED
                      else StocktakeLine.Resolution.NOTED)
        resolve_line(actor=supervisor, line=line, resolution=resolution,
                     reason="上次出入库时放到了相邻货架层，按实际位置登记 misfiled on the neighbouring bin; "
                            "recorded where found")
    close_stocktake(actor=supervisor, stocktake=stocktake, password=settings.DEMO_PASSWORD)


def _open_full_count(custodian, warehouse) -> None:
    stocktake = start_stocktake(actor=custodian, warehouse=warehouse, purpose=Stocktake.Purpose.CUSTODIAN_CHANGE,
                                note="保管员交接全面盘点 full count at the change of custodian")
    # The first shelf of zone A is already counted.
    bins = list(Location.objects.filter(warehouse=warehouse, kind=Location.Kind.BIN, full_name__contains="A区")
                .order_by("full_name")[:4])
    _count(custodian, stocktake, {b: list(Item.objects.filter(location=b, status=Item.Status.IN_STORAGE))
                                  for b in bins})
