import uuid

import pytest

from accounts.errors import Conflict, NotAllowed
from custody.models import CustodyEvent, EventKind
from custody.services.condition import record_observation
from custody.services.core import BULK_ITEMS
from custody.services.storage import receive_items, store_at
from custody.verify import verify_ledger
from warehouse.models import Item


def kinds(item):
    return list(item.events.order_by("item_seq").values_list("kind", flat=True))


def test_store_receives_puts_away_and_moves(world):
    (item,) = world.items(world.case())
    store_at(actor=world.custodian, items=[item], location=world.general_bin)
    item.refresh_from_db()
    assert (item.status, item.location, item.warehouse) == (Item.Status.IN_STORAGE, world.general_bin,
                                                            world.warehouse)
    store_at(actor=world.custodian, items=[item], location=world.general_bin2, reason="整理库位")
    item.refresh_from_db()
    assert item.location == world.general_bin2
    assert kinds(item) == [EventKind.REGISTERED, EventKind.RECEIVED, EventKind.PUT_AWAY, EventKind.MOVED]
    moved = item.events.get(kind=EventKind.MOVED)
    assert (moved.from_location, moved.to_location, moved.reason) == (world.general_bin, world.general_bin2,
                                                                       "整理库位")
    assert item.history.count() == 4  # registration + one save per custody event


def test_receive_then_put_away(world):
    (item,) = world.items(world.case())
    receive_items(actor=world.custodian, items=[item], condition="外包装完好")
    item.refresh_from_db()
    assert item.status == Item.Status.RECEIVED and item.location is None
    store_at(actor=world.custodian, items=[item], location=world.general_bin)
    assert kinds(item) == [EventKind.REGISTERED, EventKind.RECEIVED, EventKind.PUT_AWAY]


def test_hazardous_items_only_in_hazardous_stores(world):
    (item,) = world.items(world.case(), waste_stream=Item.WasteStream.HAZARDOUS, hazard_class="toxic")
    with pytest.raises(Conflict) as caught:
        store_at(actor=world.custodian, items=[item], location=world.general_bin)
    assert caught.value.code == "location_not_hazardous"
    assert kinds(item) == [EventKind.REGISTERED]
    store_at(actor=world.custodian, items=[item], location=world.hazardous_bin)
    item.refresh_from_db()
    assert item.location == world.hazardous_bin


def test_full_location_refuses_more(world):
    items = world.items(world.case(), count=3)
    store_at(actor=world.custodian, items=items[:2], location=world.small_bin)
    with pytest.raises(Conflict) as caught:
        store_at(actor=world.custodian, items=[items[2]], location=world.small_bin)
    assert caught.value.code == "location_full"


def test_officer_cannot_store_and_custodian_cannot_take_own_case(world):
    case = world.case()
    (item,) = world.items(case)
    with pytest.raises(NotAllowed):
        store_at(actor=world.officer, items=[item], location=world.general_bin)
    case.officers.add(world.custodian)
    with pytest.raises(NotAllowed) as caught:
        store_at(actor=world.custodian, items=[item], location=world.general_bin)
    assert caught.value.code == "separation_of_duties"


def test_outsider_cannot_touch_items(world):
    (item,) = world.items(world.case())
    with pytest.raises(NotAllowed):
        receive_items(actor=world.outsider, items=[item])


def test_retried_action_is_recorded_once(world):
    (item,) = world.items(world.case())
    client_id = uuid.uuid4()
    first = store_at(actor=world.custodian, items=[item], location=world.general_bin, client_event_id=client_id)
    again = store_at(actor=world.custodian, items=[item], location=world.general_bin, client_event_id=client_id)
    assert [e.seq for e in first] == [e.seq for e in again]
    assert CustodyEvent.objects.filter(item=item).count() == 3


def test_moving_to_the_same_place_is_refused(world):
    (item,) = world.items(world.case())
    store_at(actor=world.custodian, items=[item], location=world.general_bin)
    with pytest.raises(Conflict):
        store_at(actor=world.custodian, items=[item], location=world.general_bin)


def test_observations_are_events(world):
    (item,) = world.items(world.case(), seal_number="FT001")
    store_at(actor=world.custodian, items=[item], location=world.general_bin)
    record_observation(actor=world.custodian, item=item, kind=EventKind.SEAL_BROKEN, note="开箱清点")
    record_observation(actor=world.custodian, item=item, kind=EventKind.RESEALED, seal_number="FT002")
    item.refresh_from_db()
    assert item.seal_number == "FT002"
    resealed = item.events.get(kind=EventKind.RESEALED)
    assert resealed.seal_numbers == "FT001→FT002" and resealed.to_status == Item.Status.IN_STORAGE


def test_many_items_are_written_in_bulk_with_one_history_row_each(world):
    items = world.items(world.case(), count=BULK_ITEMS)
    events = store_at(actor=world.custodian, items=items, location=world.general_bin)
    assert len(events) == 2 * BULK_ITEMS
    assert set(Item.objects.values_list("status", "location")) == {(Item.Status.IN_STORAGE, world.general_bin.pk)}
    stored = Item.objects.get(pk=items[0].pk)
    assert stored.history.count() == 2  # registration + the state after the batch
    assert stored.history.first().history_user == world.custodian
    assert verify_ledger().ok
