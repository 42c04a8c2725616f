"""Transfer pages, receipt by form and the handover list (PDF read by text extraction)."""


from django.urls import reverse

from accounts.roles import Role
from custody.checkpoints import current_checkpoint
from custody.transfers.models import Transfer
from custody.transfers.services import decide_transfer, send_transfer
from tests.custody.kit import client_for, pdf_text, stored_items, user


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
