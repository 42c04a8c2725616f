"""Demo cases and items, registered and put away through the real services."""

import datetime
import itertools

from custody.intake.services import ItemInput, register_items
from custody.services.storage import store_at
from warehouse.models import Case, Item, Location
from warehouse.services import create_case, get_or_create_rights_holder

from .catalogue import CASES, item_rows

COPIES_PER_TEMPLATE = 10  # 21 templates x 10 cartons ≈ 200 items
LEFT_FOR_INTAKE = 12  # the newest items stay "registered" so the custodian has intake work to do


def build_cases(agencies, users, warehouse) -> list[Case]:
    custodian = users["custodian"]
    cases = []
    for number, spec in enumerate(CASES):
        case = Case.objects.filter(case_number=spec["number"]).first()
        if case is None:
            holder = get_or_create_rights_holder(name=spec["holder"][0], name_en=spec["holder"][1],
                                                 brands=spec["holder"][2])
            officer = users["officer"] if spec["agency"] == "nanshan" else users["officer2"]
            case = create_case(
                actor=officer, case_number=spec["number"], title=spec["title"], kind=spec["kind"],
                agency=agencies[spec["agency"]], seized_on=datetime.date(2026, 3, 2 + number * 3),
                seized_at_place=spec["place"], summary=spec["summary"], rights_holders=[holder],
            )
            inputs = [ItemInput(**row, rights_holder=holder) for row in _rows(spec)]
            register_items(actor=officer, case=case, items=inputs)
        cases.append(case)
    _put_away(custodian, warehouse, cases)
    return cases


def _rows(spec):
    return item_rows(spec, COPIES_PER_TEMPLATE)


def _put_away(custodian, warehouse, cases) -> None:
    """Store the demo cases' registered items in fitting bins, except the newest few."""
    waiting = list(Item.objects.filter(case__in=cases, status=Item.Status.REGISTERED).order_by("pk"))
    waiting = waiting[:-LEFT_FOR_INTAKE] if len(waiting) > LEFT_FOR_INTAKE else []
    bins = list(Location.objects.filter(warehouse=warehouse, kind=Location.Kind.BIN).order_by("full_name"))
    pools = {}
    for item in waiting:
        needs = (item.is_hazardous, item.needs_cold, item.needs_secure)
        if needs not in pools:
            # Bins whose flags are exactly the item's needs: general goods stay out of special stores.
            pools[needs] = itertools.cycle([b for b in bins if (b.is_hazardous, b.is_cold, b.is_secure) == needs])
        store_at(actor=custodian, items=[item], location=next(pools[needs]))
