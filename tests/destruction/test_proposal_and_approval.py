"""Proposing a batch (eligibility, methods, licences) and approving it (separation of duties)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from accounts.errors import Conflict, InvalidInput, NotAllowed
from custody.models import EventKind
from destruction.models import BatchItem, DestructionBatch
from destruction.services import approve_batch, cancel_batch, reject_batch, remove_item
from destruction.waste import Method
from warehouse.models import Item

from .kit import TODAY, disposable_case, propose, stored_items


def test_proposal_stages_items_with_a_ledger_event_and_a_public_code(kit):
    items = stored_items(kit.world, 2)
    batch = propose(kit, items)
    assert batch.code == f"XH-440300-{TODAY.year}-0001"
    assert batch.status == DestructionBatch.Status.PROPOSED
    assert batch.estimated_weight_kg == Decimal("10.000")
    for item in items:
        item.refresh_from_db()
        assert item.status == Item.Status.STAGED
        staged = item.events.get(kind=EventKind.STAGED)
        assert staged.reference == f"batch:{batch.code}"
    assert propose(kit, stored_items(kit.world, 1)).code.endswith("-0002")


def test_item_without_a_disposal_decision_is_refused(kit):
    items = stored_items(kit.world, 1, case=disposable_case(kit.world, allowed=False))
    with pytest.raises(Conflict) as caught:  # the default language: Chinese
        propose(kit, items)
    assert caught.value.code == "no_disposal_decision"
    assert "没有允许处置的决定" in str(caught.value.message)
    with translation.override("en"), pytest.raises(Conflict) as caught:
        propose(kit, items)
    assert "no decision that allows disposal" in str(caught.value.message)
    assert not DestructionBatch.objects.exists()


def test_item_not_in_storage_is_refused(kit):
    (item,) = kit.world.items(disposable_case(kit.world))  # registered, never received
    with pytest.raises(Conflict) as caught:
        propose(kit, [item])
    assert caught.value.code == "not_in_storage"


def test_item_in_another_batch_is_refused(kit):
    items = stored_items(kit.world, 1)
    first = propose(kit, items)
    with pytest.raises(Conflict) as caught:
        propose(kit, items)
    assert caught.value.code == "already_staged" and first.code in str(caught.value.message)


def test_expired_licence_blocks_assignment(kit):
    items = stored_items(kit.world, 1)
    with pytest.raises(Conflict) as caught:
        propose(kit, items, kit.expired)
    assert caught.value.code == "licence_expired"
    assert "GF-440300-99" in str(caught.value.message) and "过期" in str(caught.value.message)
    with translation.override("en"), pytest.raises(Conflict) as caught:
        propose(kit, items, kit.expired)
    assert "expired on" in str(caught.value.message)


def test_hazardous_goods_only_to_a_licensed_handler(kit):
    items = stored_items(kit.world, 1, waste_stream=Item.WasteStream.HAZARDOUS, hazard_class="toxic",
                         category=Item.Category.PESTICIDES)
    for facility in (kit.general, kit.ewaste):
        with pytest.raises(Conflict) as caught:
            propose(kit, items, facility)
        assert caught.value.code == "hazardous_unlicensed"
        assert "HW04" in str(caught.value.message)
    batch = propose(kit, items, kit.hazardous)
    assert batch.batch_items.get().waste_category == "HW04"


def test_licence_must_cover_every_stream_in_the_batch(kit):
    items = stored_items(kit.world, 1, waste_stream=Item.WasteStream.EWASTE, category=Item.Category.ELECTRONICS)
    with pytest.raises(Conflict) as caught:
        propose(kit, items, kit.general)
    assert caught.value.code == "category_not_covered"


def test_method_must_fit_the_stream(kit):
    items = stored_items(kit.world, 1)
    with pytest.raises(InvalidInput) as caught:
        propose(kit, items, methods={"general": Method.SECURE_LANDFILL})
    assert caught.value.code == "method_not_allowed"
    with pytest.raises(InvalidInput):
        propose(kit, items, methods={})
    assert "remove" not in " ".join(Method.values)  # no "remove the fake mark" method exists


def test_only_custodians_of_the_warehouse_propose(kit):
    items = stored_items(kit.world, 1)
    with pytest.raises(NotAllowed):
        propose(kit, items, actor=kit.world.officer)
    with pytest.raises(InvalidInput):
        propose(kit, items, planned_date=TODAY - datetime.timedelta(days=1))


def test_supervisor_cannot_approve_own_batch_and_another_one_can(kit):
    batch = propose(kit, stored_items(kit.world, 1))
    # The preparer may hold both roles; the rule is about the person.
    kit.approver.groups.add(*kit.world.custodian.groups.all())
    own = propose(kit, stored_items(kit.world, 1), actor=kit.approver)
    with pytest.raises(NotAllowed) as caught:
        approve_batch(actor=kit.approver, batch=own)
    assert caught.value.code == "own_batch"
    with pytest.raises(NotAllowed):
        approve_batch(actor=kit.world.custodian2, batch=batch)  # no approval permission
    approved = approve_batch(actor=kit.approver, batch=batch, note="同意")
    assert (approved.status, approved.decided_by) == (DestructionBatch.Status.APPROVED, kit.approver)
    with pytest.raises(Conflict):
        approve_batch(actor=kit.approver, batch=batch)


def test_rejection_returns_items_to_storage_and_frees_them(kit):
    items = stored_items(kit.world, 2)
    batch = propose(kit, items)
    with pytest.raises(InvalidInput):
        reject_batch(actor=kit.approver, batch=batch, note=" ")
    reject_batch(actor=kit.approver, batch=batch, note="物品未经鉴定")
    for item in items:
        item.refresh_from_db()
        assert item.status == Item.Status.IN_STORAGE
        assert [e.kind for e in item.events.order_by("-item_seq")[:2]] == [EventKind.UNSTAGED, EventKind.STAGED]
    assert not BatchItem.objects.filter(is_open=True).exists()
    assert propose(kit, items).status == DestructionBatch.Status.PROPOSED


def test_remove_item_and_cancel(kit):
    items = stored_items(kit.world, 2)
    batch = propose(kit, items)
    remove_item(actor=kit.world.custodian, batch=batch, item=items[0], reason="需补充鉴定")
    with pytest.raises(Conflict) as caught:
        remove_item(actor=kit.world.custodian, batch=batch, item=items[1], reason="x")
    assert caught.value.code == "last_item"
    approve_batch(actor=kit.approver, batch=batch)
    cancel_batch(actor=kit.world.custodian, batch=batch, note="承运车辆故障")
    assert Item.objects.filter(pk__in=[i.pk for i in items], status=Item.Status.IN_STORAGE).count() == 2
