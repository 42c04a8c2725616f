"""Transfers to police, procuratorate and court; case status and decisions; who sees what after."""

import datetime

import pytest
from django.utils import timezone

from accounts.errors import Conflict, InvalidInput, NotAllowed
from accounts.models import Agency
from accounts.roles import Role
from accounts.services import create_agency
from custody.models import EventKind
from custody.releases.services import request_release
from custody.services.storage import store_at
from custody.transfers.models import Transfer, TransferLine
from custody.transfers.services import (
    cancel_transfer,
    close_case,
    decide_transfer,
    prepare_transfer,
    receive_transfer,
    record_decision,
    send_transfer,
)
from tests.custody.kit import check_ledger, in_days, stored_items, user
from warehouse.access import cases_visible_to, items_visible_to
from warehouse.models import Case, Item, LegalDocument
from warehouse.services import create_location, create_warehouse

T = Transfer.Status


@pytest.fixture
def police(world):
    return user(world, "police", world.police, Role.OFFICER)


def sent_transfer(world, items, case, **kwargs):
    transfer = prepare_transfer(actor=world.officer, case=case, to_agency=world.police,
                                document_number="深南市监刑移〔2026〕15号", reason="涉嫌生产销售假药罪", items=items,
                                **kwargs)
    decide_transfer(actor=world.supervisor, transfer=transfer, approve=True)
    send_transfer(actor=world.officer, transfer=transfer)
    transfer.refresh_from_db()
    return transfer


def test_legal_custody_moves_and_goods_stay(world, police):
    case, items = stored_items(world, count=2, case=world.case(kind=Case.Kind.CRIMINAL))
    assert not items_visible_to(police).filter(pk=items[0].pk).exists()
    assert not cases_visible_to(police).filter(pk=case.pk).exists()
    transfer = prepare_transfer(actor=world.officer, case=case, to_agency=world.police,
                                document_number="深南市监刑移〔2026〕15号", reason="涉嫌生产销售假药罪")
    assert transfer.status == T.PENDING and transfer.lines.count() == 2
    assert transfer.decision_due - transfer.reported_at == datetime.timedelta(days=3)
    decide_transfer(actor=world.supervisor, transfer=transfer, approve=True)
    transfer.refresh_from_db()
    assert transfer.transfer_due - transfer.decided_at == datetime.timedelta(hours=24)
    assert LegalDocument.objects.filter(case=case, kind="transfer", number=transfer.document_number).exists()
    send_transfer(actor=world.officer, transfer=transfer)
    receive_transfer(actor=police, transfer=transfer, accept=items)
    transfer.refresh_from_db()
    assert transfer.status == T.RECEIVED and transfer.received_at
    for item in items:
        item.refresh_from_db()
        assert (item.legal_holder, item.owner_agency, item.status, item.location) == (
            world.police, world.county, Item.Status.IN_STORAGE, world.general_bin)
        event = item.events.get(kind=EventKind.HOLDER_CHANGED)
        assert (event.from_holder, event.to_holder, event.reference, event.legal_document_number) == (
            world.county, world.police, f"transfer:{transfer.code}", "深南市监刑移〔2026〕15号")
    case.refresh_from_db()
    assert case.status == Case.Status.TRANSFERRED
    # Receivers see the items, the case and every event; the sender keeps reading what it sent.
    police = type(police).objects.get(pk=police.pk)
    assert items_visible_to(police).filter(pk__in=[i.pk for i in items]).count() == 2
    assert cases_visible_to(police).filter(pk=case.pk).exists()
    officer = type(world.officer).objects.get(pk=world.officer.pk)
    assert items_visible_to(officer).filter(pk__in=[i.pk for i in items]).count() == 2
    # Legal control moved: the market officer can no longer request the items, the police can.
    with pytest.raises(NotAllowed):
        request_release(actor=officer, case=case, items=items[:1], purpose="court", reason="x",
                        recipient_name="y", due_back=in_days(2))
    request_release(actor=police, case=case, items=items[:1], purpose="appraisal", reason="送检",
                    recipient_name="公安部物证鉴定中心", due_back=in_days(5))
    check_ledger()


