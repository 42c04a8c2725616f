"""One report, three outputs: the tables and charts of a finance Report for the HTML page, a CSV
that Excel opens with Chinese intact (UTF-8 with BOM) and a bilingual PDF (labels.pdf).

Every label is an English msgid; the PDF and the CSV print the Chinese translation and the English
side by side (``bi``), the page shows the user's language.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from reportlab.lib.pagesizes import A4, landscape

from destruction.waste import METHOD_NAMES_EN, METHOD_NAMES_ZH, Method
from labels.pdf import BilingualDocument
from warehouse.models import Item

from .charts import Chart, Series
from .models import Category
from .reports import Report, bucket_labels


def bi(text) -> str:
    """'中文 English' for bilingual documents."""
    with translation.override("zh-hans"):
        zh = str(text)
    with translation.override("en"):
        en = str(text)
    return zh if zh == en else f"{zh} {en}"


class Text:
    """A label rendered per mode: "page" (current language) or "bi" (Chinese and English)."""

    def __init__(self, lazy, *, zh: str = "", en: str = ""):
        self.lazy, self.zh, self.en = lazy, zh, en

    def render(self, mode: str) -> str:
        if self.lazy is None:
            if mode == "bi":
                return self.zh if self.zh == self.en else f"{self.zh} {self.en}"
            return self.zh if translation.get_language().startswith("zh") else self.en
        return bi(self.lazy) if mode == "bi" else str(self.lazy)

    def __str__(self):
        return self.render("page")


def method_text(method: str) -> Text:
    if not method:
        return Text(_("Not set"))
    return Text(None, zh=METHOD_NAMES_ZH[Method(method)], en=METHOD_NAMES_EN[Method(method)])


def agency_text(agency) -> Text:
    if agency is None:
        return Text(_("All agencies"))
    zh = f"{agency.name}（{agency.code}）"
    return Text(None, zh=zh, en=f"{agency.name_en} ({agency.code})" if agency.name_en else zh)


@dataclass
class Table:
    key: str
    title: object
    columns: list
    rows: list[list] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)  # agency code to drill into, per row
    note: object = None

    @property
    def lines(self) -> list[tuple[str | None, list]]:
        """(drill-down agency code or None, row) pairs for the page."""
        return [(self.links[index] if index < len(self.links) else None, row) for index, row in enumerate(self.rows)]


RATE_SOURCES = {
    "override": _("Rate set by the agency"),
    "derived": _("Derived from past batches in scope"),
    "derived_national": _("Derived from past batches nationwide"),
    "none": _("No rate: no past batches"),
}


def forecast_text(report: Report) -> str:
    f = report.forecast
    values = {"left": money(f["money_left"]), "month": f["runout_month"], "year": report.filters.period.year,
              "balance": money(f["year_end_balance"]), "short": money(-f["money_left"])}
    if f["status"] == "closed":
        return _("The year %(year)s is closed: the balance at its end was %(balance)s yuan.") % values
    if f["status"] == "short":
        return _("The budget does not cover what is committed and waiting: %(short)s yuan are missing.") % values
    if f["status"] == "runs_out":
        return _("At the present rate the budget runs out in month %(month)s of %(year)s.") % values
    return _("The budget lasts the year: about %(balance)s yuan are expected to remain at the end of "
             "%(year)s.") % values


def money(value) -> str:
    return "—" if value is None else f"{value:,.2f}"


def cell(value) -> str:
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, Decimal):
        return money(value)
    if value is None:
        return "—"
    return str(value)


def tables(report: Report) -> list[Table]:
    result = []
    money_columns = [_("Budget"), _("Spent from the budget"), _("Paid by others"), _("Committed"), _("Remaining"),
                     _("Used %")]

    def line_cells(line):
        return [line.budget, line.actual, line.other, line.committed, line.remaining,
                None if line.used_percent is None else f"{line.used_percent}"]

    agencies = Table("by_agency", _("Budget, spending and commitments by agency"),
                     [_("Agency"), *money_columns, _("Items waiting"), _("Backlog cost")])
    for line in report.by_agency:
        agencies.rows.append([agency_text(line.agency), *line_cells(line), line.backlog_items, line.backlog_cost])
        agencies.links.append(None if line.is_root else line.agency.code)
    agencies.rows.append([Text(_("Total")), *line_cells(report.total), report.backlog_total["items"],
                          report.backlog_total["cost"]])
    agencies.links.append(None)
    result.append(agencies)

    categories = Table("by_category", _("By category"), [_("Category"), _("Original budget"), *money_columns])
    for code, line in report.by_category:
        categories.rows.append([Text(Category(code).label), line.original, *line_cells(line)])
    result.append(categories)

    category_codes = [code for code, _line in report.by_category]
    months = Table("by_month", _("By month"), [_("Month"), *[Category(code).label for code in category_codes],
                                               _("Paid by others"), _("Committed")])
    for row in report.by_month:
        months.rows.append([f"{report.filters.period.year}-{row['month']:02d}",
                            *[row["by_category"].get(code, Decimal("0.00")) for code in category_codes],
                            row["other"], row["committed"]])
    result.append(months)

    destruction = Table("destruction", _("Destruction cost by waste stream and method"),
                        [_("Waste stream"), _("Method"), _("Cost"), _("Weight (kg)"), _("Items"), _("Cost per kg"),
                         _("Cost per item")],
                        note=_("A batch's costs are shared among its waste streams by the weight weighed in at the "
                               "facility (by item count when nothing was weighed)."))
    for row in report.destruction:
        destruction.rows.append([Text(Item.WasteStream(row["stream"]).label), method_text(row["method"]),
                                 row["amount"], row["kg"], row["items"], row["per_kg"], row["per_item"]])
    for row in report.destruction_by_method:
        destruction.rows.append([Text(_("All streams")), method_text(row["method"]), row["amount"], row["kg"],
                                 row["items"], row["per_kg"], row["per_item"]])
    if report.destruction_unallocated:
        destruction.rows.append([Text(_("Batches without items")), "", report.destruction_unallocated, None, None,
                                 None, None])
    result.append(destruction)

    backlog = Table("backlog", _("Backlog waiting for destruction and its expected cost"),
                    [_("Waste stream"), _("Items waiting"), _("Weight (kg)"), _("Items without weight"),
                     _("Rate per kg"), _("Rate per item"), _("Source of the rate"), _("Expected cost")])
    rate_of = {rate.stream: rate for rate in report.rates}
    for row in report.backlog:
        rate = rate_of[row["stream"]]
        source = Text(RATE_SOURCES[rate.source])
        if rate.source_agency is not None:
            source = Text(None, zh=f"{bi_part(RATE_SOURCES['override'], 'zh')}（{rate.source_agency.name}）",
                          en=f"{bi_part(RATE_SOURCES['override'], 'en')} ({rate.source_agency.code})")
        backlog.rows.append([Text(Item.WasteStream(row["stream"]).label), row["items"], row["kg"], row["unweighed"],
                             rate.per_kg, rate.per_item, source, row["cost"]])
    result.append(backlog)

    f = report.forecast
    forecast = Table("forecast", _("Forecast: will the budget last?"), [_("Figure"), _("Yuan")],
                     note=_("Commitments and the backlog are counted as due now; other spending continues at the "
                            "average monthly spending of the year so far."))
    for label, value in [(_("Budget"), f["budget"]), (_("Spent from the budget so far"), f["spent"]),
                         (_("Committed (approved batches)"), f["committed"]), (_("Backlog cost"), f["backlog"]),
                         (_("Left after commitments and backlog"), f["money_left"]),
                         (_("Monthly spending (run rate)"), f["run_rate"]),
                         (_("Expected balance at the end of the year"), f["year_end_balance"])]:
        forecast.rows.append([Text(label), value])
    forecast.rows.append([Text(_("Outlook")), Text(None, zh=_bi_render(forecast_text, report, "zh-hans"),
                                                   en=_bi_render(forecast_text, report, "en"))])
    result.append(forecast)

    ageing = Table("ageing", _("Storage ageing: days from the decision allowing disposal"),
                   [_("Items"), *bucket_labels(), _("Count"), _("Median (days)"), _("Mean (days)")])
    for label, data in [(_("Destroyed in the period (decision → destruction)"), report.ageing_destroyed),
                        (_("Still waiting (decision → today)"), report.ageing_waiting)]:
        ageing.rows.append([Text(label), *data["buckets"], data["count"],
                            None if data["median"] is None else f"{data['median']:.1f}",
                            None if data["mean"] is None else f"{data['mean']:.1f}"])
    result.append(ageing)
    return result


def bi_part(lazy, language: str) -> str:
    with translation.override("zh-hans" if language == "zh" else "en"):
        return str(lazy)


def _bi_render(function, report, language: str) -> str:
    with translation.override(language):
        return str(function(report))


def charts(report: Report, mode: str = "page") -> list[Chart]:
    def t(lazy):
        return bi(lazy) if mode == "bi" else str(lazy)

    def num(value):
        return None if value is None else float(value)

    year = report.filters.period.year
    result = [Chart(
        title=t(_("Spending by month (yuan)")),
        categories=[str(row["month"]) for row in report.by_month],
        series=[Series(t(_("Spent from the budget")), [num(sum(row["by_category"].values(), Decimal(0)))
                                                       for row in report.by_month]),
                Series(t(_("Paid by others")), [num(row["other"]) for row in report.by_month]),
                Series(t(_("Committed")), [num(row["committed"]) for row in report.by_month])])]
    f = report.forecast
    result.append(Chart(
        title=f"{t(_('Cumulative spending and forecast against the budget'))} {year}",
        categories=[str(month) for month in range(1, 13)],
        series=[Series(t(_("Spent so far")), [num(v) if m <= f["elapsed_months"] else None
                                              for m, v in enumerate(f["cumulative"], start=1)], kind="line"),
                Series(t(_("Forecast")), [num(v) if m >= max(f["elapsed_months"], 1) else None
                                          for m, v in enumerate(f["cumulative"], start=1)], kind="line"),
                Series(t(_("Budget")), [num(f["budget"])] * 12, kind="line")]))
    # The fifteen largest lines by budget: a province has 20 or more cities, the country 31 provinces.
    lines = sorted(report.by_agency, key=lambda line: -(line.budget + line.actual + line.committed))[:15]
    result.append(Chart(
        title=t(_("Budget and use by agency (yuan)")), horizontal=True,
        categories=[(line.agency.name if line.agency else "") for line in lines],
        series=[Series(t(_("Budget")), [num(line.budget) for line in lines]),
                Series(t(_("Spent and committed")), [num(line.actual + line.committed) for line in lines])]))
    if report.destruction_by_stream:
        rows = report.destruction_by_stream
        result.append(Chart(
            title=t(_("Destruction cost per kg by waste stream (yuan)")),
            categories=[t(Item.WasteStream(row["stream"]).label) for row in rows],
            series=[Series(t(_("Cost per kg")), [num(row["per_kg"]) for row in rows])]))
    result.append(Chart(
        title=t(_("Storage ageing (items per bucket of days)")), categories=bucket_labels(),
        series=[Series(t(_("Destroyed in the period")), report.ageing_destroyed["buckets"]),
                Series(t(_("Still waiting")), report.ageing_waiting["buckets"])]))
    return result


def scope_facts(report: Report) -> list[tuple[str, str]]:
    period = report.filters.period
    facts = [
        (bi(_("Agency")), agency_text(report.root).render("bi")),
        (bi(_("Period")), f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}"),
        (bi(_("Category")), bi(Category(report.filters.category).label) if report.filters.category
         else bi(_("All categories"))),
        (bi(_("Waste stream")), bi(Item.WasteStream(report.filters.stream).label) if report.filters.stream
         else bi(_("All streams"))),
        (bi(_("As of")), f"{report.as_of:%Y-%m-%d}"),
    ]
    return facts


def csv_bytes(report: Report) -> bytes:
    """UTF-8 with a BOM so Excel shows the Chinese; bilingual headings; plain numbers (no separators)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([bi(_("Destruction budget report"))])
    for key, value in scope_facts(report):
        writer.writerow([key, value])
    for table in tables(report):
        writer.writerow([])
        writer.writerow([bi(table.title)])
        writer.writerow([bi(column) if not isinstance(column, str) else column for column in table.columns])
        for row in table.rows:
            writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value) -> str:
    if isinstance(value, Text):
        return value.render("bi")
    if value is None:
        return ""
    return str(value)


