"""The aggregations behind the finance reports. Every function is a fixed number of SQL queries
that group in the database: none loops over agencies, batches or cost lines in Python.

Roll-up: a report is for one root agency (or the whole country). Each row is attributed to the
root itself ("") or to the root's child it descends from, found from the materialised path: the
path segment right after the root's path ("/1/4/9/12/" under "/1/4/" → "9").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Concat, ExtractMonth, Greatest, StrIndex, Substr

from destruction.models import BatchItem, DestructionBatch
from destruction.models import CostLine as BatchCostLine
from destruction.waste import HAZARDOUS_CATEGORIES
from warehouse.models import Item

from .models import Budget, Category, Payer

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)

# Destruction batch cost categories → budget categories.
BATCH_CATEGORY = {
    BatchCostLine.Category.TRANSPORT: Category.TRANSPORT,
    BatchCostLine.Category.DISPOSAL_FEE: Category.DISPOSAL,
    BatchCostLine.Category.HAZARDOUS_HANDLING: Category.DISPOSAL,
    BatchCostLine.Category.LABOUR: Category.DISPOSAL,
    BatchCostLine.Category.TESTING: Category.DISPOSAL,
}
AGEING_BUCKETS = [(0, 30), (31, 90), (91, 180), (181, 365), (366, None)]


def to_money(value) -> Decimal:
    if value is None:
        return ZERO
    return Decimal(str(value)).quantize(CENT)


def to_decimal(value, places: str = "0.001") -> Decimal:
    return ZERO if value is None else Decimal(str(value)).quantize(Decimal(places))


@dataclass(frozen=True)
class Period:
    year: int
    month_from: int = 1
    month_to: int = 12

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month_from, 1)

    @property
    def end(self) -> datetime.date:
        if self.month_to == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, self.month_to + 1, 1) - datetime.timedelta(days=1)

    @property
    def months(self) -> list[int]:
        return list(range(self.month_from, self.month_to + 1))


def node(path_field: str, prefix: str):
    """SQL expression: the id (as text) of the root's child that ``path_field`` descends from, or
    "" for the root itself."""
    rest = Concat(Substr(F(path_field), len(prefix) + 1), Value("/"))
    return Substr(rest, 1, StrIndex(rest, Value("/")) - 1)


def _batch_category():
    return Case(*[When(category=code, then=Value(str(target))) for code, target in BATCH_CATEGORY.items()],
                default=Value(str(Category.DISPOSAL)))


def budgets(prefix: str, year: int, category: str = "") -> list[dict]:
    """(node, category) → original and current amounts."""
    rows = Budget.objects.filter(fiscal_year=year, agency__path__startswith=prefix)
    if category:
        rows = rows.filter(category=category)
    return list(rows.annotate(node=node("agency__path", prefix)).values("node", "category")
                .annotate(original=Sum("original_amount"), amount=Sum("amount")).order_by())


def _node_sql(prefix: str) -> str:
    """Raw-SQL twin of ``node`` over ``path`` (the root's own rows give "")."""
    rest = f"(substr(path, {len(prefix) + 1}) || '/')"
    index = "strpos" if connection.vendor == "postgresql" else "instr"
    return f"substr({rest}, 1, {index}({rest}, '/') - 1)"


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(MONTH FROM {column}) AS integer)"
    return f"CAST(strftime('%%m', {column}) AS integer)"


def actuals(prefix: str, period: Period, category: str = "") -> list[dict]:
    """(node, month, category) → spent from the budget and paid by others, over both cost tables.

    One query: the agencies of the subtree with their node are computed once (a materialised CTE,
    a few thousand rows), then the cost lines of both tables are joined to it and grouped. Computing
    the node per cost line instead made the query three times slower at 100,000 lines."""
    materialised = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    batch_category = " ".join(f"WHEN '{code}' THEN '{target}'" for code, target in BATCH_CATEGORY.items())
    category_sql = " WHERE c.cat = %s" if category else ""
    sql = f"""
    WITH n AS {materialised}(
        SELECT id, {_node_sql(prefix)} AS node FROM accounts_agency WHERE path LIKE %s
    ), c AS (
        SELECT agency_id, incurred_on, CASE category {batch_category} ELSE '{Category.DISPOSAL}' END AS cat,
               payer, amount
        FROM destruction_costline WHERE incurred_on BETWEEN %s AND %s
        UNION ALL
        SELECT agency_id, incurred_on, category AS cat, payer, amount
        FROM finance_costline WHERE incurred_on BETWEEN %s AND %s
    )
    SELECT n.node, {_month_sql('c.incurred_on')} AS month, c.cat,
           SUM(CASE WHEN c.payer = %s THEN c.amount ELSE 0 END),
           SUM(CASE WHEN c.payer = %s THEN 0 ELSE c.amount END)
    FROM c JOIN n ON n.id = c.agency_id{category_sql}
    GROUP BY n.node, {_month_sql('c.incurred_on')}, c.cat
    """
    params = [prefix + "%", period.start, period.end, period.start, period.end, Payer.BUDGET, Payer.BUDGET]
    if category:
        params.append(category)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [{"node": row[0], "month": int(row[1]), "cat": row[2], "budget": row[3], "other": row[4]}
                for row in cursor.fetchall()]


