"""The destruction budget report: budget vs actual vs committed, destruction cost by method and waste
stream, the backlog forecast and storage ageing, for one agency with its subtree rolled up.

``build_report`` runs a fixed number of grouped queries (finance.queries) whatever the number of
agencies, batches or cost lines, then shapes the few aggregated rows for the HTML page, the CSV
and the PDF (finance.exports). Forecast method: docs/finance.md.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from accounts.models import Agency
from warehouse.models import Item

from . import queries
from .models import Category, RateOverride
from .queries import AGEING_BUCKETS, CENT, ZERO, Period, to_money

STREAMS = list(Item.WasteStream.values)
CATEGORIES = list(Category.values)


@dataclass(frozen=True)
class Filters:
    period: Period
    category: str = ""
    stream: str = ""

    def query(self, agency_code: str = "") -> dict:
        params = {"year": self.period.year}
        if self.period.month_from != 1:
            params["from"] = self.period.month_from
        if self.period.month_to != 12:
            params["to"] = self.period.month_to
        if self.category:
            params["category"] = self.category
        if self.stream:
            params["stream"] = self.stream
        if agency_code:
            params["agency"] = agency_code
        return params


@dataclass
class Line:
    """Budget, actual (paid from the budget), paid by others, committed, remaining."""

    budget: Decimal = ZERO
    original: Decimal = ZERO
    actual: Decimal = ZERO
    other: Decimal = ZERO
    committed: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.actual - self.committed

    @property
    def used_percent(self) -> Decimal | None:
        if not self.budget:
            return None
        return ((self.actual + self.committed) * 100 / self.budget).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class AgencyLine(Line):
    agency: Agency | None = None
    is_root: bool = False
    backlog_cost: Decimal | None = ZERO
    backlog_items: int = 0


@dataclass
class Rate:
    stream: str
    per_kg: Decimal | None
    per_item: Decimal | None
    source: str  # "override", "derived", "derived_national", "none"
    source_agency: Agency | None = None


@dataclass
class Report:
    root: Agency | None
    filters: Filters
    as_of: datetime.date
    generated_at: datetime.datetime
    total: Line
    by_agency: list[AgencyLine]
    by_category: list[tuple[str, Line]]
    by_month: list[dict]
    destruction: list[dict]
    destruction_by_stream: list[dict]
    destruction_by_method: list[dict]
    destruction_unallocated: Decimal
    rates: list[Rate]
    backlog: list[dict]
    forecast: dict
    ageing_destroyed: dict
    ageing_waiting: dict
    notes: list[str] = field(default_factory=list)

    @property
    def backlog_total(self) -> dict:
        known = [row["cost"] for row in self.backlog if row["cost"] is not None]
        return {"items": sum(row["items"] for row in self.backlog),
                "kg": sum((row["kg"] for row in self.backlog), ZERO),
                "cost": sum(known, ZERO), "complete": len(known) == len(self.backlog)}


def _per(amount: Decimal, quantity) -> Decimal | None:
    return (amount / Decimal(quantity)).quantize(CENT, ROUND_HALF_UP) if quantity else None


def _stream_rows(rows: list[dict], key: str) -> list[dict]:
    grouped: dict[str, dict] = {}
    for row in rows:
        entry = grouped.setdefault(row[key], {key: row[key], "amount": ZERO, "kg": Decimal("0.000"), "items": 0})
        entry["amount"] += row["amount"]
        entry["kg"] += row["kg"]
        entry["items"] += row["items"]
    for entry in grouped.values():
        entry["per_kg"], entry["per_item"] = _per(entry["amount"], entry["kg"]), _per(entry["amount"], entry["items"])
    return sorted(grouped.values(), key=lambda entry: -entry["amount"])


def rates_for(root: Agency | None, prefix: str, today: datetime.date) -> list[Rate]:
    """Per waste stream: the override of the root agency or its nearest ancestor; otherwise the rate
    derived from the destruction batches of the subtree so far; otherwise from the whole country's."""
    overrides: dict[str, RateOverride] = {}
    if root is not None:
        ancestors = [int(part) for part in root.path.strip("/").split("/") if part]
        for rate in (RateOverride.objects.filter(agency_id__in=ancestors).select_related("agency")
                     .order_by("agency__level")):
            overrides[rate.waste_stream] = rate  # deeper agencies come last and win
    derived = {row["stream"]: row for row in _stream_rows(
        queries.destruction_costs(prefix, datetime.date(2000, 1, 1), today), "stream")}
    national = None
    rates = []
    for stream in STREAMS:
        if stream in overrides:
            rate = overrides[stream]
            rates.append(Rate(stream, rate.per_kg, rate.per_item, "override", rate.agency))
        elif stream in derived and derived[stream]["per_item"] is not None:
            rates.append(Rate(stream, derived[stream]["per_kg"], derived[stream]["per_item"], "derived"))
        else:
            if national is None:
                national = {row["stream"]: row for row in _stream_rows(
                    queries.destruction_costs("/", datetime.date(2000, 1, 1), today), "stream")}
            row = national.get(stream)
            if row and row["per_item"] is not None:
                rates.append(Rate(stream, row["per_kg"], row["per_item"], "derived_national"))
            else:
                rates.append(Rate(stream, None, None, "none"))
    return rates


