"""Releases: request, approval, check-out by scanning, return with condition check, refusals."""

import threading
import uuid

import pytest
from django.db import close_old_connections, connection

from accounts.errors import Conflict, DomainError, InvalidInput, NotAllowed
from accounts.roles import Role
from custody.models import EventKind
from custody.releases.models import CustodyAlert, ReleaseExtension, ReleaseLine, ReleaseRequest
from custody.releases.services import (
    approve_release,
    cancel_release,
    check_out,
    confirm_recipient,
    decide_extension,
    reject_release,
    request_extension,
    request_release,
    return_item,
)
from tests.custody.kit import check_ledger, in_days, release_for, stored_items, user
from warehouse.models import Item

S = ReleaseRequest.Status


def kinds(item):
    return list(item.events.order_by("item_seq").values_list("kind", flat=True))


def test_full_cycle_out_and_back_onto_the_same_shelf(world):
    case, items = stored_items(world, count=2)
    release = release_for(world, items, case)
    assert release.status == S.APPROVED and release.code.startswith("DY-S440305-")
    check_out(actor=world.custodian, release=release, items=items[:1])
    release.refresh_from_db()
    assert release.status == S.OUT
    check_out(actor=world.custodian, release=release, items=items[1:])
    for item in items:
        item.refresh_from_db()
        assert item.status == Item.Status.CHECKED_OUT and item.location is None
    out = items[0].events.get(kind=EventKind.CHECKED_OUT)
    assert out.reference == f"release:{release.code}" and "张检验" in out.counterparty
    assert out.from_location == world.general_bin

    return_item(actor=world.custodian, item=items[0])
    return_item(actor=world.custodian, item=items[1], location=world.general_bin2)
    items[0].refresh_from_db(), items[1].refresh_from_db()
    assert (items[0].status, items[0].location) == (Item.Status.IN_STORAGE, world.general_bin)
    assert items[1].location == world.general_bin2
    assert kinds(items[0])[-3:] == [EventKind.CHECKED_OUT, EventKind.RETURNED, EventKind.PUT_AWAY]
    release.refresh_from_db()
    assert release.status == S.RETURNED
    assert not CustodyAlert.objects.exists()
    check_ledger()


def test_damage_on_return_is_recorded_and_raises_an_alert(world):
    case, (item,) = stored_items(world)
    release = release_for(world, [item], case)
    check_out(actor=world.custodian, release=release, items=[item])
    with pytest.raises(InvalidInput):
        return_item(actor=world.custodian, item=item, condition=ReleaseLine.Condition.DAMAGED)
    return_item(actor=world.custodian, item=item, condition=ReleaseLine.Condition.DAMAGED, note="外包装破损，缺一件")
    alert = CustodyAlert.objects.get()
    assert alert.kind == "damaged" and alert.release == release and alert.note == "外包装破损，缺一件"
    returned = item.events.get(kind=EventKind.RETURNED)
    assert alert.event_seq == returned.seq and "外包装破损" in returned.condition
    item.refresh_from_db()
    assert "外包装破损" in item.condition
    line = release.lines.get()
    assert (line.return_condition, line.is_open) == ("damaged", False)


def test_return_to_owner_is_final(world):
    case, (item,) = stored_items(world)
    release = release_for(world, [item], case, purpose=ReleaseRequest.Purpose.RETURN_TO_OWNER, due_back=None)
    check_out(actor=world.custodian, release=release, items=[item])
    item.refresh_from_db()
    release.refresh_from_db()
    assert item.status == Item.Status.RETURNED_TO_OWNER and release.status == S.COMPLETED
    with pytest.raises(Conflict):
        return_item(actor=world.custodian, item=item)


def test_self_approval_is_refused(world):
    case, items = stored_items(world)
    supervisor_officer = user(world, "boss", world.county, Role.SUPERVISOR)
    supervisor_officer.groups.add(*world.officer.groups.all())
    release = request_release(actor=supervisor_officer, case=case, items=items, purpose="examination",
                              reason="送检", recipient_name="张三", due_back=in_days(3))
    with pytest.raises(NotAllowed) as caught:
        approve_release(actor=supervisor_officer, release=release)
    assert caught.value.code == "self_approval"
    release.refresh_from_db()
    assert release.status == S.PENDING