def committed(prefix: str, period: Period, category: str = "", today: datetime.date | None = None) -> list[dict]:
    """(node, month) → money committed by approved batches not yet completed: the estimate less
    what is already booked on them. Batches planned before the period count in its first month
    when the period is the current year (they are still to be paid)."""
    if category and category != Category.DISPOSAL:
        return []
    booked = (BatchCostLine.objects.filter(batch=OuterRef("pk")).order_by().values("batch")
              .annotate(total=Sum("amount")).values("total"))
    planned = Q(planned_date__range=(period.start, period.end))
    if period.year == (today or datetime.date.today()).year:
        planned |= Q(planned_date__lt=period.start)
    rows = (DestructionBatch.objects.filter(planned, agency__path__startswith=prefix,
                                            status__in=[DestructionBatch.Status.APPROVED,
                                                        DestructionBatch.Status.IN_PROGRESS])
            .annotate(node=node("agency__path", prefix),
                      month=Case(When(planned_date__lt=period.start, then=Value(period.month_from)),
                                 default=ExtractMonth("planned_date")),
                      open_amount=Greatest(F("estimated_cost") - Coalesce(Subquery(booked, output_field=MONEY),
                                                                            Value(ZERO), output_field=MONEY),
                                           Value(ZERO), output_field=MONEY))
            .values("node", "month").annotate(amount=Sum("open_amount"), batches=Count("pk")).order_by())
    return list(rows)


# --- destruction cost by method and waste stream ------------------------------------------------

_STREAM_OF_CATEGORY = "CASE WHEN s.waste_category IN ({hw}) THEN 'hazardous' " \
                      "WHEN s.waste_category = 'EWASTE' THEN 'ewaste' ELSE 'general' END"


def destruction_costs(prefix: str, start: datetime.date, end: datetime.date, category: str = "",
                      stream: str = "") -> list[dict]:
    """(waste stream, method) → allocated cost, weighed kg and item count.

    A batch's cost lines (in the period, agency in the subtree) are shared among the waste streams
    of its items in proportion to the weight weighed in at the facility for that stream (weight
    out when not weighed in yet); a batch without weights is shared by item count. The method is
    the batch's method for that stream."""
    hw = ", ".join(f"'{code}'" for code in HAZARDOUS_CATEGORIES)
    params: list = [prefix + "%", start, end]
    category_sql = ""
    if category:
        codes = [code for code, target in BATCH_CATEGORY.items() if target == category]
        if not codes:
            return []
        category_sql = f" AND c.category IN ({', '.join(['%s'] * len(codes))})"
        params += [str(code) for code in codes]
    stream_sql = ""
    if stream:
        stream_sql = " WHERE sh.stream = %s"
    sql = f"""
    WITH cost AS (
        SELECT c.batch_id, SUM(c.amount) AS amount
        FROM destruction_costline c JOIN accounts_agency a ON a.id = c.agency_id
        WHERE a.path LIKE %s AND c.incurred_on BETWEEN %s AND %s{category_sql}
        GROUP BY c.batch_id
    ), items AS (
        SELECT bi.batch_id, i.waste_stream AS stream, COUNT(*) AS n
        FROM destruction_batchitem bi JOIN warehouse_item i ON i.id = bi.item_id
        WHERE bi.is_open = %s AND bi.batch_id IN (SELECT batch_id FROM cost)
        GROUP BY bi.batch_id, i.waste_stream
    ), weights AS (
        SELECT s.batch_id, {_STREAM_OF_CATEGORY.format(hw=hw)} AS stream,
               SUM(COALESCE(s.weight_in_kg, s.weight_out_kg)) AS kg
        FROM destruction_shipment s
        WHERE s.batch_id IN (SELECT batch_id FROM cost)
        GROUP BY s.batch_id, {_STREAM_OF_CATEGORY.format(hw=hw)}
    ), share AS (
        SELECT items.batch_id, items.stream, items.n, COALESCE(weights.kg, 0) AS kg
        FROM items LEFT JOIN weights ON weights.batch_id = items.batch_id AND weights.stream = items.stream
    ), total AS (
        SELECT batch_id, SUM(n) AS n, SUM(kg) AS kg FROM share GROUP BY batch_id
    ), sh AS (
        SELECT share.stream,
               CASE share.stream WHEN 'general' THEN b.method_general WHEN 'ewaste' THEN b.method_ewaste
                    ELSE b.method_hazardous END AS method,
               cost.amount * CASE WHEN total.kg > 0 THEN share.kg / total.kg
                                  ELSE share.n * 1.0 / total.n END AS amount,
               share.kg, share.n
        FROM share JOIN total ON total.batch_id = share.batch_id
             JOIN cost ON cost.batch_id = share.batch_id
             JOIN destruction_destructionbatch b ON b.id = share.batch_id
    )
    SELECT sh.stream, sh.method, SUM(sh.amount), SUM(sh.kg), SUM(sh.n), COUNT(*)
    FROM sh{stream_sql}
    GROUP BY sh.stream, sh.method
    ORDER BY sh.stream, sh.method
    """
    params.append(True)
    if stream:
        params.append(stream)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [{"stream": row[0], "method": row[1] or "", "amount": to_money(row[2]), "kg": to_decimal(row[3]),
                 "items": int(row[4] or 0), "batches": int(row[5] or 0)} for row in cursor.fetchall()]


