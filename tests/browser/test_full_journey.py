"""The full journey in the Chinese UI, screenshots kept in test-artifacts/full-journey-*.png:

registration → labels → put-away at the scan station → a release and its return → an appraisal →
a transfer to the police → the penalty decision → a destruction before witnesses → certificate →
the disposal cost in finance's budget report.

Two items of one seizure travel together: the first goes all the way to the police (after the
transfer its legal custody is the police's, so it cannot be destroyed by the market bureau); the
second, the same goods, is confiscated by the decision and destroyed.
"""

import io

from django.utils import timezone
from pypdf import PdfReader

from accounts.roles import Role
from custody.releases.models import ReleaseRequest
from custody.transfers.models import Transfer
from destruction.models import DestructionBatch
from tests.custody.kit import check_ledger, in_days, user
from tests.destruction.kit import JPEG, PDF, build_kit
from tests.world import PASSWORD
from warehouse.models import Item

from .conftest import login, screenshot


def logout(page):
    page.context.clear_cookies()


def shot(page, step):
    screenshot(page, f"full-journey-{step}")


def scan(page, code):
    with page.expect_response(lambda r: r.request.method == "POST" and "/scan/" in r.url) as answer:
        page.fill("input[name=code]", code)
        page.keyboard.press("Enter")
    assert answer.value.status == 200, code
    page.wait_for_load_state()


