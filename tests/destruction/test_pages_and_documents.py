"""Pages, PDFs in both languages, and the public disclosure page without personal data."""

from decimal import Decimal

import pytest
from django.urls import reverse

from destruction.models import DestructionBatch
from destruction.services import add_cost_line
from tests.world import PASSWORD

from .kit import TODAY, pdf_text, propose, run_to_destroyed, stored_items


@pytest.fixture
def completed(kit):
    batch = run_to_destroyed(kit, stored_items(kit.world, 2))
    add_cost_line(actor=kit.world.custodian, batch=batch, category="disposal_fee", payer="infringer",
                  incurred_on=TODAY, weight_kg=Decimal("10.1"), unit_price=Decimal("3.50"), invoice_number="FP-001")
    return batch


def test_cost_by_weight_is_computed_in_yuan(completed):
    line = completed.cost_lines.get()
    assert (line.basis, line.amount, line.agency) == ("by_weight", Decimal("35.35"), completed.agency)


def test_certificate_and_record_read_in_both_languages(client, kit, completed):
    client.login(username="auditor", password=PASSWORD)
    response = client.get(reverse("destruction:batch-certificate-pdf", args=[completed.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("涉案物品销毁证明", "Certificate of destruction", completed.code, "焚烧（能量回收）",
                     "incineration with energy recovery", "GF-440300-01", "监销人", "auditor",
                     "ZM-2026-001", "粤B12345", str(completed.checkpoint_seq), "Ledger checkpoint"):
        assert expected.replace(" ", "") in text.replace(" ", "").replace("\n", ""), expected
    sha = completed.evidence.get(kind="photo").sha256
    assert sha in text.replace("\n", "").replace(" ", "")
    record = pdf_text(client.get(reverse("destruction:batch-record-pdf", args=[completed.code])).content)
    assert "涉案物品销毁记录" in record and "Record of destruction" in record
    assert "35.35" in record and "向侵权人追偿" in record and "FP-001" in record


def test_certificate_only_once_completed(client, kit):
    batch = propose(kit, stored_items(kit.world, 1))
    client.login(username="custodian", password=PASSWORD)
    assert client.get(reverse("destruction:batch-certificate-pdf", args=[batch.code])).status_code == 400
    assert client.get(reverse("destruction:batch-record-pdf", args=[batch.code])).status_code == 200


def test_public_disclosure_needs_no_login_and_shows_no_people(client, kit, completed):
    response = client.get(reverse("destruction:public-disclosure"))
    assert response.status_code == 200
    page = response.content.decode()
    assert completed.code in page and "深圳市能源环保有限公司" in page
    for private in ("auditor", "supervisor", "custodian", "测试案", "ZM-2026-001", "FP-001"):
        assert private not in page
    propose(kit, stored_items(kit.world, 1))
    assert client.get(reverse("destruction:public-disclosure")).content.decode().count("XH-440300") == 1


def test_outsider_gets_404_and_the_denial_is_logged(client, kit, completed):
    client.login(username="outsider", password=PASSWORD)
    assert client.get(reverse("destruction:batch-detail", args=[completed.code])).status_code in (403, 404)


def test_pages_render_and_refusals_are_messages(client, kit):
    world = kit.world
    items = stored_items(world, 2)
    client.login(username="custodian", password=PASSWORD)
    assert client.get(reverse("destruction:batch-list")).status_code == 200
    form = client.get(reverse("destruction:batch-propose"))
    assert items[0].code in form.content.decode()
    response = client.post(reverse("destruction:batch-propose"), {
        "facility": kit.expired.pk, "planned_date": TODAY.isoformat(), "method_general": "incineration",
        "estimated_cost": "100", "items": [items[0].code], "scanned": items[1].code.lower() + "\n"})
    assert response.status_code == 200 and "GF-440300-99" in response.content.decode()
    response = client.post(reverse("destruction:batch-propose"), {
        "facility": kit.general.pk, "planned_date": TODAY.isoformat(), "method_general": "incineration",
        "estimated_cost": "100", "items": [items[0].code], "scanned": items[1].code.lower() + "\n"})
    batch = DestructionBatch.objects.get()
    assert response.status_code == 302 and batch.batch_items.count() == 2
    detail = client.get(reverse("destruction:batch-detail", args=[batch.code]))
    assert detail.status_code == 200 and 'data-testid="approve"' not in detail.content.decode()
    client.login(username="approver", password=PASSWORD)
    response = client.post(reverse("destruction:batch-approve", args=[batch.code]), {"password": PASSWORD},
                           follow=True)
    assert response.status_code == 200
    batch.refresh_from_db()
    assert batch.status == DestructionBatch.Status.APPROVED
    response = client.post(reverse("destruction:batch-approve", args=[batch.code]), {"password": PASSWORD},
                           follow=True)
    assert "现在不能进行此操作" in response.content.decode()  # the refusal, in the default language
    client.login(username="custodian", password=PASSWORD)
    assert client.get(reverse("destruction:contractor-list")).status_code == 200
