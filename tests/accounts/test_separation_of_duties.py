"""Separation of duties, tried through the pages and the admin by people who hold BOTH roles.

Role permissions alone would hide the rule (an officer cannot approve at all), so each forbidden
combination is tried by a user given both roles: the rule itself must refuse it.
  requester approving        release, transfer, destruction batch
  operator witnessing        the custodian who carries out a destruction names themselves as witness
  case officer handing out   the case's officer, also a custodian, scans its items out on a release
The admin: requests, transfers and batches cannot be approved or edited there at all.
The JSON API: the scan endpoint refuses the case officer too (it has no approval endpoints).
"""

from decimal import Decimal

from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from accounts.services import create_user
from custody.releases.models import ReleaseRequest
from custody.releases.services import request_release
from custody.transfers.models import Transfer
from custody.transfers.services import prepare_transfer
from destruction.models import DestructionBatch
from destruction.services import approve_batch, hand_over, weigh_in
from tests.custody.kit import in_days, release_for, stored_items
from warehouse.models import Item

from ..destruction.kit import JPEG, PDF, build_kit, disposable_case, propose
from ..destruction.kit import stored_items as disposable_items
from ..world import PASSWORD


def both(name, agency, *roles):
    return create_user(username=name, password=PASSWORD, agency=agency, roles=list(roles), full_name=name)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_requester_cannot_approve_own_release(world, client):
    boss = both("boss", world.county, Role.OFFICER, Role.SUPERVISOR)
    case, items = stored_items(world)
    release = request_release(actor=boss, case=case, items=items, purpose=ReleaseRequest.Purpose.EXAMINATION,
                              reason="送检", due_back=in_days(7), recipient_name="张检验",
                              recipient_organisation="检验中心")
    client.force_login(boss)
    response = client.post(reverse("custody:release-decide", args=[release.code]),
                           {"decision": "approve", "password": PASSWORD}, follow=True)
    release.refresh_from_db()
    assert release.status == ReleaseRequest.Status.PENDING
    assert "不能审批本人提交的申请" in messages_of(response)


def test_preparer_cannot_approve_own_transfer(world, client):
    boss = both("boss", world.county, Role.OFFICER, Role.SUPERVISOR)
    case, items = stored_items(world)
    transfer = prepare_transfer(actor=boss, case=case, to_agency=world.police, document_number="深南移〔2026〕1号",
                                reason="涉嫌犯罪", items=items)
    client.force_login(boss)
    client.post(reverse("custody:transfer-decide", args=[transfer.code]),
                {"decision": "approve", "password": PASSWORD})
    transfer.refresh_from_db()
    assert transfer.decided_by_id is None


def test_proposer_cannot_approve_own_destruction_batch(world, client):
    kit = build_kit(world)
    keeper = both("keeper", world.city, Role.CUSTODIAN, Role.SUPERVISOR)
    batch = propose(kit, disposable_items(world), actor=keeper)
    client.force_login(keeper)
    client.post(reverse("destruction:batch-approve", args=[batch.code]), {"password": PASSWORD})
    batch.refresh_from_db()
    assert batch.status == DestructionBatch.Status.PROPOSED


def test_operator_cannot_witness_own_destruction(world, client):
    kit = build_kit(world)
    operator = both("operator", world.city, Role.CUSTODIAN, Role.AUDITOR)
    items = disposable_items(world, case=disposable_case(world))
    batch = propose(kit, items, actor=operator)
    approve_batch(actor=kit.approver, batch=batch)
    shipment = hand_over(actor=operator, batch=batch, codes=[i.code for i in items], vehicle_plate="粤B12345",
                         weight_out_kg=Decimal("10"))
    weigh_in(actor=operator, shipment=shipment, weight_in_kg=Decimal("10"))
    client.force_login(operator)
    response = client.post(reverse("destruction:batch-confirm", args=[batch.code]), {
        "certificate_number": "ZM-1", "certificate": SimpleUploadedFile("证明.pdf", PDF, "application/pdf"),
        "photos": [SimpleUploadedFile("现场.jpg", JPEG, "image/jpeg")],
        "witness1": "operator", "password1": PASSWORD, "witness2": "auditor", "password2": PASSWORD,
    }, follow=True)
    batch.refresh_from_db()
    assert batch.status == DestructionBatch.Status.IN_PROGRESS
    assert "不能同时担任监销人" in messages_of(response)
    assert not Item.objects.filter(pk__in=[i.pk for i in items], status=Item.Status.DESTROYED).exists()


def test_case_officer_cannot_hand_out_own_case_items(world, client):
    dual = both("dual", world.city, Role.OFFICER, Role.CUSTODIAN)
    case = world.case(number="测试案〔2026〕77号", officer=world.officer)
    case.officers.add(dual)
    _case, items = stored_items(world, case=case)
    release = release_for(world, items, case)
    client.force_login(dual)
    client.post(reverse("custody:release-check-out", args=[release.code]), {"code": items[0].code})
    items[0].refresh_from_db()
    assert items[0].status == Item.Status.IN_STORAGE


def test_the_admin_cannot_approve_or_edit_custody_decisions(world, client):
    superuser = create_user(username="root", password=PASSWORD, agency=world.central, roles=[Role.ADMINISTRATOR],
                            is_staff=True)
    superuser.is_superuser = True
    superuser.save()
    # Requests, transfers and batches are read-only in the admin: a posted decision changes nothing.
    for model in (ReleaseRequest, Transfer):
        if model in admin.site._registry:
            assert not admin.site._registry[model].has_change_permission(type("R", (), {"user": superuser})())
    case, items = stored_items(world)
    release = release_for(world, items, case, approve=False)
    client.force_login(superuser)
    client.post(reverse("admin:releases_releaserequest_change", args=[release.pk]),
                {"status": ReleaseRequest.Status.APPROVED})
    release.refresh_from_db()
    assert release.status == ReleaseRequest.Status.PENDING
    kit = build_kit(world)
    batch = propose(kit, disposable_items(world))
    client.force_login(superuser)
    url = reverse("admin:destruction_destructionbatch_change", args=[batch.pk])
    client.post(url, {"status": DestructionBatch.Status.APPROVED})
    batch.refresh_from_db()
    assert batch.status == DestructionBatch.Status.PROPOSED
    # An item's custody fields are read-only in the admin: a posted status is ignored.
    item = batch.batch_items.first().item
    before = item.status
    client.post(reverse("admin:warehouse_item_change", args=[item.pk]), {"status": Item.Status.DESTROYED})
    item.refresh_from_db()
    assert item.status == before


def test_case_officer_cannot_hand_out_own_case_items_through_the_api(world, client):
    import datetime
    import json
    import uuid

    from api.services import create_token

    dual = both("dual", world.city, Role.OFFICER, Role.CUSTODIAN)
    case = world.case(number="测试案〔2026〕78号", officer=world.officer)
    case.officers.add(dual)
    _case, items = stored_items(world, case=case)
    release_for(world, items, case)
    _token, secret = create_token(actor=dual, name="scanner", expires_on=datetime.date.today()
                                  + datetime.timedelta(days=1))
    response = client.post("/api/scan", json.dumps({"code": items[0].code, "action": "release-out",
                                                    "client_event_id": str(uuid.uuid4())}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 403 and response.json()["error"]["code"] == "separation_of_duties"
    items[0].refresh_from_db()
    assert items[0].status == Item.Status.IN_STORAGE