def test_officer_cannot_approve_and_outsider_is_out_of_scope(world):
    case, items = stored_items(world)
    release = release_for(world, items, case, approve=False)
    with pytest.raises(NotAllowed):
        approve_release(actor=world.officer2, release=release)
    outsider_supervisor = user(world, "zj-boss", world.other_city, Role.SUPERVISOR)
    with pytest.raises(NotAllowed) as caught:
        approve_release(actor=outsider_supervisor, release=release)
    assert caught.value.code == "out_of_scope"


def test_executing_an_unapproved_request_is_refused(world):
    case, items = stored_items(world)
    release = release_for(world, items, case, approve=False)
    with pytest.raises(Conflict) as caught:
        check_out(actor=world.custodian, release=release, items=items)
    assert caught.value.code == "not_approved"
    reject_release(actor=world.supervisor, release=release, note="理由不充分")
    with pytest.raises(Conflict):
        check_out(actor=world.custodian, release=release, items=items)
    assert kinds(items[0])[-1] == EventKind.PUT_AWAY


def test_rejection_needs_a_reason_and_frees_the_items(world):
    case, items = stored_items(world)
    release = release_for(world, items, case, approve=False)
    with pytest.raises(InvalidInput):
        reject_release(actor=world.supervisor, release=release, note="")
    reject_release(actor=world.supervisor, release=release, note="用途不明")
    release_for(world, items, case)  # a new request for the same items is possible again


def test_one_open_request_per_item(world):
    case, items = stored_items(world)
    release_for(world, items, case, approve=False)
    with pytest.raises(Conflict) as caught:
        release_for(world, items, case, approve=False)
    assert caught.value.code == "already_requested"


def test_separation_of_duties_in_execution(world):
    case, items = stored_items(world)
    release = release_for(world, items, case)
    case.officers.add(world.custodian)
    with pytest.raises(NotAllowed) as caught:
        check_out(actor=world.custodian, release=release, items=items)
    assert caught.value.code == "separation_of_duties"
    # The approver cannot execute what they approved, even with the custodian role.
    world.supervisor.groups.add(*world.custodian.groups.all())
    world.supervisor.agency = world.city
    world.supervisor.save()
    approver = type(world.supervisor).objects.get(pk=world.supervisor.pk)  # fresh permission cache
    with pytest.raises(NotAllowed) as caught:
        check_out(actor=approver, release=release, items=items)
    assert caught.value.code == "separation_of_duties"
    check_out(actor=world.custodian2, release=release, items=items)


def test_returning_an_item_that_is_not_out_is_refused(world):
    case, (item,) = stored_items(world)
    with pytest.raises(Conflict) as caught:
        return_item(actor=world.custodian, item=item)
    assert caught.value.code == "not_out"


def test_items_not_on_the_request_cannot_be_scanned_out(world):
    case, items = stored_items(world, count=2)
    release = release_for(world, items[:1], case)
    with pytest.raises(Conflict) as caught:
        check_out(actor=world.custodian, release=release, items=items[1:])
    assert caught.value.code == "not_on_request"


def test_request_refusals(world):
    case, (item,) = stored_items(world)
    with pytest.raises(InvalidInput):
        request_release(actor=world.officer, case=case, items=[item], purpose="court", reason="开庭",
                        recipient_name="法院", due_back=in_days(-1))
    with pytest.raises(InvalidInput):
        request_release(actor=world.officer, case=case, items=[item], purpose="court", reason="",
                        recipient_name="法院", due_back=in_days(1))
    with pytest.raises(NotAllowed):
        request_release(actor=world.outsider, case=case, items=[item], purpose="court", reason="开庭",
                        recipient_name="法院", due_back=in_days(1))
    with pytest.raises(NotAllowed):
        request_release(actor=world.custodian, case=case, items=[item], purpose="court", reason="开庭",
                        recipient_name="法院", due_back=in_days(1))
    (fresh,) = world.items(case)
    with pytest.raises(Conflict) as caught:
        request_release(actor=world.officer, case=case, items=[fresh], purpose="court", reason="开庭",
                        recipient_name="法院", due_back=in_days(1))
    assert caught.value.code == "not_in_storage"