def pdf_bytes(report: Report, checkpoint=None) -> bytes:
    doc = BilingualDocument(title_zh="涉案物品环境无害化处理经费报告", title_en="Destruction budget report",
                            generated_at=report.generated_at, checkpoint=checkpoint, pagesize=landscape(A4))
    doc.facts(scope_facts(report))
    chart_list = charts(report, mode="bi")
    placed = {"by_month": [0, 1], "by_agency": [2], "destruction": [3] if report.destruction_by_stream else [],
              "ageing": [len(chart_list) - 1]}
    for table in tables(report):
        zh, en = bi_part(table.title, "zh"), bi_part(table.title, "en")
        doc.heading(zh, en if en != zh else "")
        if table.note is not None:
            doc.paragraph(bi(table.note))
        for index in placed.get(table.key, []):
            chart = chart_list[index]
            # Fit the frame (its padding is 6 pt a side) and the page height of a landscape A4.
            scale = min((doc.content_width - 12) / chart.width, 300 / chart.height)
            doc.drawing(chart.drawing(doc.font.name, width=chart.width * scale))
        header = [bi(column) if not isinstance(column, str) else column for column in table.columns]
        first = 0.24 if len(header) > 2 else 0.5
        widths = [first] + [(1 - first) / (len(header) - 1)] * (len(header) - 1)
        doc.table(header, [[_pdf_value(value) for value in row] for row in table.rows], column_widths=widths)
    return doc.build()


def _pdf_value(value) -> str:
    if isinstance(value, Text):
        return value.render("bi")
    return cell(value)