def test_full_journey_from_registration_to_destruction_certificate(page, tx_world):
    world = tx_world
    kit = build_kit(world)
    user(world, "police", world.police, Role.OFFICER)
    case = world.case(number="深南市监罚〔2026〕990号")
    # The Content-Security-Policy forbids inline scripts and styles: any page breaking it shows here.
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    # 1. Registration by the case officer.
    login(page, "officer", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.goto(f"{page.base_url}/register/{case.case_number}/")
    row = page.locator("[data-testid=rows-form] tbody tr").first
    row.locator("input[name$=description]").fill("假冒耐克运动鞋 42码")
    row.locator("input[name$=quantity]").fill("2")
    page.get_by_role("button", name="登记物品").click()
    page.wait_for_url("**/cases/**")
    shot(page, "01-registered")
    page.goto(f"{page.base_url}/register/{case.case_number}/")
    row = page.locator("[data-testid=rows-form] tbody tr").first
    row.locator("input[name$=description]").fill("假冒耐克运动鞋 43码")
    row.locator("input[name$=quantity]").fill("1")
    page.get_by_role("button", name="登记物品").click()
    page.wait_for_url("**/cases/**")
    first, second = Item.objects.filter(case=case).order_by("pk")
    assert first.status == Item.Status.REGISTERED

    # 2. Labels: the print dialog answers with the label PDF.
    page.goto(f"{page.base_url}/labels/items/{first.code}/")
    shot(page, "02-label-dialog")
    with page.expect_response(lambda r: r.request.method == "POST" and "/labels/" in r.url) as answer:
        page.click("[data-testid=print-submit]")
    assert answer.value.headers["content-type"] == "application/pdf"  # chromium shows it in its viewer
    logout(page)

    # 3. Put-away: the custodian scans the bin, then both items.
    login(page, "custodian", PASSWORD)
    page.goto(f"{page.base_url}/scan/")
    scan(page, world.general_bin.code)
    scan(page, first.code)
    scan(page, second.code.lower())
    shot(page, "03-put-away")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == Item.Status.IN_STORAGE
    logout(page)

    # 4. A release to the inspection centre and its return.
    login(page, "officer", PASSWORD)
    page.goto(f"{page.base_url}/releases/new/?case={case.case_number}")
    page.check(f"#pick-{first.code}")
    page.select_option("select[name=purpose]", "examination")
    page.fill("textarea[name=reason]", "送检鉴定真伪")
    page.fill("input[name=recipient_name]", "张检验")
    page.fill("input[name=recipient_organisation]", "深圳市检验检测中心")
    page.fill("input[name=due_back]", in_days(5).isoformat())
    page.click("main button[type=submit].primary")
    page.wait_for_url("**/releases/DY-*/")
    release = ReleaseRequest.objects.get()
    logout(page)
    login(page, "supervisor", PASSWORD)
    page.goto(f"{page.base_url}/releases/{release.code}/")
    page.locator("[data-testid=reauth-password]").first.fill(PASSWORD)
    page.click("[data-testid=approve]")
    page.wait_for_selector(".msg-success")
    shot(page, "04-release-approved")
    logout(page)
    login(page, "custodian", PASSWORD)
    page.goto(f"{page.base_url}/scan/")
    scan(page, first.code)
    page.locator("button[data-action=release-out]").click()
    page.locator("button[data-action=release-out]").wait_for(state="detached")
    scan(page, first.code)
    page.locator("button[data-action=release-return]").click()
    page.locator("button[data-action=release-return]").wait_for(state="detached")
    shot(page, "05-release-returned")
    release.refresh_from_db()
    assert release.status == ReleaseRequest.Status.RETURNED
    logout(page)

    # 5. The appraisal report of an accredited body.
    login(page, "officer", PASSWORD)
    page.goto(f"{page.base_url}/items/{first.code}/appraisal/")
    page.select_option("select[name=kind]", "accredited")
    page.fill("input[name=appraiser]", "深圳市知识产权鉴定中心")
    page.fill("[name=method]", "比对防伪标识与鞋标")
    page.select_option("select[name=result]", "counterfeit")
    page.fill("input[name=appraised_on]", timezone.localdate().isoformat())
    page.click("main button[type=submit].primary")
    page.wait_for_load_state()
    shot(page, "06-appraisal")
    assert first.appraisals.filter(result="counterfeit").exists()

    # 6. Transfer of the first item to the police.
    page.goto(f"{page.base_url}/transfers/new/?case={case.case_number}")
    page.uncheck(f"#pick-{second.code}")
    page.select_option("select[name=to_agency]", str(world.police.pk))
    page.fill("input[name=document_number]", "深南市监刑移〔2026〕99号")
    page.fill("textarea[name=reason]", "涉嫌销售假冒注册商标的商品罪")
    page.click("main button[type=submit].primary")
    page.wait_for_url("**/transfers/YS-*/")
    transfer = Transfer.objects.get()
    logout(page)
    login(page, "supervisor", PASSWORD)
    page.goto(f"{page.base_url}/transfers/{transfer.code}/")
    page.fill("[data-testid=reauth-password]", PASSWORD)
    page.click("button[name=decision][value=approve]")
    page.wait_for_load_state()
    logout(page)
    login(page, "officer", PASSWORD)
    page.goto(f"{page.base_url}/transfers/{transfer.code}/")
    page.click("form[action$='/send/'] button")
    page.wait_for_load_state()
    logout(page)
    login(page, "police", PASSWORD)
    page.goto(f"{page.base_url}/transfers/{transfer.code}/")
    page.click("[data-testid=receive]")
    page.wait_for_load_state()
    shot(page, "07-transfer-received")
    first.refresh_from_db()
    assert first.legal_holder == world.police
    logout(page)

    # 7. The penalty decision confiscates the rest of the goods.
    login(page, "officer", PASSWORD)
    page.goto(f"{page.base_url}/decisions/?case={case.case_number}")
    page.select_option("select[name=kind]", "penalty")
    page.fill("input[name=number]", "深南市监罚决〔2026〕990号")
    page.fill("input[name=issued_on]", timezone.localdate().isoformat())
    page.check("input[name=allows_disposal]")
    page.click("main button[type=submit].primary")
    page.wait_for_url("**/cases/**")
    shot(page, "08-decision")
    logout(page)

    # 8. Destruction: proposal, approval (password again), hand-over, weigh-in, witnesses.
    login(page, "custodian", PASSWORD)
    page.goto(f"{page.base_url}/destruction/new/")
    page.check(f"#pick-{second.code}")
    page.select_option("select[name=facility]", str(kit.general.pk))
    page.fill("input[name=planned_date]", timezone.localdate().isoformat())
    page.select_option("select[name=method_general]", "incineration")
    page.fill("input[name=estimated_cost]", "800")
    page.click("[data-testid=submit-proposal]")
    page.wait_for_url("**/destruction/XH-*/")
    code = page.locator("[data-testid=batch-code]").inner_text()
    logout(page)
    login(page, "approver", PASSWORD)
    page.goto(f"{page.base_url}/destruction/{code}/")
    page.fill("[data-testid=reauth-password]", PASSWORD)
    page.click("[data-testid=approve]")
    page.wait_for_selector(".msg-success")
    logout(page)
    login(page, "custodian", PASSWORD)
    page.goto(f"{page.base_url}/destruction/{code}/")
    page.fill("textarea[name=codes]", second.code + "\n")
    page.fill("input[name=vehicle_plate]", "粤B·D12345")
    page.fill("input[name=weight_out_kg]", "1.5")
    page.click("[data-testid=hand-over]")
    page.wait_for_selector(".msg-success")
    page.fill("[data-testid=weigh-form-1] input[name=weight_in_kg]", "1.5")
    page.click("[data-testid=weigh-form-1] button")
    page.wait_for_selector(".msg-success")
    form = page.locator("[data-testid=confirm-form]")
    form.locator("input[name=certificate_number]").fill("NSFD-XH-2026-0990")
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
    shot(page, "09-destroyed")
    assert DestructionBatch.objects.get(code=code).status == DestructionBatch.Status.COMPLETED
    second.refresh_from_db()
    assert second.status == Item.Status.DESTROYED

    response = page.request.get(f"{page.base_url}/destruction/{code}/certificate.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "涉案物品销毁证明" in text and code in text

    # 9. The disposal invoice is booked on the batch; finance sees it in the budget report.
    page.click("details:has(form[action$='/costs/']) summary")
    cost = page.locator("form[action$='/costs/']")
    cost.locator("select[name=category]").select_option("disposal_fee")
    cost.locator("select[name=payer]").select_option(index=0)
    cost.locator("input[name=amount]").fill("800")
    cost.locator("input[name=invoice_number]").fill("FP-2026-0990")
    cost.locator("input[name=incurred_on]").fill(timezone.localdate().isoformat())
    cost.locator("button[type=submit]").click()
    page.wait_for_selector(".msg-success")
    logout(page)
    login(page, "finance", PASSWORD)
    page.goto(f"{page.base_url}/finance/?year={timezone.localdate().year}")
    shot(page, "10-finance-report")
    assert "800" in page.locator("[data-testid=total-actual]").inner_text()
    response = page.request.get(f"{page.base_url}/finance/report.pdf?year={timezone.localdate().year}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    logout(page)

    # The custody timeline of the first item tells its whole story; the ledger verifies.
    login(page, "officer", PASSWORD)
    page.goto(f"{page.base_url}/items/{first.code}/custody/")
    shot(page, "11-timeline")
    check_ledger()
    assert violations == []