def destruction_unallocated(prefix: str, start: datetime.date, end: datetime.date, category: str = "") -> Decimal:
    """Destruction cost in the period on batches that hold no items (cannot be shared by stream)."""
    lines = BatchCostLine.objects.filter(agency__path__startswith=prefix, incurred_on__range=(start, end)) \
        .exclude(Exists(BatchItem.objects.filter(batch=OuterRef("batch"), is_open=True)))
    if category:
        lines = lines.annotate(cat=_batch_category()).filter(cat=category)
    return to_money(lines.aggregate(total=Sum("amount"))["total"])


# --- backlog and ageing ---------------------------------------------------------------------------

def _waiting_sql(prefix: str, stream: str = "") -> tuple[str, list]:
    """FROM/WHERE over the items waiting for destruction, counted for the warehouse operator (who pays
    for the batch): in storage with a decision allowing disposal, or staged in a batch still awaiting
    approval (items of approved batches are already in the committed figure). Exposes ``i`` (the
    item) and ``w.node``; the warehouses' nodes are computed once, not per item."""
    materialised = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    stream_sql = " AND i.waste_stream = %s" if stream else ""
    sql = f"""
        (WITH w AS {materialised}(
            SELECT wh.id, {_node_sql(prefix).replace("path", "a.path")} AS node
            FROM warehouse_warehouse wh JOIN accounts_agency a ON a.id = wh.operator_id WHERE a.path LIKE %s
        )
        SELECT i.id, i.case_id, i.waste_stream, i.weight_kg, w.node
        FROM warehouse_item i JOIN w ON w.id = i.warehouse_id
        WHERE ((i.status = %s AND EXISTS (SELECT 1 FROM warehouse_legaldocument d
                                           WHERE d.case_id = i.case_id AND d.allows_disposal = %s))
               OR (i.status = %s AND NOT EXISTS (
                   SELECT 1 FROM destruction_batchitem bi JOIN destruction_destructionbatch b ON b.id = bi.batch_id
                   WHERE bi.item_id = i.id AND bi.is_open = %s AND b.status IN (%s, %s)))){stream_sql}) waiting
    """
    params = [prefix + "%", Item.Status.IN_STORAGE, True, Item.Status.STAGED, True,
              DestructionBatch.Status.APPROVED, DestructionBatch.Status.IN_PROGRESS]
    return sql, params + ([stream] if stream else [])


def backlog(prefix: str, stream: str = "") -> list[dict]:
    """(node, waste stream) → items waiting, their weight, and how many have no weight."""
    waiting, params = _waiting_sql(prefix, stream)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT node, waste_stream, COUNT(*), SUM(weight_kg), "
                       f"SUM(CASE WHEN weight_kg IS NULL THEN 1 ELSE 0 END) FROM {waiting} "
                       "GROUP BY node, waste_stream", params)
        return [{"node": row[0], "waste_stream": row[1], "items": int(row[2]), "kg": row[3],
                 "unweighed": int(row[4] or 0)} for row in cursor.fetchall()]


