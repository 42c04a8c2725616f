"""Pages of releases, transfers, appraisals and the work page; the PDFs read by text extraction."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.roles import Role
from custody.checkpoints import current_checkpoint
from custody.releases.models import ReleaseRequest
from custody.releases.services import check_out, return_item
from custody.transfers.models import Transfer
from custody.transfers.services import decide_transfer, prepare_transfer, send_transfer
from warehouse.models import Item

from ..world import PASSWORD
from .justice_kit import in_days, release_for, stored_items, user


def client_for(client, person):
    client.login(username=person.username, password=PASSWORD)
    return client


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Table cells wrap long codes: compare without whitespace.
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def test_officer_requests_through_the_form_and_supervisor_sees_it_waiting(world, client):
    case, items = stored_items(world, count=2)
    client_for(client, world.officer)
    url = reverse("custody:release-create") + f"?case={case.case_number}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"items": [items[0].code], "purpose": "court", "reason": "开庭质证",
                                 "recipient_name": "书记员 刘某", "due_back": in_days(3).isoformat()})
    release = ReleaseRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("custody:release-detail",
                                                                         args=[release.code])
    client.logout()
    client_for(client, world.supervisor)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("custody:work")
    assert release.code in response.content.decode()
    response = client.post(reverse("custody:release-decide", args=[release.code]),
                           {"decision": "approve", "password": PASSWORD}, follow=True)
    release.refresh_from_db()
    assert release.status == ReleaseRequest.Status.APPROVED
    client.logout()
    client_for(client, world.custodian)
    assert release.code in client.get(reverse("custody:work")).content.decode()
    client.post(reverse("custody:release-check-out", args=[release.code]), {"code": items[0].code.lower()})
    items[0].refresh_from_db()
    assert items[0].status == Item.Status.CHECKED_OUT


def test_refusal_is_a_message_not_an_error(world, client):
    case, items = stored_items(world)
    release = release_for(world, items, case, approve=False)
    client_for(client, world.officer)
    # The requester sees no approve button, and a forged post is refused with a message.
    response = client.post(reverse("custody:release-decide", args=[release.code]), {"decision": "approve"})
    assert response.status_code == 403
    release.refresh_from_db()
    assert release.status == ReleaseRequest.Status.PENDING
    client.logout()
    client_for(client, world.custodian)
    response = client.post(reverse("custody:release-check-out", args=[release.code]), {"code": items[0].code},
                           follow=True)
    assert response.status_code == 200
    assert "messages" in response.content.decode()
    items[0].refresh_from_db()
    assert items[0].status == Item.Status.IN_STORAGE


def test_out_of_scope_release_is_404(world, client):
    case, items = stored_items(world)
    release = release_for(world, items, case)
    client_for(client, world.outsider)
    assert client.get(reverse("custody:release-detail", args=[release.code])).status_code == 404
    assert client.get(reverse("custody:release-pdf", args=[release.code])).status_code == 404


def test_release_form_pdf(world, client):
    case, items = stored_items(world)
    release = release_for(world, items, case)
    check_out(actor=world.custodian, release=release, items=items)
    return_item(actor=world.custodian, item=items[0], condition="damaged", note="瓶盖破损")
    client_for(client, world.officer)
    text = pdf_text(client.get(reverse("custody:release-pdf", args=[release.code])))
    for expected in ("涉案物品出库审批表", "Release approval form", release.code, case.case_number, items[0].code,
                     "张检验", "瓶盖破损", "损坏", "审批人", "接收人", "Ledger checkpoint"):
        assert "".join(expected.split()) in text, expected


def test_transfer_pages_receipt_by_form_and_handover_pdf(world, client):
    police = user(world, "police", world.police, Role.OFFICER)
    case, items = stored_items(world, count=2)
    client_for(client, world.officer)
    url = reverse("custody:transfer-create") + f"?case={case.case_number}"
    assert client.get(url).status_code == 200
    client.post(url, {"to_agency": world.police.pk, "document_number": "深南市监刑移〔2026〕15号",
                      "reason": "涉嫌生产、销售假药罪", "mode": "legal_only", "items": [i.code for i in items]})
    transfer = Transfer.objects.get()
    decide_transfer(actor=world.supervisor, transfer=transfer, approve=True)
    send_transfer(actor=world.officer, transfer=transfer)
    client.logout()
    client_for(client, police)
    page = client.get(reverse("custody:work")).content.decode()
    assert transfer.code in page
    client.post(reverse("custody:transfer-receive", args=[transfer.code]),
                {f"line-{items[0].code}": "accept", f"line-{items[1].code}": "refuse",
                 f"reason-{items[1].code}": "封条破损"})
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.RECEIVED
    # Police now see the case, the item and its whole chain of custody.
    assert client.get(reverse("warehouse:case-detail", args=[case.case_number])).status_code == 200
    assert client.get(reverse("custody:item-timeline", args=[items[0].code])).status_code == 200
    text = pdf_text(client.get(reverse("custody:transfer-pdf", args=[transfer.code])))
    for expected in ("涉案物品移交清单", "Handover list", "深南市监刑移〔2026〕15号", "深圳市公安局", "权属移交",
                     items[0].code, "封条破损", "移交人", "接收人", "Ledger checkpoint"):
        assert "".join(expected.split()) in text, expected
    # The receipt carries the checkpoint signed with the holder changes, not an unsigned head.
    signed = current_checkpoint()
    assert signed.seq >= items[0].events.order_by("-seq").first().seq
    assert signed.key_fingerprint[:16] in text


def test_sample_appraisal_and_decision_pages(world, client):
    case, (lot,) = stored_items(world, quantity=Decimal("10"))
    client_for(client, world.officer)
    response = client.post(reverse("custody:take-sample", args=[lot.code]), {"quantity": "1"})
    sample = Item.objects.get(parent=lot)
    assert response["Location"] == reverse("warehouse:item-detail", args=[sample.code])
    client.post(reverse("custody:record-appraisal", args=[sample.code]), {
        "kind": "accredited", "appraiser": "广东省产品质量监督检验研究院", "method": "理化检验",
        "result": "counterfeit", "appraised_on": in_days(0).isoformat()})
    page = client.get(reverse("warehouse:item-detail", args=[sample.code])).content.decode()
    assert "广东省产品质量监督检验研究院" in page
    client.post(reverse("custody:case-decision") + f"?case={case.case_number}", {
        "kind": "penalty", "number": "深南市监罚〔2026〕7号", "issued_on": in_days(0).isoformat(),
        "allows_disposal": "on"})
    case.refresh_from_db()
    assert case.status == "decided" and case.disposal_allowed


@pytest.mark.parametrize("name", ["release-list", "transfer-list", "work"])
def test_lists_render_for_every_role(world, client, name):
    case, items = stored_items(world)
    release_for(world, items, case)
    transfer = prepare_transfer(actor=world.officer, case=case, to_agency=world.police, document_number="移1",
                                reason="x", items=items)
    for person in (world.officer, world.supervisor, world.custodian, world.auditor, world.outsider):
        client_for(client, person)
        assert client.get(reverse(f"custody:{name}")).status_code == 200
        client.logout()
    assert transfer.code
