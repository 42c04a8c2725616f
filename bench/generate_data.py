"""Benchmark data: BENCH_ITEMS items (default 20,000) with five ledger events each.

Everything goes through the real services, hashing included: ``seed_demo --scale`` registers
the items in bulk (event 1), then the custodian stores them in batches of 2,000 with
``store_at`` (received + put away, events 2-3) and moves them twice (events 4-5). Idempotent:
items that already have their five events are left alone, so the data can grow between runs.
"""

import sys
import time

from _common import BENCH_ITEMS, database_label, figure
from django.core.management import call_command
from django.db.models import Count

from accounts.models import User
from custody.models import CustodyEvent
from custody.services.storage import store_at
from demo.people import build_agencies, build_users
from demo.scale import build_scale
from warehouse.models import Item, Location, Warehouse
from warehouse.services import create_location

BATCH = 2000
SCALE_CASES = "规模测试"


def bench_bins(warehouse):
    # Every flag set and no capacity: the zone takes any item, so the batches never split.
    zone = Location.objects.filter(warehouse=warehouse, name="Z区 基准测试").first() or create_location(
        warehouse=warehouse, name="Z区 基准测试", kind=Location.Kind.ZONE, is_hazardous=True, is_cold=True,
        is_secure=True)
    bins = []
    for name in ("01", "02"):
        bins.append(Location.objects.filter(parent=zone, name=name).first()
                    or create_location(warehouse=warehouse, name=name, kind=Location.Kind.BIN, parent=zone))
    return bins


def main():
    print(f"generate_data on {database_label()}: {BENCH_ITEMS:,} items × 5 events")
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    existing = Item.objects.filter(case__case_number__startswith=SCALE_CASES).count()
    if not Warehouse.objects.filter(code="sz-gwc-01").exists():
        call_command("seed_demo", scale=BENCH_ITEMS, stdout=sys.stdout)
    elif existing < BENCH_ITEMS:
        # Not seed_demo again: its put-away step would try to shelve every registered item (see report).
        agencies = build_agencies()
        build_scale(BENCH_ITEMS - existing, agencies=agencies, users=build_users(agencies), out=sys.stdout)
    registered = time.monotonic()
    figure("registration (seed_demo --scale)", registered - started, "s")

    custodian = User.objects.get(username="custodian")
    first, second = bench_bins(Warehouse.objects.get(code="sz-gwc-01"))
    waiting = (Item.objects.filter(case__case_number__startswith=SCALE_CASES, status=Item.Status.REGISTERED)
               .order_by("pk").values_list("pk", flat=True))
    done = 0
    while batch := list(waiting[:BATCH]):
        items = list(Item.objects.filter(pk__in=batch))
        store_at(actor=custodian, items=items, location=first)
        store_at(actor=custodian, items=items, location=second)
        store_at(actor=custodian, items=items, location=first)
        done += len(batch)
        if done % 100_000 < BATCH:
            rate = done * 4 / (time.monotonic() - registered)
            print(f"  … {done:,} items stored and moved ({rate:,.0f} events/s)", flush=True)
    finished = time.monotonic()
    figure("storage and moves (store_at, 2,000 items per call)", finished - registered, "s")
    events = CustodyEvent.objects.count()
    figure("items", Item.objects.count())
    figure("events", events)
    figure("events per item (max)", CustodyEvent.objects.values("item").annotate(n=Count("seq"))
           .order_by("-n").values_list("n", flat=True).first() or 0)
    figure("generation total", finished - started, "s")


if __name__ == "__main__":
    main()
