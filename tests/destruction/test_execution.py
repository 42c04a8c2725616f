"""Handover trip by trip, weights, witnesses with passwords, and the end of an item's life."""

import json
from decimal import Decimal

import pytest

from accounts.errors import Conflict, InvalidInput, NotAllowed
from accounts.models import SecurityEvent
from custody.ledger import GENESIS_HASH, chain_hash
from custody.models import CustodyEvent, EventKind
from custody.services.disposal import stage_items, unstage_items
from custody.services.storage import store_at
from destruction.models import DestructionBatch, Witness, WitnessAttempt
from destruction.services import approve_batch, confirm_destruction, hand_over, weigh_in
from destruction.services.execution import WitnessInput
from warehouse.models import Item

from .kit import evidence, propose, run_to_destroyed, stored_items, witnesses


def handed_over(kit, count=2):
    items = stored_items(kit.world, count)
    batch = propose(kit, items)
    approve_batch(actor=kit.approver, batch=batch)
    shipment = hand_over(actor=kit.world.custodian, batch=batch, codes=[i.code for i in items],
                         vehicle_plate="粤B12345", weight_out_kg=Decimal("10"))
    return batch, items, shipment


def assert_chain_intact():
    previous = GENESIS_HASH
    for event in CustodyEvent.objects.order_by("seq"):
        assert event.prev_hash == previous and chain_hash(previous, event.payload) == event.hash
        previous = event.hash


def test_full_run_ends_every_item_destroyed_with_hashes_in_the_ledger(kit):
    items = stored_items(kit.world, 2)
    batch = run_to_destroyed(kit, items)
    assert batch.status == DestructionBatch.Status.COMPLETED and batch.certificate_number == "ZM-2026-001"
    assert batch.checkpoint_seq == CustodyEvent.objects.order_by("-seq").first().seq
    for item in items:
        item.refresh_from_db()
        assert item.status == Item.Status.DESTROYED and item.location is None
        kinds = list(item.events.order_by("item_seq").values_list("kind", flat=True))
        assert kinds[-3:] == [EventKind.STAGED, EventKind.HANDED_TO_CONTRACTOR, EventKind.DESTROYED]
        destroyed = item.events.get(kind=EventKind.DESTROYED)
        payload = json.loads(destroyed.payload)["disposal"]
        assert payload["batch"] == batch.code and payload["method"] == "incineration"
        assert {e["kind"] for e in payload["evidence"]} == {"photo", "certificate", "video"}
        assert all(len(e["sha256"]) == 64 for e in payload["evidence"])
        assert payload["witnesses"] == ["auditor", "supervisor"]
        assert destroyed.reference == f"batch:{batch.code}"
    assert Witness.objects.filter(batch=batch, is_external=True).get().user == kit.world.auditor
    assert_chain_intact()


def test_destroyed_item_can_never_be_released_moved_or_destroyed_again(kit):
    items = stored_items(kit.world, 1)
    batch = run_to_destroyed(kit, items)
    item = Item.objects.get(pk=items[0].pk)
    world = kit.world
    with pytest.raises(Conflict):
        store_at(actor=world.custodian, items=[item], location=world.general_bin2)
    with pytest.raises(Conflict):
        stage_items(actor=world.custodian, items=[item], reference="batch:X")
    with pytest.raises(Conflict):
        unstage_items(actor=world.custodian, items=[item], reference="batch:X")
    with pytest.raises(Conflict):  # the batch is completed: nothing more to confirm
        confirm_destruction(actor=world.custodian, batch=batch, witnesses=witnesses(world),
                            certificate_number="ZM-2", evidence=evidence())
    from custody.services.disposal import confirm_destroyed
    with pytest.raises(Conflict) as caught:  # and the custody verb itself refuses a second DESTROYED
        confirm_destroyed(actor=world.custodian, items=[item], reference="batch:X", counterparty="x")
    assert caught.value.code == "invalid_transition"
    assert item.events.filter(kind=EventKind.DESTROYED).count() == 1


