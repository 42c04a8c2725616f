"""Grow a benchmark ledger to N events through the real write path (for verify_ledger at scale).

    DATABASE_URL=postgres://…/custody_bench_items python bench/fill_events.py --events 5000000

Each batch locks 5,000 registered items and records a label reprint for each (an event that
changes no item field), through custody.services.commit_changes: the events are hashed and
chained exactly as in production. Prints the rate. Not part of run_all (it is data generation).
"""

import argparse
import time

from _common import database_label, figure
from django.db import transaction

from accounts.models import User
from custody.models import CustodyEvent, EventKind
from custody.services.core import Change, commit_changes
from warehouse.models import Item

BATCH = 5_000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5_000_000)
    args = parser.parse_args()
    actor = User.objects.get(username="custodian")
    ids = list(Item.objects.filter(status=Item.Status.REGISTERED).order_by("pk").values_list("pk", flat=True))
    started, added, offset = time.monotonic(), 0, 0
    total = CustodyEvent.objects.count()
    while total < args.events:
        chunk = ids[offset:offset + BATCH] or ids[:BATCH]
        offset = (offset + BATCH) % max(len(ids), 1)
        with transaction.atomic():
            items = list(Item.objects.select_for_update().filter(pk__in=chunk).order_by("pk"))
            commit_changes(actor, [Change(item=item, kind=EventKind.LABEL_REPRINTED, save_item=False,
                                          details={"reason": "benchmark filler"}) for item in items])
        added += len(items)
        total += len(items)
        if added % 250_000 < BATCH:
            print(f"  {total:,} events ({added / (time.monotonic() - started):,.0f} events/s)", flush=True)
    figure(f"events in the ledger of {database_label()}", total)
    figure("filler events added per second", added / max(time.monotonic() - started, 1e-9), "events/s")


if __name__ == "__main__":
    main()
