"""Build the demo data set once (idempotent), or N extra items for benchmarks with --scale."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.cases import build_cases
from demo.destruction import build_destruction
from demo.finance import build_finance
from demo.justice import build_justice
from demo.labels import build_labels
from demo.people import USERS, build_agencies, build_users
from demo.scale import build_scale
from demo.stocktake import build_stocktakes
from demo.storage import build_warehouse


class Command(BaseCommand):
    help = "Load realistic demo data (agencies, users, a warehouse, cases, items); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, metavar="N",
                            help="also register N more items in bulk (for benchmarks)")

    def handle(self, *args, scale, **options):
        started = time.monotonic()
        agencies = build_agencies()
        users = build_users(agencies)
        warehouse = build_warehouse(agencies)
        build_cases(agencies, users, warehouse)
        build_justice(agencies, users)
        build_labels(users, warehouse)
        build_stocktakes(users, warehouse)
        build_destruction(users)
        build_finance(agencies, users)
        if scale:
            build_scale(scale, agencies=agencies, users=users, out=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s."))
        self.stdout.write(f"Demo logins / 演示账号 (password / 密码: {settings.DEMO_PASSWORD}):")
        for username, full_name, _agency, roles in USERS:
            self.stdout.write(f"  {username:<11} {full_name}  ({', '.join(str(r.label) for r in roles)})")