def backlog_cost(rate: Rate, items: int, kg: Decimal, unweighed: int) -> Decimal | None:
    """Weighed items at the rate per kg, the others at the rate per item."""
    if rate.per_item is None and rate.per_kg is None:
        return None if items else ZERO
    if rate.per_kg is not None and kg > 0:
        return (kg * rate.per_kg + unweighed * (rate.per_item or ZERO)).quantize(CENT, ROUND_HALF_UP)
    return (items * (rate.per_item or ZERO)).quantize(CENT, ROUND_HALF_UP)


def _as_of(year: int, today: datetime.date) -> tuple[datetime.date, int]:
    """The reference day and the number of months of the year elapsed by then."""
    if year == today.year:
        return today, today.month
    if year < today.year:
        return datetime.date(year, 12, 31), 12
    return datetime.date(year, 1, 1), 0


def forecast(*, year: int, today: datetime.date, budget: Decimal, actual_by_month: dict[int, Decimal],
             committed: Decimal, backlog: Decimal) -> dict:
    """Run-rate forecast (docs/finance.md): the backlog and the commitments are taken as due now,
    the ongoing spending continues at the average monthly budget spending of the year so far; the
    budget runs out in the month the cumulative spending passes it."""
    as_of, elapsed = _as_of(year, today)
    spent = sum(actual_by_month.values(), ZERO)
    run_rate = (spent / elapsed).quantize(CENT, ROUND_HALF_UP) if elapsed else ZERO
    money_left = budget - spent - committed - backlog
    cumulative, running = [], ZERO
    for month in range(1, 13):
        if month <= elapsed:
            running += actual_by_month.get(month, ZERO)
            if month == elapsed:
                running += committed + backlog
        else:
            running += run_rate if elapsed else ZERO
            if month == 1 and not elapsed:
                running += committed + backlog
        cumulative.append(running)
    runout_month = next((month for month, value in enumerate(cumulative, start=1) if value > budget), None)
    if year < today.year:
        status = "closed"
    elif money_left < 0:
        status = "short"
    elif runout_month is not None:
        status = "runs_out"
    else:
        status = "lasts"
    return {
        "as_of": as_of, "elapsed_months": elapsed, "spent": spent, "run_rate": run_rate, "committed": committed,
        "backlog": backlog, "budget": budget, "money_left": money_left, "cumulative": cumulative,
        "runout_month": runout_month, "year_end_balance": budget - cumulative[-1], "status": status,
    }


