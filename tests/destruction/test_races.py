"""Races: one item proposed for two batches at once, or checked out while being staged — one wins.

There is no check-out service in main yet (the releases engineer builds it in parallel), so the
competing "release" is simulated the way such a service works: lock the item, then commit a
CHECKED_OUT change through custody's one write path.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from accounts.errors import DomainError
from custody.models import EventKind
from custody.services.core import Change, commit_changes, lock_items
from destruction.models import BatchItem, DestructionBatch
from warehouse.models import Item

from .kit import propose, stored_items


def race(*actions):
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", action())
        except DomainError as error:
            results[index] = ("refused", error)
        except Exception as error:  # noqa: BLE001 - a server error is what this test must not see
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def check_out(actor, item):
    with transaction.atomic():
        (locked,) = lock_items(actor, [item.pk])
        return commit_changes(actor, [Change(item=locked, kind=EventKind.CHECKED_OUT,
                                             details={"reference": "release:SIM-1"})])


@pytest.mark.django_db(transaction=True)
def test_item_added_to_two_batches_at_once_only_one_wins(tx_kit):
    world = tx_kit.world
    items = stored_items(world, 1)
    results = race(lambda: propose(tx_kit, items), lambda: propose(tx_kit, items, actor=world.custodian2))
    outcomes = sorted(outcome for outcome, _ in results)
    assert outcomes == ["ok", "refused"], results
    refused = next(value for outcome, value in results if outcome == "refused")
    assert refused.code in ("already_staged", "invalid_transition")
    assert DestructionBatch.objects.count() == 1
    assert BatchItem.objects.filter(is_open=True).count() == 1
    assert items[0].events.filter(kind=EventKind.STAGED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_item_checked_out_while_being_staged_only_one_wins(tx_kit):
    world = tx_kit.world
    for _ in range(3):  # a few rounds, so either side gets to win sometimes
        items = stored_items(world, 1)
        results = race(lambda items=items: propose(tx_kit, items, estimated_cost=Decimal(1)),
                       lambda items=items: check_out(world.custodian2, items[0]))
        assert sorted(outcome for outcome, _ in results) == ["ok", "refused"], results
        item = Item.objects.get(pk=items[0].pk)
        staged = item.events.filter(kind=EventKind.STAGED).exists()
        checked_out = item.events.filter(kind=EventKind.CHECKED_OUT).exists()
        assert staged != checked_out
        assert item.status == (Item.Status.STAGED if staged else Item.Status.CHECKED_OUT)
        assert BatchItem.objects.filter(item=item, is_open=True).exists() == staged
