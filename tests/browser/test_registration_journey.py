"""A case officer logs in (Chinese UI), registers a seized item and finds it in the item list."""

from tests.world import PASSWORD

from .conftest import login, screenshot


def test_officer_registers_an_item_and_sees_it_listed(page, tx_world):
    case = tx_world.case(number="深南市监罚〔2026〕901号")
    login(page, "officer", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    page.goto(f"{page.base_url}/register/{case.case_number}/")
    row = page.locator("[data-testid=rows-form] tbody tr").first
    row.locator("input[name$=description]").fill("假冒茅台酒 500毫升 王喆经手")
    row.locator("input[name$=quantity]").fill("6")
    row.locator("select[name$=unit]").select_option("bottle")
    page.get_by_role("button", name="登记物品").click()
    page.wait_for_url("**/cases/**")
    assert "登记1件物品" in page.locator(".messages").inner_text()

    page.goto(f"{page.base_url}/items/?q=茅台")
    table = page.locator("[data-testid=item-table]")
    assert "假冒茅台酒 500毫升 王喆经手" in table.inner_text()
    assert "已登记" in table.inner_text()  # status "registered, awaiting intake" in Chinese
    screenshot(page, "officer-registered-item")
