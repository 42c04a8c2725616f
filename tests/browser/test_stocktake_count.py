"""A custodian counts a bin on a phone-sized screen: location label, then item labels, Enter each."""

import pytest
from playwright.sync_api import expect

from custody.services.storage import store_at
from custody.stocktake.models import StocktakeScan
from custody.stocktake.services import start_stocktake
from tests.world import PASSWORD

from .conftest import ARTIFACTS, login


@pytest.fixture
def phone(browser, live_server, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"), full_page=True)
    context.close()


def test_custodian_counts_a_bin_on_a_phone(phone, tx_world):
    world = tx_world
    items = world.items(world.case(number="深南市监罚〔2026〕902号"), count=3)
    store_at(actor=world.custodian, items=items, location=world.general_bin)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse, locations=[world.general_bin])

    login(phone, "custodian", PASSWORD)
    phone.goto(f"{phone.base_url}/stocktakes/{stocktake.code}/")
    for item in items:  # blind: the expected items are not on the page
        assert item.code not in phone.content()
    phone.locator("[data-testid=count-link]").click()
    scan_input = phone.locator("[data-testid=scan-input]")

    def scan(code):
        before = phone.locator("#client-scan-id").input_value()
        scan_input.fill(code)
        scan_input.press("Enter")
        # Not wait_for_function: the Content-Security-Policy forbids eval in the page.
        expect(phone.locator("#client-scan-id")).not_to_have_value(before)

    scan(world.general_bin.code)
    assert world.general_bin.code in phone.locator("[data-testid=scan-location]").inner_text()
    for item in items[:2]:
        scan(item.code.lower())  # a scanner with caps lock off still works
    assert items[1].code in phone.locator("[data-testid=recent-scans]").inner_text()
    assert phone.evaluate("document.activeElement.id") == "scan-code"  # ready for the next scan
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    scan("NOT-A-CODE")
    assert phone.locator("[data-testid=scan-message]").get_attribute("role") == "alert"
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "stocktake-count-phone.png"), full_page=True)

    assert StocktakeScan.objects.filter(stocktake=stocktake, kind="item").count() == 2
    phone.goto(f"{phone.base_url}/stocktakes/{stocktake.code}/")
    phone.locator("form[action$='/close-counting/'] button").click()
    phone.wait_for_selector("[data-testid=discrepancies]")
    assert items[2].code in phone.locator("[data-testid=discrepancies]").inner_text()
