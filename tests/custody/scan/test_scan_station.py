import uuid

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from custody.models import CustodyEvent, EventKind
from tests.world import PASSWORD
from warehouse.models import Item


@pytest.fixture
def station(world, client):
    client.login(username="custodian", password=PASSWORD)
    return client


def scan(client, code, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("custody:scan"), {"code": code}, **headers)


def test_bad_codes_are_refused_and_logged(world, station):
    (item,) = world.items(world.case())
    wrong_check = item.code[:-1] + ("A" if item.code[-1] != "A" else "B")
    for raw, fragment in [(wrong_check, "校验位错误"), ("HELLO", "不是本系统的标签码"), ("  ", "未扫描到内容")]:
        response = scan(station, raw)
        assert response.status_code == 400 and fragment in response.content.decode()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.BAD_LABEL).count() == 3


FULL_WIDTH = str.maketrans("0123456789-SA", "０１２３４５６７８９－ＳＡ")


@pytest.mark.parametrize("transform", [str.lower, lambda c: "ＨＴＴＰＳ://x.gov.cn/L/" + c,
                                       lambda c: c.translate(FULL_WIDTH)])
def test_codes_in_any_case_url_or_full_width(world, station, transform):
    (item,) = world.items(world.case())
    response = scan(station, transform(item.code))
    assert response.status_code == 200 and item.code in response.content.decode()


def test_location_then_items_puts_them_away(world, station):
    items = world.items(world.case(), count=2)
    assert "当前库位" in scan(station, world.general_bin.code).content.decode()
    for item in items:
        response = scan(station, item.code.lower())
        assert response.status_code == 200 and "已完成" in response.content.decode()
    assert set(Item.objects.values_list("status", "location")) == {("in_storage", world.general_bin.pk)}
    assert CustodyEvent.objects.filter(kind=EventKind.PUT_AWAY).count() == 2


def test_hazardous_item_on_general_location_gives_a_clear_conflict(world, station):
    (item,) = world.items(world.case(), waste_stream="hazardous", hazard_class="toxic")
    scan(station, world.general_bin.code)
    response = scan(station, item.code)  # scanning it at a location tries to put it there
    assert response.status_code == 409 and "只能存放在危险品库" in response.content.decode()
    act = station.post(reverse("custody:scan-act"), {"code": item.code, "action": "store",
                                                      "client_event_id": str(uuid.uuid4())}, HTTP_HX_REQUEST="true")
    assert act.status_code == 409 and "只能存放在危险品库" in act.content.decode()
    assert Item.objects.get().status == Item.Status.REGISTERED


def test_resubmitted_action_is_recorded_once(world, station):
    (item,) = world.items(world.case())
    data = {"code": item.code, "action": "receive", "client_event_id": str(uuid.uuid4())}
    first = station.post(reverse("custody:scan-act"), data, HTTP_HX_REQUEST="true")
    again = station.post(reverse("custody:scan-act"), data, HTTP_HX_REQUEST="true")
    assert first.status_code == again.status_code == 200
    assert CustodyEvent.objects.filter(item=item, kind=EventKind.RECEIVED).count() == 1


def test_action_not_allowed_now_answers_409(world, station):
    (item,) = world.items(world.case())
    data = {"code": item.code, "action": "receive", "client_event_id": str(uuid.uuid4())}
    station.post(reverse("custody:scan-act"), data)
    data["client_event_id"] = str(uuid.uuid4())
    response = station.post(reverse("custody:scan-act"), data)
    assert response.status_code == 409 and "现在不能" in response.content.decode()


def test_full_page_without_htmx(world, station):
    (item,) = world.items(world.case())
    page = scan(station, item.code, htmx=False).content.decode()
    assert "<html" in page and item.code in page


def test_officer_has_no_scan_station(world, client):
    client.login(username="officer", password=PASSWORD)
    assert client.get(reverse("custody:scan")).status_code == 403


def test_queries_per_scan_do_not_grow_with_history(world, station):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from custody.services.condition import record_observation

    (item,) = world.items(world.case())
    scan(station, world.general_bin.code)
    scan(station, item.code)

    def count():
        with CaptureQueriesContext(connection) as captured:
            scan(station, item.code)
        return len(captured)

    before = count()
    for n in range(30):
        record_observation(actor=world.custodian, item=item, kind=EventKind.CONDITION_NOTED, note=f"检查{n}")
    assert count() == before


def test_chain_of_custody_report_pdf_ends_with_the_checkpoint(world, client):
    import io

    from pypdf import PdfReader

    from custody.checkpoints import make_checkpoint

    (item,) = world.items(world.case(), description="假冒茅台酒 经手人张堃")
    from custody.services.storage import store_at

    store_at(actor=world.custodian, items=[item], location=world.general_bin)
    checkpoint = make_checkpoint(reason="manual", force=True)
    client.login(username="auditor", password=PASSWORD)
    response = client.get(reverse("custody:item-timeline-pdf", args=[item.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = "".join(text.split())
    for expected in ("涉案物品监管链报告", "Chain-of-custody report", item.code, "张堃", "接收入库", "Put away",
                     "A区/01", checkpoint.head_hash[:16], checkpoint.key_fingerprint[:16]):
        assert "".join(expected.split()) in flat, expected
    assert flat.rindex(checkpoint.head_hash[:16]) > flat.rindex("Putaway")  # the checkpoint closes the report
    client.logout()
    client.login(username="outsider", password=PASSWORD)
    assert client.get(reverse("custody:item-timeline-pdf", args=[item.code])).status_code == 404
