"""Stocktake pages: start, blind count page, reconciliation, sign-off, report PDF and CSV, due list."""

import csv
import io
import uuid

from django.urls import reverse
from pypdf import PdfReader

from custody.models import Checkpoint
from custody.services.storage import store_at
from custody.stocktake.models import Stocktake, StocktakeScan
from custody.stocktake.services import close_counting, record_scan, start_stocktake
from tests.world import PASSWORD


def login(client, user):
    client.force_login(user)
    return client


def setup_count(world, n=3):
    items = world.items(world.case(), count=n)
    store_at(actor=world.custodian, items=items, location=world.general_bin)
    return items


def test_start_page_shows_the_formula_and_starts_a_sample(client, world):
    setup_count(world, 5)
    login(client, world.custodian)
    page = client.get(reverse("custody:stocktake-start"))
    assert page.status_code == 200 and "1068" in page.content.decode()
    response = client.post(reverse("custody:stocktake-start"), {
        "warehouse": world.warehouse.code, "locations": [world.general_bin.code], "method": "sample",
        "purpose": "routine"})
    stocktake = Stocktake.objects.get()
    assert response.status_code == 302 and stocktake.method == "sample" and stocktake.sample_size == 5
    detail = client.get(reverse("custody:stocktake-detail", args=[stocktake.code])).content.decode()
    assert "n0 = z²·p(1−p)/e²" in detail and "1068" in detail


def test_count_page_is_blind_and_records_scans_once(client, world):
    items = setup_count(world)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    login(client, world.custodian)
    url = reverse("custody:stocktake-count", args=[stocktake.code])
    page = client.get(url).content.decode()
    detail = client.get(reverse("custody:stocktake-detail", args=[stocktake.code])).content.decode()
    for item in items:  # nothing tells the counter what to expect
        assert item.code not in page and item.code not in detail
    assert 'id="scan-code"' in page and "js/scan.js" in page and "js/stocktake.js" in page
    response = client.post(url, {"code": items[0].code, "client_scan_id": str(uuid.uuid4())}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400  # no location scanned yet
    client.post(url, {"code": world.general_bin.code, "client_scan_id": str(uuid.uuid4())}, HTTP_HX_REQUEST="true")
    scan_id = str(uuid.uuid4())
    first = client.post(url, {"code": items[0].code.lower(), "client_scan_id": scan_id}, HTTP_HX_REQUEST="true")
    again = client.post(url, {"code": items[0].code, "client_scan_id": scan_id}, HTTP_HX_REQUEST="true")
    assert first.status_code == again.status_code == 200
    assert "已记录过" in again.content.decode() or "Already recorded" in again.content.decode()
    reused = client.post(url, {"code": items[1].code, "client_scan_id": scan_id}, HTTP_HX_REQUEST="true")
    assert reused.status_code == 409
    assert StocktakeScan.objects.filter(kind="item").count() == 1
    bad = client.post(url, {"code": "NOT-A-CODE", "client_scan_id": str(uuid.uuid4())}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400


def test_officer_cannot_count_and_outsider_sees_nothing(client, world):
    setup_count(world)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    login(client, world.officer)
    response = client.post(reverse("custody:stocktake-count", args=[stocktake.code]),
                           {"code": world.general_bin.code, "client_scan_id": str(uuid.uuid4())})
    assert response.status_code == 403
    login(client, world.outsider)
    assert client.get(reverse("custody:stocktake-detail", args=[stocktake.code])).status_code == 404


def test_reconcile_sign_close_and_report(client, world):
    items = setup_count(world)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    record_scan(actor=world.custodian, stocktake=stocktake, raw=world.general_bin.code, client_scan_id=uuid.uuid4())
    for item in items[:2]:
        record_scan(actor=world.custodian, stocktake=stocktake, raw=item.code, client_scan_id=uuid.uuid4(),
                    location=world.general_bin)
    login(client, world.custodian)
    client.post(reverse("custody:stocktake-close-counting", args=[stocktake.code]))
    stocktake.refresh_from_db()
    assert stocktake.status == Stocktake.Status.RECONCILING
    client.post(reverse("custody:stocktake-sign", args=[stocktake.code]), {"password": PASSWORD})
    login(client, world.supervisor)
    detail = client.get(reverse("custody:stocktake-detail", args=[stocktake.code])).content.decode()
    assert items[2].code in detail and "marked_missing" in detail
    client.post(reverse("custody:stocktake-resolve", args=[stocktake.code, items[2].code]),
                {"resolution": "marked_missing", "reason": "全库查找未见"})
    wrong = client.post(reverse("custody:stocktake-close", args=[stocktake.code]), {"password": "nope"}, follow=True)
    assert "密码" in wrong.content.decode() or "password" in wrong.content.decode()
    client.post(reverse("custody:stocktake-close", args=[stocktake.code]), {"password": PASSWORD})
    stocktake.refresh_from_db()
    assert stocktake.status == Stocktake.Status.CLOSED

    pdf = client.get(reverse("custody:stocktake-report-pdf", args=[stocktake.code]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = text.replace("\n", "")  # long codes may wrap in a table cell
    for expected in (stocktake.code, "盘点报告", "Stocktake report", "Expected but not found", items[2].code,
                     "全库查找未见", "Counter", "Supervisor", f"seq {stocktake.ledger_seq}", stocktake.ledger_hash[:16],
                     world.custodian.display_name, world.supervisor.display_name,
                     Checkpoint.objects.get(seq=stocktake.ledger_seq).key_fingerprint[:16]):
        assert expected in text or expected in flat, expected
    rows = list(csv.reader(io.StringIO(client.get(reverse("custody:stocktake-report-csv",
                                                          args=[stocktake.code])).content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 3
    assert {row[1]: row[3] for row in rows[1:]}[items[2].code].startswith("盘亏")


def test_report_waits_for_the_count(client, world):
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    login(client, world.supervisor)
    assert client.get(reverse("custody:stocktake-report-pdf", args=[stocktake.code])).status_code == 302
    close_counting(actor=world.supervisor, stocktake=stocktake)
    assert client.get(reverse("custody:stocktake-report-pdf", args=[stocktake.code])).status_code == 200


def test_due_list_and_menu(client, world):
    login(client, world.auditor)
    page = client.get(reverse("custody:stocktake-due")).content.decode()
    assert world.warehouse.name in page and "due-overdue" in page
    assert reverse("custody:stocktake-list") in client.get(reverse("custody:stocktake-list")).content.decode()
    login(client, world.finance)
    assert client.get(reverse("custody:stocktake-list")).status_code == 403
