"""Item list and detail at scale: seeding time, queries per page, response times.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/custody_bench python bench/item_list_bench.py --items 1000000

Seeds the demo data plus enough bulk items (seed_demo --scale, timed) to reach --items, then
measures the pages through Django's test client as the custodian (the widest scope that filters):
the first page unfiltered and with filters, and an item's detail page. Prints median and p95 of
--runs requests each, and the number of queries per page.
"""

import argparse
import json
import sys

from _common import database_label, timed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    import time

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from warehouse.models import Item

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    call_command("seed_demo", verbosity=0, stdout=sys.stderr)
    missing = args.items - Item.objects.count()
    seeded = None
    if missing > 0:
        started = time.monotonic()
        call_command("seed_demo", scale=missing, verbosity=0, stdout=sys.stderr)
        seeded = {"items": missing, "seconds": round(time.monotonic() - started, 1)}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = Item.objects.count()

    client = Client()
    client.force_login(__import__("accounts.models", fromlist=["User"]).User.objects.get(username="custodian"))
    newest = Item.objects.order_by("-pk").first()
    pages = {
        "list, first page": "/items/",
        "list, status filter": "/items/?status=registered",
        "list, category + waste stream": "/items/?category=batteries&waste_stream=hazardous",
        "list, description search": "/items/?q=LV",
        "list, code search": f"/items/?q={newest.code}",
        "list, page 40": "/items/?page=40",
        "detail": f"/items/{newest.code}/",
    }
    results = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        results[name] = {"queries": len(captured), **timed(lambda url=url: client.get(url), args.runs)}
    print(json.dumps({"database": database_label(), "items": total, "seed_demo_scale": seeded,
                      "pages": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