def test_hazardous_trip_needs_a_manifest_and_one_category(kit):
    world = kit.world
    pesticide = stored_items(world, 1, waste_stream=Item.WasteStream.HAZARDOUS, hazard_class="toxic",
                             category=Item.Category.PESTICIDES)
    medicine = stored_items(world, 1, waste_stream=Item.WasteStream.HAZARDOUS, hazard_class="toxic",
                            category=Item.Category.MEDICINES)
    batch = propose(kit, pesticide + medicine, kit.hazardous)
    approve_batch(actor=kit.approver, batch=batch)
    codes = [pesticide[0].code, medicine[0].code]
    with pytest.raises(InvalidInput) as caught:
        hand_over(actor=world.custodian, batch=batch, codes=codes, vehicle_plate="粤B1", weight_out_kg=Decimal(5),
                  manifest_number="M1")
    assert caught.value.code == "mixed_categories"
    with pytest.raises(InvalidInput) as caught:
        hand_over(actor=world.custodian, batch=batch, codes=codes[:1], vehicle_plate="粤B1", weight_out_kg=Decimal(5))
    assert caught.value.code == "manifest_required"
    first = hand_over(actor=world.custodian, batch=batch, codes=codes[:1], vehicle_plate="粤B1",
                      weight_out_kg=Decimal(5), manifest_number="4403-2026-000101")
    with pytest.raises(Conflict) as caught:
        hand_over(actor=world.custodian, batch=batch, codes=codes[1:], vehicle_plate="粤B1",
                  weight_out_kg=Decimal(5), manifest_number="4403-2026-000101")
    assert caught.value.code == "manifest_used"
    second = hand_over(actor=world.custodian, batch=batch, codes=codes[1:], vehicle_plate="粤B1",
                       weight_out_kg=Decimal(5), manifest_number="4403-2026-000102")
    assert (first.number, first.waste_category, second.number, second.waste_category) == (1, "HW04", 2, "HW03")
    with pytest.raises(Conflict) as caught:
        hand_over(actor=world.custodian, batch=batch, codes=codes[:1], vehicle_plate="粤B1",
                  weight_out_kg=Decimal(5), manifest_number="4403-2026-000103")
    assert caught.value.code == "already_handed_over"


def test_weight_difference_above_tolerance_is_flagged(kit):
    batch, items, shipment = handed_over(kit)
    weighed = weigh_in(actor=kit.world.custodian, shipment=shipment, weight_in_kg=Decimal("10.15"))
    assert weighed.weight_flagged is False
    other_batch, _, other = handed_over(kit)
    assert weigh_in(actor=kit.world.custodian, shipment=other, weight_in_kg=Decimal("9.5")).weight_flagged is True
    with pytest.raises(Conflict):
        weigh_in(actor=kit.world.custodian, shipment=other, weight_in_kg=Decimal("9.9"))


def test_item_outside_the_batch_cannot_be_handed_over_and_the_approver_cannot_execute(kit):
    batch = propose(kit, stored_items(kit.world, 1))
    approve_batch(actor=kit.approver, batch=batch)
    stranger = stored_items(kit.world, 1)[0]
    with pytest.raises(Conflict) as caught:
        hand_over(actor=kit.world.custodian, batch=batch, codes=[stranger.code], vehicle_plate="粤B1",
                  weight_out_kg=Decimal(1))
    assert caught.value.code == "not_in_batch"
    with pytest.raises(NotAllowed):
        hand_over(actor=kit.approver, batch=batch, codes=[stranger.code], vehicle_plate="粤B1",
                  weight_out_kg=Decimal(1))


