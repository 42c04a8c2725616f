"""A small hand-computed finance data set, built through the real services.

Shenzhen city (root of the finance user's scope), with Nanshan (county) and Bao'an (county2):

budgets (year Y)   city disposal 10,000 + amendment 500 → 10,500; city storage 2,000;
                   county disposal 3,000; county2 transport 1,000                    total 16,500
batch (completed)  2 general items, decided 40 days ago, weighed in 10.1 kg; costs: transport 300
                   (budget, Y-01-15), disposal fee 10.1 kg × 3.00 = 30.30 (budget, Y-02-10),
                   labour 200 (infringer, Y-02-10)                                → 530.30
approved batch     1 general item, estimate 1,200, nothing booked                → committed 1,200
manual costs       city storage 500 (Y-01-31) and 500 (Y-02-28); county appraisal 800 (Y-03-05);
                   county2 transport 150 paid by the rights holder (Y-03-20)
backlog            general: 2 stored × 5 kg + 1 stored without weight + 1 in a proposed batch 5 kg
                   (decided 100 days ago); hazardous: 1 stored 2 kg (decided 400 days ago)
rates              general derived: 530.30 / 10.1 kg = 52.50 per kg, 530.30 / 2 = 265.15 per item;
                   hazardous: city override 20.00 per kg, 50.00 per item
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from custody.services.storage import store_at
from destruction.services import add_cost_line, approve_batch
from finance.models import Budget, Category
from finance.services import CostInput, amend_budget, create_budget, set_rate_override
from finance.services import add_cost_line as add_finance_cost
from tests.destruction.kit import TODAY, build_kit, propose, run_to_destroyed
from warehouse.models import Item, LegalDocument
from warehouse.services import add_legal_document

Y = TODAY.year
_numbers = iter(range(1, 10_000))


@dataclass
class FinanceData:
    world: object
    kit: object
    city_disposal: Budget
    destroyed: list
    approved_batch: object
    proposed_batch: object


def decided_case(world, days_ago: int):
    number = f"财务测试案〔{Y}〕{next(_numbers)}号"
    case = world.case(number=number)
    add_legal_document(actor=world.officer, case=case, kind=LegalDocument.Kind.PENALTY_DECISION,
                       number=f"罚决{number}", issued_on=TODAY - datetime.timedelta(days=days_ago),
                       allows_disposal=True)
    return case


def stored(world, case, count, weight="5.000", **fields):
    items = world.items(case, count=count, weight_kg=Decimal(weight) if weight else None, **fields)
    hazardous = fields.get("waste_stream") == Item.WasteStream.HAZARDOUS
    store_at(actor=world.custodian, items=items, location=world.hazardous_bin if hazardous else world.general_bin)
    return [Item.objects.get(pk=item.pk) for item in items]


def build_finance_data(world) -> FinanceData:
    kit = build_kit(world)
    fin = world.finance
    budget = create_budget(actor=fin, agency=world.city, fiscal_year=Y, category=Category.DISPOSAL,
                           amount="10000.00", document_number="深财预〔2026〕1号")
    amend_budget(actor=fin, budget=budget, delta="500.00", reason="追加危险废物处置经费")
    create_budget(actor=fin, agency=world.city, fiscal_year=Y, category=Category.STORAGE, amount="2000.00")
    create_budget(actor=fin, agency=world.county, fiscal_year=Y, category=Category.DISPOSAL, amount="3000.00")
    create_budget(actor=fin, agency=world.county2, fiscal_year=Y, category=Category.TRANSPORT, amount="1000.00")

    destroyed = stored(world, decided_case(world, 40), 2)
    done = run_to_destroyed(kit, destroyed)
    custodian = world.custodian
    add_cost_line(actor=custodian, batch=done, category="transport", payer="budget", amount=Decimal("300.00"),
                  incurred_on=datetime.date(Y, 1, 15), invoice_number="44030001")
    add_cost_line(actor=custodian, batch=done, category="disposal_fee", payer="budget", weight_kg=Decimal("10.1"),
                  unit_price=Decimal("3.00"), incurred_on=datetime.date(Y, 2, 10), invoice_number="44030002")
    add_cost_line(actor=custodian, batch=done, category="labour", payer="infringer", amount=Decimal("200.00"),
                  incurred_on=datetime.date(Y, 2, 10))

    backlog_case = decided_case(world, 100)
    approved = propose(kit, stored(world, backlog_case, 1), estimated_cost=Decimal("1200.00"))
    approve_batch(actor=kit.approver, batch=approved)
    stored(world, backlog_case, 2)
    stored(world, backlog_case, 1, weight=None)
    proposed = propose(kit, stored(world, backlog_case, 1), estimated_cost=Decimal("400.00"))
    stored(world, decided_case(world, 400), 1, weight="2.000", waste_stream=Item.WasteStream.HAZARDOUS,
           hazard_class=Item.HazardClass.TOXIC, category=Item.Category.PESTICIDES)
    # Not eligible: in storage, but the case has no decision allowing disposal.
    stored(world, world.case(number=f"未决案〔{Y}〕1号"), 3)

    for agency, category, amount, day, payer in [
        (world.city, Category.STORAGE, "500.00", datetime.date(Y, 1, 31), "budget"),
        (world.city, Category.STORAGE, "500.00", datetime.date(Y, 2, 28), "budget"),
        (world.county, Category.APPRAISAL, "800.00", datetime.date(Y, 3, 5), "budget"),
        (world.county2, Category.TRANSPORT, "150.00", datetime.date(Y, 3, 20), "rights_holder"),
    ]:
        add_finance_cost(actor=fin, entry=CostInput(agency=agency, category=category, amount=Decimal(amount),
                                                    incurred_on=day, payer=payer, invoice_number=f"FP{day:%m%d}"))
    set_rate_override(actor=fin, agency=world.city, waste_stream=Item.WasteStream.HAZARDOUS, per_kg="20.00",
                      per_item="50.00", reason="框架协议单价 framework contract price")
    return FinanceData(world=world, kit=kit, city_disposal=budget, destroyed=destroyed, approved_batch=approved,
                       proposed_batch=proposed)
