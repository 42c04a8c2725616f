from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custody.intake.services import ItemInput, register_items
from custody.services.storage import store_at
from tests.world import PASSWORD
from warehouse.models import Case, Item, LegalDocument


@pytest.fixture
def stored(world):
    case = world.case()
    items = world.items(case, count=3)
    store_at(actor=world.custodian, items=items, location=world.general_bin)
    return case, items


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_item_list_filters_and_search(world, client, stored):
    case, items = stored
    other = world.case(number="另一案")
    (hazard,) = world.items(other, description="假冒农药 福戈", waste_stream=Item.WasteStream.HAZARDOUS,
                            hazard_class="toxic")
    login(client, "officer")
    url = reverse("warehouse:item-list")
    assert client.get(url, {"status": "in_storage"}).context["page"].paginator.count == 3
    assert [i.code for i in client.get(url, {"waste_stream": "hazardous"}).context["page"]] == [hazard.code]
    assert [i.code for i in client.get(url, {"q": "农药"}).context["page"]] == [hazard.code]
    assert [i.code for i in client.get(url, {"q": f" {items[0].code.lower()} "}).context["page"]] == [items[0].code]
    assert [i.code for i in client.get(url, {"q": items[0].code}).context["page"]] == [items[0].code]
    assert client.get(url, {"case": case.case_number}).context["page"].paginator.count == 3
    assert client.get(url, {"location": world.general_bin.code}).context["page"].paginator.count == 3
    assert client.get(url, {"agency": world.county.pk}).context["page"].paginator.count == 4


def _register_many(world, case, count):
    register_items(actor=world.officer, case=case, items=[
        ItemInput(description=f"物品{i}", quantity=Decimal(1)) for i in range(count)])


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_per_page_do_not_depend_on_the_number_of_items(world, client):
    small, large = world.case(number="小"), world.case(number="大")
    _register_many(world, small, 10)
    login(client, "custodian")
    list_url = reverse("warehouse:item-list")
    first = Item.objects.filter(case=small).first()
    detail_url = reverse("warehouse:item-detail", args=[first.code])
    with_ten = (_queries(client, list_url), _queries(client, detail_url))
    _register_many(world, large, 1000)
    with_thousand = (_queries(client, list_url), _queries(client, detail_url))
    assert with_ten == with_thousand


def test_item_detail_shows_history_with_diffs(world, client, stored):
    _case, items = stored
    login(client, "officer")
    page = client.get(reverse("warehouse:item-detail", args=[items[0].code])).content.decode()
    assert "在库" in page and "A区 / 01" in page  # status and location after put-away, as a diff
    assert "<del>已登记，待入库</del>" in page


def test_case_pages_and_creation(world, client):
    login(client, "officer")
    response = client.post(reverse("warehouse:case-create"), {
        "case_number": "深南市监罚〔2026〕777号", "title": "销售假冒耐克鞋案", "kind": "administrative",
        "agency": world.county.pk, "rights_holders": "耐克创新有限合伙公司\n", "summary": "",
    })
    case = Case.objects.get(case_number="深南市监罚〔2026〕777号")
    assert response.status_code == 302
    assert response["Location"] == reverse("custody:register-items", args=[case.case_number])
    assert list(case.rights_holders.values_list("name", flat=True)) == ["耐克创新有限合伙公司"]
    assert list(case.officers.all()) == [world.officer]
    again = client.post(reverse("warehouse:case-create"), {
        "case_number": "深南市监罚〔2026〕777号", "title": "重复", "kind": "administrative", "agency": world.county.pk})
    assert again.status_code == 200 and "已登记" in again.content.decode()
    assert client.get(reverse("warehouse:case-list")).status_code == 200
    assert client.get(reverse("warehouse:case-detail", args=[case.case_number])).status_code == 200


def test_case_cannot_be_created_for_another_agency(world, client):
    login(client, "officer")
    response = client.post(reverse("warehouse:case-create"), {
        "case_number": "X1", "title": "x", "kind": "administrative", "agency": world.county2.pk})
    assert response.status_code == 200 and not Case.objects.filter(case_number="X1").exists()


def test_legal_document_is_recorded(world, client):
    case = world.case()
    login(client, "officer")
    client.post(reverse("warehouse:document-add", args=[case.case_number]), {
        "kind": "penalty", "number": "深南市监罚决〔2026〕9号", "issued_on": "2026-05-01", "allows_disposal": "on"})
    assert LegalDocument.objects.get(case=case).allows_disposal
    case.refresh_from_db()
    assert case.disposal_allowed


@pytest.mark.parametrize("username,expected", [
    ("officer", 200), ("custodian", 200), ("supervisor", 200), ("auditor", 200), ("finance", 403),
    ("outsider", 404)])
def test_warehouse_pages_by_role(world, client, username, expected):
    login(client, username)
    if username == "outsider":
        expected_list = 200
    else:
        expected_list = 403 if expected == 403 else 200
    assert client.get(reverse("warehouse:warehouse-list")).status_code == expected_list
    detail = client.get(reverse("warehouse:warehouse-detail", args=[world.warehouse.code]))
    location = client.get(reverse("warehouse:location-detail", args=[world.general_bin.code]))
    assert detail.status_code == location.status_code == expected


def test_finance_cannot_register_or_see_custody(world, client):
    case = world.case()
    login(client, "finance")
    assert client.get(reverse("custody:register-items", args=[case.case_number])).status_code == 403
    assert client.get(reverse("custody:scan")).status_code == 403
    assert client.get(reverse("custody:intake")).status_code == 403
    assert client.get(reverse("warehouse:case-create")).status_code == 403


def test_error_pages_are_bilingual(world, client):
    login(client, "finance")
    assert "无权" in client.get(reverse("custody:scan")).content.decode()
    client.post(reverse("set_language"), {"language": "en"})
    assert "Not allowed" in client.get(reverse("custody:scan")).content.decode()


def test_demo_banner_only_with_demo_users(world, client):
    login(client, "officer")
    assert "演示系统" not in client.get(reverse("warehouse:item-list")).content.decode()
    world.custodian.email = "custodian@demo.invalid"
    world.custodian.save()
    assert "演示系统" in client.get(reverse("warehouse:item-list")).content.decode()