def test_receiving_twice_is_refused(world, police):
    case, items = stored_items(world)
    transfer = sent_transfer(world, items, case)
    receive_transfer(actor=police, transfer=transfer, accept=items)
    with pytest.raises(Conflict) as caught:
        receive_transfer(actor=police, transfer=transfer, accept=items)
    assert caught.value.code == "already_received"
    assert Item.objects.get(pk=items[0].pk).events.filter(kind=EventKind.HOLDER_CHANGED).count() == 1


def test_item_by_item_receipt_and_refusal(world, police):
    case, items = stored_items(world, count=3)
    transfer = sent_transfer(world, items, case)
    with pytest.raises(InvalidInput):
        receive_transfer(actor=police, transfer=transfer, refuse={items[2].pk: ""})
    receive_transfer(actor=police, transfer=transfer, accept=items[:1])
    transfer.refresh_from_db()
    assert transfer.status == T.SENT
    with pytest.raises(Conflict):
        receive_transfer(actor=police, transfer=transfer, accept=items[:1])
    receive_transfer(actor=police, transfer=transfer, accept=items[1:2], refuse={items[2].pk: "与清单不符"})
    transfer.refresh_from_db()
    assert transfer.status == T.RECEIVED
    line = transfer.lines.get(item=items[2])
    assert (line.status, line.refusal_reason) == (TransferLine.Status.REFUSED, "与清单不符")
    items[2].refresh_from_db()
    assert items[2].legal_holder == world.county


def test_out_of_scope_agency_cannot_receive(world, police):
    case, items = stored_items(world)
    transfer = sent_transfer(world, items, case)
    procuratorate = create_agency(name="深圳市人民检察院", agency_type=Agency.Type.PROCURATORATE,
                                  level=Agency.Level.CITY, division_code="440300")
    prosecutor = user(world, "prosecutor", procuratorate, Role.OFFICER)
    for actor in (prosecutor, world.officer2, world.custodian):
        with pytest.raises(NotAllowed):
            receive_transfer(actor=actor, transfer=transfer, accept=items)


def test_approval_rules(world, police):
    case, items = stored_items(world)
    transfer = prepare_transfer(actor=world.officer, case=case, to_agency=world.police, document_number="移1",
                                reason="涉嫌犯罪")
    with pytest.raises(Conflict):
        send_transfer(actor=world.officer, transfer=transfer)
    with pytest.raises(NotAllowed):
        decide_transfer(actor=world.officer, transfer=transfer, approve=True)
    with pytest.raises(InvalidInput):
        decide_transfer(actor=world.supervisor, transfer=transfer, approve=False)
    decide_transfer(actor=world.supervisor, transfer=transfer, approve=False, note="证据不足")
    with pytest.raises(Conflict):
        decide_transfer(actor=world.supervisor, transfer=transfer, approve=True)
    # Lines of a rejected transfer are closed: the items can be put on a new one.
    again = prepare_transfer(actor=world.officer, case=case, to_agency=world.police, document_number="移2",
                             reason="补充证据后移送")
    cancel_transfer(actor=world.officer, transfer=again)
    with pytest.raises(InvalidInput):
        prepare_transfer(actor=world.officer, case=case, to_agency=world.county, document_number="移3",
                         reason="x")
    with pytest.raises(NotAllowed):
        prepare_transfer(actor=world.outsider, case=case, to_agency=world.police, document_number="移4", reason="x")


def test_chain_police_to_procuratorate_sender_keeps_reading(world, police):
    case, items = stored_items(world, case=world.case(kind=Case.Kind.CRIMINAL))
    transfer = sent_transfer(world, items, case)
    receive_transfer(actor=police, transfer=transfer, accept=items)
    procuratorate = create_agency(name="深圳市人民检察院", agency_type=Agency.Type.PROCURATORATE,
                                  level=Agency.Level.CITY, division_code="440300")
    prosecutor = user(world, "prosecutor", procuratorate, Role.OFFICER)
    police_chief = user(world, "police-chief", world.police, Role.SUPERVISOR)
    police = type(police).objects.get(pk=police.pk)
    onward = prepare_transfer(actor=police, case=case, to_agency=procuratorate, document_number="深公移诉〔2026〕3号",
                              reason="移送审查起诉")
    decide_transfer(actor=police_chief, transfer=onward, approve=True)
    send_transfer(actor=police, transfer=onward)
    receive_transfer(actor=prosecutor, transfer=onward, accept=items)
    police = type(police).objects.get(pk=police.pk)
    prosecutor = type(prosecutor).objects.get(pk=prosecutor.pk)
    assert items_visible_to(police).filter(pk=items[0].pk).exists()
    assert items_visible_to(prosecutor).filter(pk=items[0].pk).exists()
    assert cases_visible_to(prosecutor).filter(pk=case.pk).exists()
    holders = list(items[0].events.filter(kind=EventKind.HOLDER_CHANGED).values_list("to_holder", flat=True))
    assert holders == [world.police.pk, procuratorate.pk]
    check_ledger()


