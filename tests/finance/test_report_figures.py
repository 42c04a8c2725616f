"""The report's figures against the hand-computed data set of tests/finance/kit.py."""

import datetime
from decimal import Decimal as D

from finance.models import Category
from finance.queries import Period
from finance.reports import Filters, build_report, forecast
from warehouse.models import Item

from .kit import Y


def report(root, **filters):
    period = Period(Y, filters.pop("month_from", 1), filters.pop("month_to", 12))
    today = filters.pop("today", None)
    return build_report(root=root, filters=Filters(period, **filters), today=today)


def test_budget_actual_committed_totals_and_roll_up(data):
    world = data.world
    result = report(world.city)
    total = result.total
    assert (total.budget, total.original, total.actual, total.other, total.committed) == (
        D("16500.00"), D("16000.00"), D("2130.30"), D("350.00"), D("1200.00"))
    assert total.remaining == D("13169.70")
    lines = {line.agency.code: line for line in result.by_agency}
    assert (lines["S440300"].budget, lines["S440300"].actual, lines["S440300"].other,
            lines["S440300"].committed) == (D("12500.00"), D("1330.30"), D("200.00"), D("1200.00"))
    assert (lines["S440305"].budget, lines["S440305"].actual) == (D("3000.00"), D("800.00"))
    assert (lines["S440306"].budget, lines["S440306"].actual, lines["S440306"].other) == (
        D("1000.00"), D("0.00"), D("150.00"))
    assert lines["S440300"].is_root and lines["S440300"].backlog_cost == D("1092.65")

    # The province sees the city as one line holding its whole subtree.
    province = report(world.province)
    lines = {line.agency.code: line for line in province.by_agency}
    assert set(lines) == {"S440000", "S440300"}
    assert (lines["S440300"].budget, lines["S440300"].actual, lines["S440300"].committed) == (
        D("16500.00"), D("2130.30"), D("1200.00"))
    assert lines["S440000"].budget == D("0.00")
    # A county sees only itself.
    county = report(world.county)
    assert [line.agency for line in county.by_agency] == [world.county]
    assert county.total.actual == D("800.00")


def test_by_category_and_month(data):
    result = report(data.world.city)
    categories = {code: line for code, line in result.by_category}
    assert (categories["disposal"].budget, categories["disposal"].original, categories["disposal"].actual,
            categories["disposal"].other, categories["disposal"].committed) == (
        D("13500.00"), D("13000.00"), D("30.30"), D("200.00"), D("1200.00"))
    assert (categories["storage"].actual, categories["appraisal"].actual, categories["transport"].actual) == (
        D("1000.00"), D("800.00"), D("300.00"))
    months = {row["month"]: row for row in result.by_month}
    assert dict(months[1]["by_category"]) == {"storage": D("500.00"), "transport": D("300.00")}
    assert dict(months[2]["by_category"]) == {"storage": D("500.00"), "disposal": D("30.30")}
    assert months[2]["other"] == D("200.00") and months[3]["other"] == D("150.00")
    assert months[datetime.date.today().month]["committed"] == D("1200.00")

    storage_only = report(data.world.city, category=Category.STORAGE)
    assert (storage_only.total.budget, storage_only.total.actual, storage_only.total.committed) == (
        D("2000.00"), D("1000.00"), D("0.00"))
    first_quarter = report(data.world.city, month_from=2, month_to=3)
    assert first_quarter.total.actual == D("1330.30") and len(first_quarter.by_month) == 2


def test_destruction_cost_per_method_stream_kg_and_item(data):
    result = report(data.world.city)
    assert result.destruction == [{"stream": "general", "method": "incineration", "amount": D("530.30"),
                                   "kg": D("10.100"), "items": 2, "batches": 1, "per_kg": D("52.50"),
                                   "per_item": D("265.15")}]
    assert report(data.world.city, stream=Item.WasteStream.HAZARDOUS).destruction == []
    assert report(data.world.city, category=Category.TRANSPORT).destruction[0]["amount"] == D("300.00")


def test_backlog_rates_and_forecast(data):
    result = report(data.world.city, today=datetime.date(Y, 6, 30))
    rates = {rate.stream: rate for rate in result.rates}
    assert (rates["general"].per_kg, rates["general"].per_item, rates["general"].source) == (
        D("52.50"), D("265.15"), "derived")
    assert (rates["hazardous"].per_kg, rates["hazardous"].source) == (D("20.00"), "override")
    assert rates["ewaste"].source == "none"
    backlog = {row["stream"]: row for row in result.backlog}
    # general: 15 kg × 52.50 + 1 unweighed × 265.15; hazardous: 2 kg × 20.00
    assert (backlog["general"]["items"], backlog["general"]["kg"], backlog["general"]["cost"]) == (
        4, D("15.000"), D("1052.65"))
    assert backlog["hazardous"]["cost"] == D("40.00")
    f = result.forecast
    # run rate 2130.30 / 6 months; left = 16500 − 2130.30 − 1200 − 1092.65
    assert (f["run_rate"], f["money_left"], f["status"]) == (D("355.05"), D("12077.05"), "lasts")
    assert f["year_end_balance"] == D("16500.00") - (D("2130.30") + D("1200.00") + D("1092.65") + 6 * D("355.05"))
    # The city's override does not apply above it: the province has no hazardous rate (no past batches).
    sources = {rate.stream: rate.source for rate in report(data.world.province).rates}
    assert (sources["general"], sources["hazardous"]) == ("derived", "none")


def test_forecast_runs_out_and_shortfall():
    spent = {1: D("1000"), 2: D("1000"), 3: D("1000")}
    runs_out = forecast(year=Y, today=datetime.date(Y, 3, 15), budget=D("8000"), actual_by_month=spent,
                        committed=D("500"), backlog=D("500"))
    # 3000 + 1000 by March, then 1000 a month: 8000 reached in July, passed in August
    assert (runs_out["status"], runs_out["runout_month"]) == ("runs_out", 8)
    short = forecast(year=Y, today=datetime.date(Y, 3, 15), budget=D("3500"), actual_by_month=spent,
                     committed=D("500"), backlog=D("500"))
    assert (short["status"], short["money_left"], short["runout_month"]) == ("short", D("-500"), 3)
    closed = forecast(year=Y - 1, today=datetime.date(Y, 3, 15), budget=D("5000"), actual_by_month=spent,
                      committed=D("0"), backlog=D("0"))
    assert (closed["status"], closed["year_end_balance"]) == ("closed", D("2000"))


def test_storage_ageing_buckets_and_median(data):
    result = report(data.world.city)
    assert result.ageing_destroyed["buckets"] == [0, 2, 0, 0, 0]  # decided 40 days before destruction
    assert result.ageing_destroyed["median"] == D("40")
    # waiting: four items decided 100 days ago, one 400 days ago; the approved batch's item is committed
    assert result.ageing_waiting["buckets"] == [0, 0, 4, 0, 1]
    assert (result.ageing_waiting["count"], result.ageing_waiting["median"]) == (5, D("100"))
    hazardous = report(data.world.city, stream=Item.WasteStream.HAZARDOUS)
    assert hazardous.ageing_waiting["buckets"] == [0, 0, 0, 0, 1]