@pytest.mark.parametrize("who, code", [
    (("auditor",), "too_few_witnesses"),
    (("custodian", "auditor"), "operator_witness"),
    (("auditor", "auditor"), "duplicate_witness"),
    (("supervisor", "approver"), "no_external_witness"),
    (("auditor", "officer"), "not_a_witness"),
])
def test_witness_rules(kit, who, code):
    batch, items, shipment = handed_over(kit)
    weigh_in(actor=kit.world.custodian, shipment=shipment, weight_in_kg=Decimal("10"))
    users = {"approver": kit.approver, **{name: getattr(kit.world, name) for name in
                                          ("auditor", "custodian", "supervisor", "officer")}}
    with pytest.raises((InvalidInput, NotAllowed)) as caught:
        confirm_destruction(actor=kit.world.custodian, batch=batch,
                            witnesses=witnesses(kit.world, *[users[n] for n in who]),
                            certificate_number="ZM-1", evidence=evidence())
    assert caught.value.code == code
    assert Item.objects.filter(pk__in=[i.pk for i in items], status=Item.Status.WITH_CONTRACTOR).count() == 2


def test_wrong_witness_password_is_logged_and_nothing_recorded(kit):
    world = kit.world
    batch, items, shipment = handed_over(kit)
    weigh_in(actor=world.custodian, shipment=shipment, weight_in_kg=Decimal("10"))
    wrong = [WitnessInput(world.auditor, "guess"), *witnesses(world, world.supervisor)]
    with pytest.raises(NotAllowed) as caught:
        confirm_destruction(actor=world.custodian, batch=batch, witnesses=wrong, certificate_number="ZM-1",
                            evidence=evidence(), ip_address="10.0.0.8")
    assert caught.value.code == "witness_password"
    attempt = WitnessAttempt.objects.get()
    assert (attempt.user, attempt.operator, attempt.ip_address) == (world.auditor, world.custodian, "10.0.0.8")
    assert SecurityEvent.objects.filter(detail__contains="witness password failed for auditor").exists()
    assert not Witness.objects.exists()
    assert not CustodyEvent.objects.filter(kind=EventKind.DESTROYED).exists()
    for _ in range(4):
        with pytest.raises(NotAllowed):
            confirm_destruction(actor=world.custodian, batch=batch, witnesses=wrong, certificate_number="ZM-1",
                                evidence=evidence())
    with pytest.raises(NotAllowed) as caught:  # locked for a while, even with the right password now
        confirm_destruction(actor=world.custodian, batch=batch, witnesses=witnesses(world), certificate_number="ZM-1",
                            evidence=evidence())
    assert caught.value.code == "witness_locked"


def test_confirmation_needs_every_item_handed_over_weighed_and_evidence(kit):
    world = kit.world
    items = stored_items(world, 2)
    batch = propose(kit, items)
    approve_batch(actor=kit.approver, batch=batch)
    shipment = hand_over(actor=world.custodian, batch=batch, codes=[items[0].code], vehicle_plate="粤B1",
                         weight_out_kg=Decimal(5))

    def confirm(**overrides):
        arguments = dict(actor=world.custodian, batch=batch, witnesses=witnesses(world), certificate_number="ZM-1",
                         evidence=evidence())
        arguments.update(overrides)
        return confirm_destruction(**arguments)

    with pytest.raises(Conflict) as caught:
        confirm()
    assert caught.value.code == "not_handed_over"
    hand_over(actor=world.custodian, batch=batch, codes=[items[1].code], vehicle_plate="粤B1", weight_out_kg=Decimal(5))
    with pytest.raises(Conflict) as caught:
        confirm()
    assert caught.value.code == "not_weighed_in"
    for trip in batch.shipments.all():
        weigh_in(actor=world.custodian, shipment=trip, weight_in_kg=Decimal(5))
    with pytest.raises(InvalidInput) as caught:
        confirm(evidence=evidence()[2:])
    assert caught.value.code == "evidence_required"
    assert confirm().status == DestructionBatch.Status.COMPLETED
    assert shipment.items.count() == 1