def _days_sql(later_sql: str, earlier_sql: str) -> str:
    if connection.vendor == "postgresql":
        return f"({later_sql} - {earlier_sql})"
    return f"CAST(julianday({later_sql}) - julianday({earlier_sql}) AS INTEGER)"


def _local_date_sql(column: str) -> tuple[str, list]:
    """The local calendar date of a UTC timestamp column (SQL, params)."""
    zone = settings.TIME_ZONE
    if connection.vendor == "postgresql":
        return f"CAST(({column} AT TIME ZONE %s) AS date)", [zone]
    offset = datetime.datetime.now(ZoneInfo(zone)).utcoffset() or datetime.timedelta(0)
    return f"date({column}, %s)", [f"{int(offset.total_seconds() // 60):+d} minutes"]


def _ageing(sql: str, params: list) -> dict:
    """Buckets, count, median and mean of the ``days`` column of ``sql`` (one query on PostgreSQL)."""
    buckets = ", ".join(
        f"SUM(CASE WHEN days BETWEEN {low} AND {high} THEN 1 ELSE 0 END)" if high is not None
        else f"SUM(CASE WHEN days >= {low} THEN 1 ELSE 0 END)" for low, high in AGEING_BUCKETS)
    postgres = connection.vendor == "postgresql"
    median_sql = ", percentile_cont(0.5) WITHIN GROUP (ORDER BY days)" if postgres else ""
    with connection.cursor() as cursor:
        # Negative waits (a decision dated after the destruction) land in no bucket but count.
        cursor.execute(f"SELECT COUNT(*), AVG(days), {buckets}{median_sql} FROM ({sql}) w", params)
        row = cursor.fetchone()
        total, mean = int(row[0] or 0), row[1]
        counts = [int(value or 0) for value in row[2:2 + len(AGEING_BUCKETS)]]
        median = None
        if total and postgres:
            median = Decimal(str(row[-1]))
        elif total:
            # SQLite has no percentile: the one or two middle rows by OFFSET.
            cursor.execute(f"SELECT days FROM ({sql}) w ORDER BY days LIMIT %s OFFSET %s",
                           [*params, 2 - total % 2, (total - 1) // 2])
            middle = [row[0] for row in cursor.fetchall()]
            median = Decimal(sum(middle)) / len(middle)
    return {"buckets": counts, "count": total, "median": median,
            "mean": float(mean) if mean is not None else None}


_DECISIONS = ("SELECT case_id, MIN(issued_on) AS decided FROM warehouse_legaldocument "
              "WHERE allows_disposal = %s GROUP BY case_id")


def destroyed_ageing(prefix: str, period: Period, stream: str = "") -> dict:
    """Days from the decision allowing disposal to the destruction, for items destroyed in the period."""
    destroyed_on, date_params = _local_date_sql("b.destroyed_at")
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min,
                                    tzinfo=ZoneInfo(settings.TIME_ZONE))
    stream_sql = " AND i.waste_stream = %s" if stream else ""
    sql = (f"SELECT {_days_sql(destroyed_on, 'd.decided')} AS days "
           "FROM destruction_batchitem bi JOIN destruction_destructionbatch b ON b.id = bi.batch_id "
           "JOIN accounts_agency a ON a.id = b.agency_id JOIN warehouse_item i ON i.id = bi.item_id "
           f"JOIN ({_DECISIONS}) d ON d.case_id = i.case_id "
           "WHERE bi.is_open = %s AND b.status = %s AND a.path LIKE %s "
           f"AND b.destroyed_at >= %s AND b.destroyed_at < %s{stream_sql}")
    adapt = connection.ops.adapt_datetimefield_value  # aware → what the backend stores (UTC)
    params = [*date_params, True, True, DestructionBatch.Status.COMPLETED, prefix + "%", adapt(start), adapt(end)]
    if stream:
        params.append(stream)
    return _ageing(sql, params)


def waiting_ageing(prefix: str, today: datetime.date, stream: str = "") -> dict:
    """Days since the decision allowing disposal, for the items still waiting (the backlog)."""
    waiting, params = _waiting_sql(prefix, stream)
    today_sql = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    sql = (f"SELECT {_days_sql(today_sql, 'd.decided')} AS days FROM {waiting} "
           f"JOIN ({_DECISIONS}) d ON d.case_id = waiting.case_id")
    return _ageing(sql, [today, *params, True])
