"""Release pages and the release approval form (PDF read by text extraction)."""


from django.urls import reverse

from custody.releases.models import ReleaseRequest
from custody.releases.services import check_out, return_item
from tests.custody.kit import client_for, in_days, pdf_text, release_for, stored_items
from tests.world import PASSWORD
from warehouse.models import Item


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
