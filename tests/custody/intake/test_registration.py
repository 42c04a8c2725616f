from decimal import Decimal

import pytest

from accounts.errors import Conflict, InvalidInput, NotAllowed
from custody.intake.services import ItemInput, RowErrors, register_items
from custody.ledger import GENESIS_HASH, chain_hash
from custody.models import CustodyEvent, EventKind
from labels.codes import parse_code
from warehouse.models import Case, Item


def test_registration_creates_items_codes_and_one_event_each(world):
    case = world.case()
    items = world.items(case, count=3, waste_stream=Item.WasteStream.GENERAL)

    assert [item.status for item in items] == [Item.Status.REGISTERED] * 3
    for item in items:
        parsed = parse_code(item.code)
        assert (parsed.kind, parsed.division_code, parsed.letter) == ("item", "440305", "S")
        assert item.legal_holder == world.county and item.owner_agency == world.county
    events = list(CustodyEvent.objects.order_by("seq"))
    assert [(e.seq, e.kind, e.item_seq, e.to_status) for e in events] == [
        (1, EventKind.REGISTERED, 1, "registered"), (2, EventKind.REGISTERED, 1, "registered"),
        (3, EventKind.REGISTERED, 1, "registered")]
    assert events[0].prev_hash == GENESIS_HASH
    for previous, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == previous.hash
    assert all(event.hash == chain_hash(event.prev_hash, event.payload) for event in events)
    assert all(item.history.count() == 1 for item in items)


def test_codes_are_serial_per_agency(world):
    case = world.case()
    first, second = world.items(case, count=2)
    assert parse_code(second.code).serial == parse_code(first.code).serial + 1


def test_invalid_rows_register_nothing_and_name_each_row(world):
    case = world.case()
    rows = [
        ItemInput(description="good", quantity=Decimal("1")),
        ItemInput(description="", quantity=Decimal("0")),
        ItemInput(description="农药", quantity=Decimal("1"), waste_stream=Item.WasteStream.HAZARDOUS),
    ]
    with pytest.raises(RowErrors) as caught:
        register_items(actor=world.officer, case=case, items=rows)
    assert set(caught.value.errors) == {2, 3}
    assert {"description", "quantity"} <= set(caught.value.errors[2])
    assert "hazard_class" in caught.value.errors[3]
    assert Item.objects.count() == 0 and CustodyEvent.objects.count() == 0


def test_only_case_officers_in_scope_register(world):
    case = world.case()
    rows = [ItemInput(description="x", quantity=Decimal("1"))]
    with pytest.raises(NotAllowed):
        register_items(actor=world.custodian, case=case, items=rows)
    with pytest.raises(NotAllowed):
        register_items(actor=world.outsider, case=case, items=rows)
    with pytest.raises(InvalidInput):
        register_items(actor=world.officer, case=case, items=[])


def test_closed_case_takes_no_items(world):
    case = world.case()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case.refresh_from_db()
    with pytest.raises(Conflict):
        register_items(actor=world.officer, case=case, items=[ItemInput(description="x", quantity=Decimal(1))])
