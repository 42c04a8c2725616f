"""A destruction from proposal to certificate, by the right people, in the Chinese UI.

custodian proposes → a city supervisor approves → the custodian scans the items out to the
contractor, records the weight in, and confirms before two witnesses who type their own
passwords (a provincial auditor from outside the agency, and a supervisor) → certificate PDF,
public disclosure without login, and the ledger chain still verifies.

verify_ledger (custody/verify.py) is not in main yet: the chain is checked here with
custody.ledger.chain_hash instead.
"""

import io

from django.utils import timezone
from pypdf import PdfReader

from custody.ledger import GENESIS_HASH, chain_hash
from custody.models import CustodyEvent, EventKind
from destruction.models import DestructionBatch
from tests.destruction.kit import JPEG, PDF, build_kit, stored_items
from tests.world import PASSWORD
from warehouse.models import Item

from .conftest import login, screenshot


def new_page(browser, base_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = base_url
    return page


def test_destruction_from_proposal_to_certificate(page, browser, tx_world):
    kit = build_kit(tx_world)
    items = stored_items(tx_world, 2)
    kit.approver.refresh_from_db()

    # The custodian proposes: one item ticked, the other scanned into the box.
    login(page, "custodian", PASSWORD)
    page.goto(f"{page.base_url}/destruction/new/")
    page.check(f"#pick-{items[0].code}")
    page.fill("textarea[name=scanned]", items[1].code.lower() + "\n")
    page.select_option("select[name=facility]", str(kit.general.pk))
    page.fill("input[name=planned_date]", timezone.localdate().isoformat())
    page.select_option("select[name=method_general]", "incineration")
    page.fill("input[name=estimated_cost]", "1500")
    page.click("[data-testid=submit-proposal]")
    page.wait_for_url("**/destruction/XH-*/")
    code = page.locator("[data-testid=batch-code]").inner_text()
    assert page.locator("[data-testid=approve]").count() == 0  # nobody approves their own batch

    # A supervisor of the city approves it.
    boss = new_page(browser, page.base_url)
    login(boss, "approver", PASSWORD)
    boss.goto(f"{page.base_url}/destruction/{code}/")
    boss.fill("[data-testid=reauth-password]", PASSWORD)  # signing asks for the password again
    boss.click("[data-testid=approve]")
    boss.wait_for_selector(".msg-success")
    boss.context.close()

    # On the day: scan the items out, weigh in at the facility, confirm before witnesses.
    page.goto(f"{page.base_url}/destruction/{code}/")
    page.fill("textarea[name=codes]", "\n".join(item.code for item in items) + "\n")
    page.fill("input[name=vehicle_plate]", "粤B·D12345")
    page.fill("input[name=weight_out_kg]", "10.0")
    page.click("[data-testid=hand-over]")
    page.wait_for_selector(".msg-success")
    page.fill("[data-testid=weigh-form-1] input[name=weight_in_kg]", "9.98")
    page.click("[data-testid=weigh-form-1] button")
    page.wait_for_selector(".msg-success")

    form = page.locator("[data-testid=confirm-form]")
    form.locator("input[name=certificate_number]").fill("NSFD-XH-2026-0099")
    form.locator("input[name=certificate]").set_input_files(
        files=[{"name": "证明.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    form.locator("input[name=photos]").set_input_files(
        files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    form.locator("input[name=witness1]").fill("auditor")
    form.locator("input[name=password1]").fill("wrong password")
    form.locator("input[name=witness2]").fill("supervisor")
    form.locator("input[name=password2]").fill(PASSWORD)
    page.click("[data-testid=confirm]")
    assert "auditor" in page.locator(".msg-error").inner_text()  # refused, named, nothing recorded
    assert not CustodyEvent.objects.filter(kind=EventKind.DESTROYED).exists()

    form = page.locator("[data-testid=confirm-form]")
    form.locator("input[name=certificate_number]").fill("NSFD-XH-2026-0099")
    form.locator("input[name=certificate]").set_input_files(
        files=[{"name": "证明.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    form.locator("input[name=photos]").set_input_files(
        files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    form.locator("input[name=witness1]").fill("auditor")
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=witness2]").fill("supervisor")
    form.locator("input[name=password2]").fill(PASSWORD)
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=certificate-pdf]")
    assert DestructionBatch.objects.get(code=code).status == DestructionBatch.Status.COMPLETED
    assert Item.objects.filter(pk__in=[i.pk for i in items], status=Item.Status.DESTROYED).count() == 2
    screenshot(page, "destruction-completed")

    response = page.request.get(f"{page.base_url}/destruction/{code}/certificate.pdf")
    assert response.ok
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "涉案物品销毁证明" in text and "Certificate of destruction" in text and code in text

    # The public sees it without logging in, with no names.
    public = new_page(browser, page.base_url)
    public.goto(f"{page.base_url}/disclosure/destructions/")
    table = public.locator("[data-testid=public-table]").inner_text()
    assert code in table and "auditor" not in table and "custodian" not in table
    public.context.close()

    previous = GENESIS_HASH
    for event in CustodyEvent.objects.order_by("seq"):
        assert event.prev_hash == previous and chain_hash(previous, event.payload) == event.hash
        previous = event.hash
