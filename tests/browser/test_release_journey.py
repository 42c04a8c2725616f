"""Release journey in the Chinese UI: the officer requests, the supervisor approves, the custodian
scans the item out at the scan station and back in; every step is in the ledger."""

from custody.models import EventKind
from custody.releases.models import ReleaseRequest
from tests.custody.kit import check_ledger, in_days, stored_items
from tests.world import PASSWORD
from warehouse.models import Item

from .conftest import login, screenshot


def logout(page):
    page.context.clear_cookies()


def test_release_cycle_for_each_role(page, tx_world):
    world = tx_world
    case, (item,) = stored_items(world, description="假冒路易威登手提包 LV-2026", quantity=1)

    # Officer: request from the case page.
    login(page, "officer", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.goto(f"{page.base_url}/cases/{case.case_number}/")
    page.click("[data-testid=request-release]")
    page.check(f"#pick-{item.code}")
    page.select_option("select[name=purpose]", "court")
    page.fill("textarea[name=reason]", "庭审质证")
    page.fill("input[name=recipient_name]", "书记员 刘某")
    page.fill("input[name=recipient_organisation]", "南山区人民法院")
    page.fill("input[name=due_back]", in_days(5).isoformat())
    page.click("main button[type=submit].primary")
    page.wait_for_url("**/releases/DY-*/")
    release = ReleaseRequest.objects.get()
    assert page.locator("[data-testid=release-status]").inner_text() == str(ReleaseRequest.Status.PENDING.label) \
        or "审批" in page.locator("[data-testid=release-status]").inner_text()
    screenshot(page, "release-requested")
    logout(page)

    # Supervisor: lands on the work page, approves.
    login(page, "supervisor", PASSWORD)
    assert "/work/" in page.url
    page.locator("[data-testid=work-approve]").get_by_text(release.code).click()
    page.locator("[data-testid=reauth-password]").first.fill(PASSWORD)  # signing: password again
    page.click("[data-testid=approve]")
    page.wait_for_load_state()
    release.refresh_from_db()
    assert release.status == ReleaseRequest.Status.APPROVED
    logout(page)

    # Custodian: sees the release waiting, scans the item out at the scan station, then back in.
    login(page, "custodian", PASSWORD)
    assert "/work/" in page.url and release.code in page.locator("[data-testid=work-execute]").inner_text()
    page.goto(f"{page.base_url}/scan/")
    page.fill("input[name=code]", item.code.lower())
    page.keyboard.press("Enter")
    page.locator("button[data-action=release-out]").click()
    # Locator waits, not wait_for_function: the Content-Security-Policy forbids eval in the page.
    page.locator("[data-testid=scan-status]").first.wait_for(state="attached")
    page.locator("button[data-action=release-out]").wait_for(state="detached")
    item.refresh_from_db()
    assert item.status == Item.Status.CHECKED_OUT
    page.fill("input[name=code]", item.code)
    page.keyboard.press("Enter")
    page.locator("button[data-action=release-return]").click()
    page.locator("button[data-action=release-return]").wait_for(state="detached")
    item.refresh_from_db()
    assert (item.status, item.location) == (Item.Status.IN_STORAGE, world.general_bin)
    release.refresh_from_db()
    assert release.status == ReleaseRequest.Status.RETURNED
    page.goto(f"{page.base_url}/releases/{release.code}/")
    screenshot(page, "release-returned")

    kinds = list(item.events.order_by("item_seq").values_list("kind", flat=True))
    assert kinds[-3:] == [EventKind.CHECKED_OUT, EventKind.RETURNED, EventKind.PUT_AWAY]
    check_ledger()


def test_transfer_cycle_to_police(page, tx_world):
    from accounts.roles import Role
    from custody.transfers.models import Transfer
    from tests.custody.kit import user

    world = tx_world
    user(world, "police", world.police, Role.OFFICER)
    case, items = stored_items(world, count=2, description="假冒头孢克肟分散片")

    login(page, "officer", PASSWORD)
    page.goto(f"{page.base_url}/transfers/new/?case={case.case_number}")
    page.select_option("select[name=to_agency]", str(world.police.pk))
    page.fill("input[name=document_number]", "深南市监刑移〔2026〕15号")
    page.fill("textarea[name=reason]", "涉嫌生产、销售假药罪")
    page.click("main button[type=submit].primary")
    page.wait_for_url("**/transfers/YS-*/")
    transfer = Transfer.objects.get()
    assert transfer.lines.count() == 2
    logout(page)

    login(page, "supervisor", PASSWORD)
    page.goto(f"{page.base_url}/transfers/{transfer.code}/")
    page.fill("[data-testid=reauth-password]", PASSWORD)  # signing: password again
    page.click("button[name=decision][value=approve]")
    page.wait_for_load_state()
    logout(page)

    login(page, "officer", PASSWORD)
    page.goto(f"{page.base_url}/transfers/{transfer.code}/")
    page.click("form[action$='/send/'] button")
    page.wait_for_load_state()
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.SENT
    logout(page)

    login(page, "police", PASSWORD)
    assert "/work/" in page.url
    page.locator("[data-testid=work-incoming]").get_by_text(transfer.code).click()
    page.click("[data-testid=receive]")
    page.wait_for_load_state()
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.RECEIVED
    screenshot(page, "transfer-received")
    page.goto(f"{page.base_url}/items/{items[0].code}/custody/")
    assert "深圳市公安局" in page.locator("main").inner_text()
    items[0].refresh_from_db()
    assert items[0].legal_holder == world.police and items[0].location == world.general_bin
    check_ledger()
