"""Printing labels through the app: database → PDF on every layout, every QR scans, the text is
there, reprints supersede, every print is in the ledger, bad requests answer 400/404."""

import io
import os
import time
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import SecurityEvent
from custody.intake.models import RegistrationBatch
from custody.ledger import chain_hash
from custody.models import CustodyEvent, EventKind
from custody.printing import services as label_service
from custody.printing.models import Label, PrintJob
from custody.services.storage import store_at
from labels.codes import make_label_code
from labels.fonts import CANDIDATE_FONT_PATHS
from labels.layouts import LAYOUTS
from labels.qr import QrMatrix
from tests.labels.labels_testkit import decode_qr_codes, rasterise
from tests.world import PASSWORD
from warehouse.models import Item

# Short enough to fit whole on the smallest label, so text extraction finds them complete.
DESCRIPTIONS = ["王喆的手机", "李堃的手表", "刘镕的钱包", "假冒农药"]


def client_for(client, user, language="en"):
    client.login(username=user.username, password=PASSWORD)
    client.cookies["django_language"] = language
    return client


def register(world, count, case=None, **fields):
    case = case or world.case()
    items = []
    for index in range(count):
        extra = dict(fields)
        if index % 4 == 3:
            extra.update(waste_stream=Item.WasteStream.HAZARDOUS, hazard_class="toxic")
        items += world.items(case, description=DESCRIPTIONS[index % 4], **extra)
    return case, items


