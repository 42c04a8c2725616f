"""Many items at once, registered through the real (bulk) registration service, for benchmarks."""

import itertools
import time
from decimal import Decimal

from custody.intake.services import ItemInput, register_items
from warehouse.models import Case
from warehouse.services import create_case

from .catalogue import CASES

ITEMS_PER_CASE = 1000


def build_scale(count: int, *, agencies, users, out) -> None:
    officer = users["officer"]
    templates = itertools.cycle([(spec, template) for spec in CASES for template in spec["items"]])
    existing = Case.objects.filter(case_number__startswith="规模测试").count()
    started, done = time.monotonic(), 0
    while done < count:
        batch = min(ITEMS_PER_CASE, count - done)
        case = create_case(actor=officer, case_number=f"规模测试〔2026〕{existing + 1:07d}号",
                           title=f"批量测试案件 {existing + 1}", kind=Case.Kind.ADMINISTRATIVE,
                           agency=agencies["nanshan"])
        existing += 1
        inputs = []
        for index in range(batch):
            spec, (description, category, brand, unit, quantity, weight, price, stream, hazard, cold, secure) = (
                next(templates))
            inputs.append(ItemInput(
                description=f"{description} #{done + index + 1}", category=category, brand=brand, unit=unit,
                quantity=Decimal(quantity), weight_kg=Decimal(weight), estimated_value=Decimal(price) * quantity,
                waste_stream=stream, hazard_class=hazard, needs_cold=cold, needs_secure=secure,
            ))
        register_items(actor=officer, case=case, items=inputs)
        done += batch
        if done % 50_000 < ITEMS_PER_CASE or done == count:
            rate = done / (time.monotonic() - started)
            out.write(f"  {done:,} / {count:,} items ({rate:,.0f} items/s)")