def build_report(*, root: Agency | None, filters: Filters, today: datetime.date | None = None) -> Report:
    today = today or timezone.localdate()
    prefix = root.path if root is not None else "/"
    period, category, stream = filters.period, filters.category, filters.stream
    full_year = Period(period.year)

    children = list(Agency.objects.filter(parent=root).order_by("path")) if root is not None \
        else list(Agency.objects.filter(parent__isnull=True).order_by("path"))
    nodes: dict[str, AgencyLine] = {}
    if root is not None:
        nodes[""] = AgencyLine(agency=root, is_root=True)
    for child in children:
        nodes[str(child.pk)] = AgencyLine(agency=child)

    total = Line()
    by_category = {code: Line() for code in CATEGORIES}
    for row in queries.budgets(prefix, period.year, category):
        for line in (nodes.get(row["node"]), total, by_category[row["category"]]):
            if line is not None:
                line.budget += to_money(row["amount"])
                line.original += to_money(row["original"])

    months = {month: {"month": month, "by_category": defaultdict(lambda: ZERO), "other": ZERO, "committed": ZERO}
              for month in range(1, 13)}
    actual_by_month_full: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in queries.actuals(prefix, full_year, category):
        month, spent, other = int(row["month"]), to_money(row["budget"]), to_money(row["other"])
        actual_by_month_full[month] += spent
        if month not in period.months:
            continue
        months[month]["by_category"][row["cat"]] += spent
        months[month]["other"] += other
        for line in (nodes.get(row["node"]), total, by_category[row["cat"]]):
            if line is not None:
                line.actual += spent
                line.other += other

    committed_full = ZERO
    for row in queries.committed(prefix, full_year, category, today):
        amount, month = to_money(row["amount"]), int(row["month"])
        committed_full += amount
        if month not in period.months:
            continue
        months[month]["committed"] += amount
        for line in (nodes.get(row["node"]), total, by_category[Category.DISPOSAL]):
            if line is not None:
                line.committed += amount

    destruction = queries.destruction_costs(prefix, period.start, period.end, category, stream)
    for row in destruction:
        row["per_kg"], row["per_item"] = _per(row["amount"], row["kg"]), _per(row["amount"], row["items"])

    rates = rates_for(root, prefix, today)
    rate_of = {rate.stream: rate for rate in rates}
    per_stream: dict[str, dict] = {}
    for row in queries.backlog(prefix, stream):
        kg = queries.to_decimal(row["kg"])
        cost = backlog_cost(rate_of[row["waste_stream"]], row["items"], kg, row["unweighed"])
        entry = per_stream.setdefault(row["waste_stream"], {"stream": row["waste_stream"], "items": 0,
                                                            "kg": Decimal("0.000"), "unweighed": 0, "cost": ZERO})
        entry["items"] += row["items"]
        entry["kg"] += kg
        entry["unweighed"] += row["unweighed"]
        entry["cost"] = None if cost is None or entry["cost"] is None else entry["cost"] + cost
        line = nodes.get(row["node"])
        if line is not None:
            line.backlog_items += row["items"]
            line.backlog_cost = None if cost is None or line.backlog_cost is None else line.backlog_cost + cost
    backlog_rows = [per_stream[s] for s in STREAMS if s in per_stream]
    backlog_total = sum((row["cost"] for row in backlog_rows if row["cost"] is not None), ZERO)

    report = Report(
        root=root, filters=filters, as_of=_as_of(period.year, today)[0], generated_at=timezone.localtime(),
        total=total, by_agency=list(nodes.values()),
        by_category=[(code, by_category[code]) for code in CATEGORIES if not category or code == category],
        by_month=[months[month] for month in period.months],
        destruction=destruction, destruction_by_stream=_stream_rows(destruction, "stream"),
        destruction_by_method=_stream_rows(destruction, "method"),
        destruction_unallocated=queries.destruction_unallocated(prefix, period.start, period.end, category),
        rates=rates, backlog=backlog_rows,
        forecast=forecast(year=period.year, today=today, budget=total.budget, actual_by_month=actual_by_month_full,
                          committed=committed_full, backlog=backlog_total),
        ageing_destroyed=queries.destroyed_ageing(prefix, period, stream),
        ageing_waiting=queries.waiting_ageing(prefix, today, stream),
    )
    return report


def bucket_labels() -> list[str]:
    return [f"{low}–{high}" if high is not None else f"> {low - 1}" for low, high in AGEING_BUCKETS]