def test_physical_transfer_ships_and_destination_takes_it_in(world, police):
    # The city police share the market bureau's division code (440300); location codes carry the
    # operator's type letter, so their store's codes do not collide with the market warehouse's.
    police_store = create_warehouse(code="police-store", name="公安涉案财物库", operator=world.police)
    shelf = create_location(warehouse=police_store, name="01", kind="bin")
    assert shelf.code.startswith("KG440300-") and world.general_bin.code.startswith("KS440300-")
    police_keeper = user(world, "police-keeper", world.police, Role.CUSTODIAN)
    case, items = stored_items(world)
    with pytest.raises(InvalidInput):
        prepare_transfer(actor=world.officer, case=case, to_agency=world.police, document_number="移P",
                         reason="x", mode=Transfer.Mode.PHYSICAL)
    transfer = prepare_transfer(actor=world.officer, case=case, to_agency=world.police, document_number="移P",
                                reason="实物移交", mode=Transfer.Mode.PHYSICAL, destination=police_store)
    decide_transfer(actor=world.supervisor, transfer=transfer, approve=True)
    with pytest.raises(NotAllowed):
        send_transfer(actor=world.officer, transfer=transfer)
    send_transfer(actor=world.custodian, transfer=transfer)
    items[0].refresh_from_db()
    assert items[0].status == Item.Status.IN_TRANSIT and items[0].location is None
    receive_transfer(actor=police, transfer=transfer, accept=items)
    store_at(actor=police_keeper, items=items, location=shelf)
    items[0].refresh_from_db()
    assert (items[0].warehouse, items[0].legal_holder, items[0].status) == (police_store, world.police,
                                                                           Item.Status.IN_STORAGE)
    assert [k for k in items[0].events.order_by("item_seq").values_list("kind", flat=True)][-4:] == [
        EventKind.SHIPPED, EventKind.HOLDER_CHANGED, EventKind.RECEIVED, EventKind.PUT_AWAY]
    check_ledger()


def test_case_status_and_disposal_eligibility(world):
    case, items = stored_items(world)
    assert not case.disposal_allowed
    with pytest.raises(InvalidInput):
        record_decision(actor=world.officer, case=case, kind=LegalDocument.Kind.SEIZURE_DECISION, number="x",
                        issued_on=timezone.localdate())
    with pytest.raises(Conflict):
        close_case(actor=world.officer, case=case)
    record_decision(actor=world.officer, case=case, kind=LegalDocument.Kind.PENALTY_DECISION,
                    number="深南市监罚〔2026〕88号", issued_on=timezone.localdate(), allows_disposal=True)
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED and case.disposal_allowed
    with pytest.raises(Conflict):
        record_decision(actor=world.officer, case=case, kind=LegalDocument.Kind.PENALTY_DECISION,
                        number="深南市监罚〔2026〕88号", issued_on=timezone.localdate())
    with pytest.raises(NotAllowed):
        record_decision(actor=world.outsider, case=case, kind=LegalDocument.Kind.PENALTY_DECISION,
                        number="浙罚1", issued_on=timezone.localdate())
    close_case(actor=world.officer, case=case)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    # A closed case can be transferred no more.
    transfer = prepare_transfer(actor=world.officer, case=case, to_agency=world.police, document_number="移X",
                                reason="x")
    decide_transfer(actor=world.supervisor, transfer=transfer, approve=True)
    send_transfer(actor=world.officer, transfer=transfer)
    police = user(world, "police", world.police, Role.OFFICER)
    with pytest.raises(Conflict):
        receive_transfer(actor=police, transfer=transfer, accept=items)
    items[0].refresh_from_db()
    assert items[0].legal_holder == world.county