def test_cancel_before_execution_only(world):
    case, items = stored_items(world, count=2)
    release = release_for(world, items[:1], case)
    cancel_release(actor=world.officer, release=release, reason="不需要了")
    release.refresh_from_db()
    assert release.status == S.CANCELLED
    with pytest.raises(Conflict):
        check_out(actor=world.custodian, release=release, items=items[:1])
    second = release_for(world, items[1:], case)
    check_out(actor=world.custodian, release=second, items=items[1:])
    with pytest.raises(Conflict) as caught:
        cancel_release(actor=world.officer, release=second)
    assert caught.value.code == "not_cancellable"


def test_extension_needs_another_persons_approval(world):
    case, items = stored_items(world)
    release = release_for(world, items, case, due_back=in_days(2))
    with pytest.raises(Conflict):
        request_extension(actor=world.officer, release=release, new_due_back=in_days(9), reason="补充检验")
    check_out(actor=world.custodian, release=release, items=items)
    extension = request_extension(actor=world.officer, release=release, new_due_back=in_days(9), reason="补充检验")
    with pytest.raises(Conflict):
        request_extension(actor=world.officer, release=release, new_due_back=in_days(10), reason="again")
    decide_extension(actor=world.supervisor, extension=extension, approve=True)
    release.refresh_from_db()
    assert release.due_back == in_days(9)
    extension.refresh_from_db()
    assert extension.status == ReleaseExtension.Status.APPROVED
    with pytest.raises(Conflict):
        decide_extension(actor=world.supervisor, extension=extension, approve=False)


def test_recipient_confirms_signed_in_or_by_printout(world):
    case, items = stored_items(world)
    release = release_for(world, items, case, recipient_user=world.officer2)
    with pytest.raises(Conflict):
        confirm_recipient(actor=world.officer2, release=release)
    check_out(actor=world.custodian, release=release, items=items)
    with pytest.raises(NotAllowed):
        confirm_recipient(actor=world.officer, release=release)
    confirm_recipient(actor=world.officer2, release=release)
    with pytest.raises(NotAllowed):
        confirm_recipient(actor=world.custodian2, release=release, signed_printout=True)
    confirm_recipient(actor=world.custodian, release=release, signed_printout=True)
    release.refresh_from_db()
    assert release.recipient_confirmed_by == world.officer2 and release.recipient_signed_printout


def test_retried_scan_out_is_recorded_once(world):
    case, items = stored_items(world)
    release = release_for(world, items, case)
    client_id = uuid.uuid4()
    first = check_out(actor=world.custodian, release=release, items=items, client_event_id=client_id)
    again = check_out(actor=world.custodian, release=release, items=items, client_event_id=client_id)
    assert [e.seq for e in first] == [e.seq for e in again]


@pytest.mark.django_db(transaction=True)
def test_two_supervisors_approving_at_once_give_one_decision(tx_world):
    world = tx_world
    case, items = stored_items(world)
    release = release_for(world, items, case, approve=False)
    supervisors = [world.supervisor] + [user(world, f"boss{n}", world.county, Role.SUPERVISOR) for n in range(3)]
    barrier = threading.Barrier(len(supervisors))
    outcomes = []

    def decide(actor, approve):
        try:
            barrier.wait()
            if approve:
                approve_release(actor=actor, release=release)
            else:
                reject_release(actor=actor, release=release, note="拒绝")
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=decide, args=(actor, n % 2 == 0)) for n, actor in enumerate(supervisors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) - {"ok"} <= {"already_decided"}, outcomes
    release.refresh_from_db()
    assert release.history.filter(status__in=[S.APPROVED, S.REJECTED]).count() == 1
    if connection.vendor == "postgresql":
        assert release.decided_by in supervisors
