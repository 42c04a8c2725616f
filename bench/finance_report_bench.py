"""Finance report at scale: 3,101 agencies (1 central, 31 provinces, 341 cities, 2,728 counties) and
100,000 cost lines, then the HTML report (Django test client) and the PDF, timed, with queries per report.

    FINANCE_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/custody_bench_finance \
        python bench/finance_report_bench.py

Default database: SQLite under var/. The database name must contain "bench". Data go in directly:
agencies, budgets, batches and items by bulk_create (no ledger: this measures the report, not custody),
80,000 finance cost lines through finance.services.import_cost_lines (the bulk path), 20,000
destruction cost lines on 5,000 completed or approved batches. Built once; later runs reuse it.
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = os.environ.get("FINANCE_BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'finance_bench.sqlite3'}")
if "bench" not in URL.rsplit("/", 1)[-1]:
    sys.exit(f"refusing to use {URL}: the database name must contain 'bench'")
os.environ["DATABASE_URL"] = URL
(ROOT / "var").mkdir(exist_ok=True)

from _common import database_label, timed  # noqa: E402  (sets Django up on DATABASE_URL)

YEAR = 2026
TODAY = datetime.date(YEAR, 11, 28)


def build(seed: int = 7) -> dict:
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Agency
    from accounts.roles import Role
    from accounts.services import create_user, setup_roles
    from custody.intake.services import ItemInput, register_items
    from custody.services.storage import store_at
    from destruction.models import BatchItem, Contractor, CostLine, DestructionBatch, Facility, Shipment
    from finance.models import Budget, Category
    from finance.services import CostInput, import_cost_lines
    from warehouse.models import Case, LegalDocument, Location
    from warehouse.services import add_legal_document, create_case, create_location, create_warehouse

    rng = random.Random(seed)
    started = time.monotonic()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_roles()
    L, market = Agency.Level, Agency.Type.MARKET

    def level(rows):
        created = Agency.objects.bulk_create(rows)
        for agency in created:
            agency.path = f"{agency.parent.path if agency.parent else '/'}{agency.pk}/"
        Agency.objects.bulk_update(created, ["path"], batch_size=2000)
        return created

    with transaction.atomic():
        central = level([Agency(name="国家市场监督管理总局", agency_type=market, level=L.CENTRAL,
                                division_code="100000", path="")])[0]
        provinces = level([Agency(name=f"省局{p:02d}", agency_type=market, level=L.PROVINCE,
                                  division_code=f"{11 + p:02d}0000", parent=central, path="") for p in range(31)])
        cities = level([Agency(name=f"{province.name}市局{c:02d}", agency_type=market, level=L.CITY,
                               division_code=f"{province.division_code[:2]}{c + 1:02d}00", parent=province, path="")
                        for province in provinces for c in range(11)])
        counties = level([Agency(name=f"{city.name}县局{n:02d}", agency_type=market, level=L.COUNTY,
                                 division_code=f"{city.division_code[:4]}{n + 1:02d}", parent=city, path="")
                          for city in cities for n in range(8)])
    agencies = [central, *provinces, *cities, *counties]
    users = {
        "finance_central": create_user(username="finance_central", password="bench-pass", agency=central,
                                       roles=[Role.FINANCE], full_name="中央财务"),
        "auditor_province": create_user(username="auditor_province", password="bench-pass", agency=provinces[18],
                                        roles=[Role.AUDITOR], full_name="省监督"),
        "finance_city": create_user(username="finance_city", password="bench-pass", agency=cities[200],
                                    roles=[Role.FINANCE], full_name="市财务"),
    }
    actor = users["finance_central"]

    with transaction.atomic():
        Budget.objects.bulk_create([
            Budget(agency=agency, fiscal_year=YEAR, category=category, original_amount=Decimal(amount),
                   amount=Decimal(amount), created_by=actor)
            for agency in agencies for category, amount in
            [(Category.DISPOSAL, "90000.00"), (Category.STORAGE, "24000.00"), (Category.TRANSPORT, "8000.00"),
             (Category.APPRAISAL, "6000.00")]], batch_size=5000)

    leaf = [*cities, *counties]
    entries = []
    for _ in range(80_000):
        entries.append(CostInput(
            agency=rng.choice(leaf), category=rng.choice([Category.STORAGE, Category.TRANSPORT, Category.APPRAISAL]),
            amount=Decimal(rng.randint(5000, 500000)) / 100, incurred_on=datetime.date(YEAR, rng.randint(1, 11),
                                                                                       rng.randint(1, 28)),
            payer=rng.choice(["budget", "budget", "budget", "rights_holder"]), invoice_number=f"B{_:07d}"))
    import_cost_lines(actor=actor, entries=entries)

    # Warehouses, cases, decisions and items through the real services (registration in bulk, put-away).
    officer = create_user(username="officer_central", password="bench-pass", agency=central, roles=[Role.OFFICER])
    contractor = Contractor.objects.create(name="基准处置有限公司")
    facility = Facility.objects.create(contractor=contractor, name="基准焚烧厂", address="—")
    streams = ["general", "general", "ewaste", "hazardous"]
    warehouses, bins, cases, batch_pool, waiting = [], [], [], [], []
    for number, city in enumerate(cities[:40]):
        warehouse = create_warehouse(code=f"bench-{city.pk}", name=f"{city.name}公物仓", operator=city)
        custodian = create_user(username=f"custodian_{number}", password="bench-pass", agency=city,
                                roles=[Role.CUSTODIAN])
        warehouses.append(warehouse)
        bins.append(create_location(warehouse=warehouse, name="01", kind=Location.Kind.BIN))
        zone = create_location(warehouse=warehouse, name="B区", kind=Location.Kind.ZONE, is_hazardous=True)
        hazardous_bin = create_location(warehouse=warehouse, name="01", kind=Location.Kind.BIN, parent=zone)
        case = create_case(actor=officer, case_number=f"基准案〔{YEAR}〕{number}号", title="基准案件",
                           kind=Case.Kind.ADMINISTRATIVE, agency=city)
        add_legal_document(actor=officer, case=case, kind=LegalDocument.Kind.PENALTY_DECISION,
                           number=f"基准罚决{number}", issued_on=datetime.date(YEAR, rng.randint(1, 6), 1),
                           allows_disposal=True)
        cases.append(case)
        inputs = []
        for index in range(500):
            stream = streams[index % 4]
            inputs.append(ItemInput(description="基准物品", quantity=Decimal(1), waste_stream=stream,
                                    weight_kg=Decimal(rng.randint(1, 40)) if index % 7 else None,
                                    hazard_class="toxic" if stream == "hazardous" else ""))
        items = register_items(actor=officer, case=case, items=inputs)
        batch_pool += [(warehouse, item) for item in items[:250]]
        store_at(actor=custodian, items=[i for i in items[250:] if i.waste_stream != "hazardous"], location=bins[-1])
        store_at(actor=custodian, items=[i for i in items[250:] if i.waste_stream == "hazardous"],
                 location=hazardous_bin)
        waiting += items[250:]

    with transaction.atomic():
        batches = []
        for index in range(5000):
            warehouse = warehouses[index % len(warehouses)]
            completed = index % 5 != 0
            batches.append(DestructionBatch(
                code=f"BENCH-{index:05d}", warehouse=warehouse, agency=warehouse.operator, facility=facility,
                status="completed" if completed else "approved", method_general="incineration",
                method_ewaste="dismantling", method_hazardous="incineration",
                planned_date=datetime.date(YEAR, rng.randint(1, 11), 10), estimated_weight_kg=Decimal("50"),
                estimated_cost=Decimal("4000.00"), prepared_by=actor,
                destroyed_at=timezone.make_aware(datetime.datetime(YEAR, rng.randint(7, 11), 15)) if completed
                else None))
        batches = DestructionBatch.objects.bulk_create(batches, batch_size=2000)
        by_warehouse = {}
        for warehouse, item in batch_pool:
            by_warehouse.setdefault(warehouse.pk, []).append(item)
        batch_items, shipments, costs = [], [], []
        for batch in batches:
            pool = by_warehouse[batch.warehouse_id]
            pair = [pool.pop(), pool.pop()]
            # Bench shortcut: these registered items are listed in batches without the custody flow
            # (proposal, hand-over, destruction events); only the reports read them.
            batch_items += [BatchItem(batch=batch, item=item, waste_category="GENERAL", weight_kg=item.weight_kg,
                                      added_by=actor) for item in pair]
            if batch.status == "completed":
                shipments.append(Shipment(batch=batch, number=1, waste_category="GENERAL", vehicle_plate="粤B0",
                                          weight_out_kg=sum(item.weight_kg or 5 for item in pair),
                                          weight_in_kg=sum(item.weight_kg or 5 for item in pair),
                                          handed_over_by=actor))
                for category in ("transport", "disposal_fee", "labour", "testing"):
                    costs.append(CostLine(batch=batch, agency=batch.agency, category=category,
                                          amount=Decimal(rng.randint(10000, 200000)) / 100,
                                          payer=rng.choice(["budget", "budget", "infringer"]),
                                          incurred_on=batch.destroyed_at.date(), created_by=actor))
            else:
                for category in ("transport", "disposal_fee", "labour", "testing", "transport"):
                    costs.append(CostLine(batch=batch, agency=batch.agency, category=category,
                                          amount=Decimal("100.00"), incurred_on=batch.planned_date, created_by=actor))
        BatchItem.objects.bulk_create(batch_items, batch_size=5000)
        Shipment.objects.bulk_create(shipments, batch_size=5000)
        CostLine.objects.bulk_create(costs, batch_size=5000)
    return {"agencies": len(agencies), "finance_cost_lines": len(entries), "destruction_cost_lines": len(costs),
            "batches": len(batches), "items": len(batch_pool) + len(waiting),
            "seconds": round(time.monotonic() - started, 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pdf-runs", type=int, default=5)
    args = parser.parse_args()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Agency, User
    from destruction.models import CostLine as BatchCostLine
    from finance.models import CostLine

    call_command("migrate", verbosity=0)
    built = None
    if not Agency.objects.filter(name="国家市场监督管理总局").exists():
        built = build()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    results = {}
    for username in ("finance_central", "auditor_province", "finance_city"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, url, runs in [("html", f"/finance/?year={YEAR}", args.runs),
                                ("pdf", f"/finance/report.pdf?year={YEAR}", args.pdf_runs)]:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            results[f"{username} {name}"] = {"queries": len(captured), **{
                key: round(value, 1) if isinstance(value, float) else value
                for key, value in timed(lambda url=url, client=client: client.get(url), runs).items()}}
    print(json.dumps({
        "database": database_label(), "built": built, "agencies": Agency.objects.count(),
        "cost_lines": CostLine.objects.count() + BatchCostLine.objects.count(), "reports": results,
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