def pdf_text(pdf: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def decoded(pdf: bytes) -> Counter:
    found = Counter()
    for image in rasterise(pdf, dpi=150):
        found.update(decode_qr_codes(image))
    return found


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_case_labels_print_on_every_layout_and_every_qr_scans(world, client, layout):
    count = min(LAYOUTS[layout].slots, 24) if LAYOUTS[layout].slots > 1 else 4
    case, items = register(world, count)
    client = client_for(client, world.custodian)
    response = client.post(reverse("custody:labels-case", args=[case.case_number]),
                           {"print": "1", "layout": layout, "start": "1"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert decoded(pdf) == Counter(item.code for item in items)  # 100 % at 150 dpi, each its payload
    text = pdf_text(pdf)
    for item in items:
        assert item.code in text
        assert item.description in text
    assert all(ch in text for ch in "喆堃镕")
    assert "危险HAZARD" in text and case.case_number in text
    assert Label.objects.filter(item__in=items, revision=1).count() == count


def test_labels_are_ledger_events_and_reprints_supersede(world, client):
    case, (item,) = register(world, 1)
    client = client_for(client, world.custodian)
    url = reverse("custody:labels-item", args=[item.code])
    for _ in range(2):
        assert client.post(url, {"print": "1", "layout": "thermal-50x30", "start": "1"}).status_code == 200
    events = list(item.events.order_by("item_seq"))
    assert [e.kind for e in events] == [EventKind.REGISTERED, EventKind.LABEL_ISSUED, EventKind.LABEL_REPRINTED]
    second = make_label_code(item.code, 2)
    assert (events[1].reference, events[2].reference) == (f"label:{item.code}", f"label:{second}")
    assert events[2].reason == f"supersedes {item.code}"
    assert all(e.hash == chain_hash(e.prev_hash, e.payload) for e in events)
    assert item.history.count() == 1  # a label changes no field of the item
    first, newer = Label.objects.filter(item=item).order_by("revision")
    assert (first.code, newer.code, first.superseded_by, newer.superseded_by) == (item.code, second, newer, None)
    assert QrMatrix.from_bytes(bytes(newer.qr_matrix)).matches(second, "Q")
    # The reprint's PDF carries the new code, and its QR scans to it.
    pdf = client.post(url, {"print": "1", "layout": "thermal-50x30", "start": "1"}).content
    assert decoded(pdf) == Counter([make_label_code(item.code, 3)])


def test_scanning_a_superseded_label_warns_and_names_its_replacement(world, client):
    case, (item,) = register(world, 1)
    store_at(actor=world.custodian, items=[item], location=world.general_bin)
    label_service.issue_item_labels(actor=world.custodian, item_ids=[item.pk])
    label_service.issue_item_labels(actor=world.custodian, item_ids=[item.pk])
    client = client_for(client, world.custodian)
    client.post(reverse("custody:scan"), {"code": world.general_bin2.code})  # a location is set
    current = make_label_code(item.code, 2)
    response = client.post(reverse("custody:scan"), {"code": item.code}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "superseded" in body and current in body
    assert 'data-testid="scan-card"' in body
    item.refresh_from_db()
    assert item.location == world.general_bin  # nothing ran on the stale label's scan
    response = client.post(reverse("custody:scan"), {"code": current.lower()}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "superseded" not in response.content.decode()
    item.refresh_from_db()
    assert item.location == world.general_bin2  # the current label works as always
    unknown = make_label_code(item.code, 7)
    response = client.post(reverse("custody:scan"), {"code": unknown}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "never issued" in response.content.decode()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.BAD_LABEL, detail__contains=unknown).exists()


def test_base_url_payload_is_an_upper_case_url_ending_in_the_code(world, client, settings):
    settings.LABEL_BASE_URL = "https://custody.example.gov.cn/l/"
    case, items = register(world, 3)
    response = client_for(client, world.officer).post(
        reverse("custody:labels-case", args=[case.case_number]), {"print": "1", "layout": "a4-3x8", "start": "5"})
    assert decoded(response.content) == Counter(f"HTTPS://CUSTODY.EXAMPLE.GOV.CN/L/{i.code}" for i in items)


def test_selection_from_the_item_list(world, client):
    case, items = register(world, 5)
    client = client_for(client, world.custodian)
    listing = client.get(reverse("warehouse:item-list")).content.decode()
    assert 'name="codes"' in listing and reverse("custody:labels-selection") in listing
    chosen = [items[0].code, items[3].code]
    dialog = client.post(reverse("custody:labels-selection"), {"codes": chosen})
    assert dialog.status_code == 200 and "2 labels will be printed" in dialog.content.decode()
    response = client.post(reverse("custody:labels-selection"),
                           {"codes": chosen, "print": "1", "layout": "a4-3x7", "start": "21"})
    assert decoded(response.content) == Counter(chosen)
    assert len(rasterise(response.content)) == 2  # slot 21, then the next sheet


def test_registration_batch_prints_only_the_items_registered_together(world, client):
    case, first = register(world, 1)
    more = world.items(case, count=3)
    batch = RegistrationBatch.objects.get(first_seq=more[0].events.get().seq)
    assert batch.item_count == 3 and RegistrationBatch.objects.filter(case=case).count() == 2
    client = client_for(client, world.officer)
    assert f"/labels/batches/{batch.first_seq}/" in client.get(
        reverse("custody:labels-case", args=[case.case_number])).content.decode()
    response = client.post(reverse("custody:labels-batch", args=[batch.first_seq]),
                           {"print": "1", "layout": "a4-3x7", "start": "1"})
    assert decoded(response.content) == Counter(item.code for item in more)


def test_location_labels_of_a_warehouse(world, client):
    client = client_for(client, world.custodian)
    url = reverse("custody:labels-locations", args=[world.warehouse.code])
    page = client.get(url).content.decode()
    assert world.hazardous_bin.code in page
    chosen = [world.general_bin.code, world.hazardous_bin.code]
    response = client.post(url, {"locations": chosen, "print": "1", "layout": "a4-24-70x37", "start": "1"})
    assert decoded(response.content) == Counter(chosen)
    text = pdf_text(response.content)
    assert "库位Location" in text and "危险品库" in text and world.hazardous_bin.code in text
    assert PrintJob.objects.get(kind=PrintJob.Kind.LOCATIONS).status == PrintJob.Status.DONE
    # Officers do not operate the warehouse: not theirs to print.
    assert client_for(client, world.officer).get(url).status_code == 404


@pytest.mark.parametrize("data, message", [
    ({"layout": "a4-9x9", "start": "1"}, "Select a valid choice"),
    ({"layout": "a4-3x7", "start": "22"}, "Position 22 is not on this sheet: choose 1 to 21."),
    ({"layout": "thermal-50x30", "start": "2"}, "Position 2 is not on this sheet: choose 1 to 1."),
    ({"layout": "a4-3x7", "start": "0"}, "greater than or equal to 1"),
])
def test_bad_print_requests_answer_400_with_a_clear_message(world, client, data, message):
    case, (item,) = register(world, 1)
    response = client_for(client, world.custodian).post(reverse("custody:labels-item", args=[item.code]),
                                                        {"print": "1", **data})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Label.objects.exists() and not CustodyEvent.objects.filter(kind=EventKind.LABEL_ISSUED).exists()


def test_empty_selections_and_out_of_scope_items(world, client):
    case, (item,) = register(world, 1)
    client = client_for(client, world.custodian)
    response = client.post(reverse("custody:labels-selection"), {"codes": []})
    assert response.status_code == 400 and "Tick at least one item" in response.content.decode()
    response = client.post(reverse("custody:labels-locations", args=[world.warehouse.code]),
                           {"print": "1", "layout": "a4-3x7", "start": "1"})
    assert response.status_code == 400 and "Choose at least one label" in response.content.decode()
    outsider = client_for(client, world.outsider)
    assert outsider.get(reverse("custody:labels-item", args=[item.code])).status_code == 404
    assert outsider.get(reverse("custody:labels-case", args=[case.case_number])).status_code == 404
    response = outsider.post(reverse("custody:labels-selection"), {"codes": [item.code]})
    assert response.status_code == 404
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OUT_OF_SCOPE).count() >= 3
    assert client_for(client, world.finance).get(reverse("custody:labels-item", args=[item.code])).status_code == 403


def test_errors_speak_chinese_by_default(world, client):
    case, (item,) = register(world, 1)
    client = client_for(client, world.custodian, language="zh-hans")
    response = client.post(reverse("custody:labels-item", args=[item.code]),
                           {"print": "1", "layout": "a4-3x7", "start": "99"})
    assert response.status_code == 400 and 'lang="zh-hans"' in response.content.decode()


def test_destroyed_or_returned_items_are_refused_not_printed(world):
    case, (item,) = register(world, 1)
    Item.objects.filter(pk=item.pk).update(status=Item.Status.DESTROYED)  # test shortcut for a final state
    from accounts.errors import Conflict

    with pytest.raises(Conflict):
        label_service.issue_item_labels(actor=world.custodian, item_ids=[item.pk])
    from custody.printing import selectors as printing_selectors

    assert printing_selectors.case_label_item_ids(world.custodian, case) == []


def test_big_jobs_run_in_the_background_with_progress_and_a_download(world, client, settings):
    settings.LABEL_BACKGROUND_THRESHOLD = 3
    settings.LABEL_JOBS_INLINE = True
    case, items = register(world, 5)
    client = client_for(client, world.officer)
    response = client.post(reverse("custody:labels-case", args=[case.case_number]),
                           {"print": "1", "layout": "a4-3x7", "start": "1"})
    job = PrintJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("custody:labels-job", args=[job.token])
    assert (job.status, job.progress, job.label_count) == (PrintJob.Status.DONE, 5, 5)
    status = client.get(reverse("custody:labels-job-status", args=[job.token])).content.decode()
    assert "5 of 5 labels" in status and reverse("custody:labels-job-download", args=[job.token]) in status
    download = client.get(reverse("custody:labels-job-download", args=[job.token]))
    pdf = b"".join(download.streaming_content)
    assert decoded(pdf) == Counter(item.code for item in items)
    import hashlib

    assert hashlib.sha256(pdf).hexdigest() == job.sha256
    # Another agency's user cannot follow or download it.
    outsider = client_for(client, world.outsider)
    assert outsider.get(reverse("custody:labels-job-download", args=[job.token])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_background_thread_finishes_the_job(tx_world, client, settings):
    settings.LABEL_BACKGROUND_THRESHOLD = 2
    world = tx_world
    case, items = register(world, 4)
    client = client_for(client, world.custodian)
    response = client.post(reverse("custody:labels-case", args=[case.case_number]),
                           {"print": "1", "layout": "a4-3x8", "start": "1"})
    assert response.status_code == 302
    job = PrintJob.objects.get()
    deadline = time.monotonic() + 60
    while job.status not in (PrintJob.Status.DONE, PrintJob.Status.FAILED) and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE, job.error
    assert decoded(label_service.job_path(job).read_bytes()) == Counter(item.code for item in items)


def test_calibration_is_stored_per_agency_and_layout_and_used(world, client):
    client = client_for(client, world.custodian)
    response = client.post(reverse("custody:labels-calibration"), {"layout": "a4-3x7", "x_mm": "1.5", "y_mm": "-0.5"})
    assert response.status_code == 302
    assert client.post(reverse("custody:labels-calibration"),
                       {"layout": "a4-3x7", "x_mm": "11", "y_mm": "0"}).status_code == 400
    case, (item,) = register(world, 1)
    client.post(reverse("custody:labels-item", args=[item.code]), {"print": "1", "layout": "a4-3x7", "start": "1"})
    job = PrintJob.objects.get()
    assert (job.calibration_x_mm, job.calibration_y_mm) == (Decimal("1.5"), Decimal("-0.5"))
    officer = client_for(client, world.officer)
    assert officer.post(reverse("custody:labels-calibration"),
                        {"layout": "a4-3x7", "x_mm": "1", "y_mm": "1"}).status_code == 403


def test_print_links_on_the_pages(world, client):
    case, (item,) = register(world, 1)
    client = client_for(client, world.custodian)
    assert reverse("custody:labels-item", args=[item.code]) in client.get(
        reverse("warehouse:item-detail", args=[item.code])).content.decode()
    assert reverse("custody:labels-case", args=[case.case_number]) in client.get(
        reverse("warehouse:case-detail", args=[case.case_number])).content.decode()
    assert reverse("custody:labels-locations", args=[world.warehouse.code]) in client.get(
        reverse("warehouse:warehouse-detail", args=[world.warehouse.code])).content.decode()


def test_print_labels_command(world, tmp_path):
    case, items = register(world, 4)
    out = tmp_path / "case.pdf"
    call_command("print_labels", "--case", case.case_number, "--layout", "a4-3x7", "--user", "custodian",
                 "-o", str(out), stdout=io.StringIO())
    assert decoded(out.read_bytes()) == Counter(item.code for item in items)
    assert CustodyEvent.objects.filter(kind=EventKind.LABEL_ISSUED, actor=world.custodian).count() == 4
    call_command("print_labels", "--items", items[0].code, "--layout", "thermal-100x150", "--user", "custodian",
                 "-o", str(out), stdout=io.StringIO())
    assert decoded(out.read_bytes()) == Counter([make_label_code(items[0].code, 2)])
    call_command("print_labels", "--locations", world.small_bin.code, "--layout", "thermal-50x30",
                 "--user", "custodian", "-o", str(out), stdout=io.StringIO())
    assert decoded(out.read_bytes()) == Counter([world.small_bin.code])
    with pytest.raises(CommandError, match="scope"):
        call_command("print_labels", "--items", items[0].code, "--user", "outsider", "-o", str(out))
    with pytest.raises(CommandError, match="not on this sheet"):
        call_command("print_labels", "--case", case.case_number, "--start", "30", "--user", "custodian",
                     "-o", str(tmp_path / "none.pdf"))
    assert not (tmp_path / "none.pdf").exists() and not (tmp_path / "none.pdf.part").exists()


@pytest.mark.skipif(not (os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER")
                         or any(os.path.isfile(path) for path in CANDIDATE_FONT_PATHS)),
                    reason="no CJK TrueType font on this machine (CI installs fonts-wqy-microhei)")
def test_label_pdf_embeds_a_real_cjk_font(world, client):
    case, (item,) = register(world, 1)
    response = client_for(client, world.officer).post(reverse("custody:labels-item", args=[item.code]),
                                                      {"print": "1", "layout": "a4-3x7", "start": "1"})
    fonts = PdfReader(io.BytesIO(response.content)).pages[0]["/Resources"]["/Font"]
    descriptors = [font.get_object().get("/DescendantFonts") for font in fonts.values()]
    embedded = []
    for font in fonts.values():
        font = font.get_object()
        for descendant in font.get("/DescendantFonts") or [font]:
            descriptor = descendant.get_object().get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.append(str(descriptor.get_object()["/FontName"]))
    assert embedded, f"no TrueType CJK font embedded: {descriptors}"
