"""Races between threads, each with its own database connection, on SQLite (file, IMMEDIATE) and
on PostgreSQL (row locks). Any exception other than the domain errors fails the test."""

import threading
import time

import pytest
from django.db import connection, transaction

from accounts.errors import Conflict
from custody.models import CustodyEvent, EventKind, LedgerHead
from custody.services.core import Change, commit_changes, lock_items
from custody.services.storage import receive_items, store_at
from custody.verify import verify_ledger
from warehouse.models import Item


def run_threads(count, work):
    """Start ``count`` threads at once; return their results (values or exceptions)."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=300)
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 (collected and checked by the test)
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.django_db(transaction=True)
def test_sixteen_conflicting_actions_on_one_item_one_wins(tx_world):
    world = tx_world
    (item,) = world.items(world.case())
    receive_items(actor=world.custodian, items=[item])
    before = CustodyEvent.objects.count()
    custodians = [world.custodian, world.custodian2]

    results = run_threads(16, lambda i: store_at(actor=custodians[i % 2], items=[item], location=world.general_bin))

    winners = [r for r in results if isinstance(r, list)]
    losers = [r for r in results if not isinstance(r, list)]
    assert len(winners) == 1 and len(losers) == 15
    assert all(isinstance(r, Conflict) for r in losers), {type(r).__name__ for r in losers}
    assert {r.code for r in losers} == {"already_there"} and all(str(r.message) for r in losers)
    assert CustodyEvent.objects.count() == before + 1
    assert CustodyEvent.objects.latest("seq").kind == EventKind.PUT_AWAY
    item.refresh_from_db()
    assert (item.status, item.location) == (Item.Status.IN_STORAGE, world.general_bin)
    assert verify_ledger().ok


@pytest.mark.django_db(transaction=True)
def test_eight_thousand_concurrent_appends_make_one_contiguous_chain(tx_world):
    """8 threads × 100 transactions × 10 events: every thread notes the condition of its own items."""
    world = tx_world
    case = world.case()
    items = world.items(case, count=80)
    before = LedgerHead.objects.get().last_seq

    def work(index):
        mine = [item.pk for item in items[index * 10:(index + 1) * 10]]
        for round_number in range(100):
            with transaction.atomic():
                locked = lock_items(world.custodian, mine)
                commit_changes(world.custodian, [
                    Change(item=item, kind=EventKind.CONDITION_NOTED,
                           details={"condition": f"thread {index} round {round_number}"})
                    for item in locked
                ])
        return True

    started = time.monotonic()
    results = run_threads(8, work)
    elapsed = time.monotonic() - started
    assert results == [True] * 8, [r for r in results if r is not True]
    seqs = list(CustodyEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, before + 8001))
    assert LedgerHead.objects.get().last_seq == before + 8000
    report = verify_ledger()
    assert report.ok, report.problems[:3]
    print(f"8,000 appends in {elapsed:.1f} s on {connection.vendor}")


@pytest.mark.django_db(transaction=True)
def test_four_stations_moving_different_items_between_two_bins_never_deadlock(tx_world):
    """With FOR UPDATE on the target bin, moves in opposite directions deadlocked on PostgreSQL (3 runs of 3,
    reported on the warehouse row): FOR UPDATE conflicts with the foreign-key checks (FOR KEY SHARE) of
    other moves. FOR NO KEY UPDATE still serialises the capacity check on the bin and does not."""
    world = tx_world
    items = world.items(world.case(), count=8)
    store_at(actor=world.custodian, items=items[:4], location=world.general_bin)
    store_at(actor=world.custodian, items=items[4:], location=world.general_bin2)
    bins = {world.general_bin.pk: world.general_bin2, world.general_bin2.pk: world.general_bin}

    def work(index):
        for _round in range(15):
            for pk in (items[index].pk, items[index + 4].pk):
                item = Item.objects.get(pk=pk)
                store_at(actor=world.custodian, items=[item], location=bins[item.location_id])
        return True

    results = run_threads(4, work)
    assert results == [True] * 4, [r for r in results if r is not True]
    assert verify_ledger().ok


def test_sixteen_scan_requests_at_once_one_succeeds_the_rest_get_409(tx_world):
    """The same race over HTTP: 16 scan-station requests moving one item onto one bin."""
    import uuid

    from django.test import Client
    from django.urls import reverse

    (item,) = tx_world.items(tx_world.case())
    store_at(actor=tx_world.custodian, items=[item], location=tx_world.general_bin)
    before = CustodyEvent.objects.count()
    clients = []
    for _ in range(16):
        client = Client()
        client.force_login(tx_world.custodian)
        clients.append(client)
    scan_location = reverse("custody:scan")
    for client in clients:  # each station has scanned the target bin first
        assert client.post(scan_location, {"code": tx_world.general_bin2.code}).status_code == 200

    def act(index):
        response = clients[index].post(reverse("custody:scan-act"), {
            "code": item.code, "action": "store", "client_event_id": str(uuid.uuid4())}, HTTP_HX_REQUEST="true")
        return response.status_code, response.content.decode()

    results = run_threads(16, act)
    statuses = sorted(status for status, _body in results)
    assert statuses == [200] + [409] * 15, statuses
    assert all("已在" in body for status, body in results if status == 409)  # "already on that bin"
    assert CustodyEvent.objects.count() == before + 1
    item.refresh_from_db()
    assert item.location == tx_world.general_bin2
    assert verify_ledger().ok
