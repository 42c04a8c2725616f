"""Sampling, appraisal and decision pages."""

from decimal import Decimal

from django.urls import reverse

from tests.custody.kit import client_for, in_days, stored_items
from warehouse.models import Item


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
