"""The destruction budget report from the command line, as CSV or bilingual PDF.

    python manage.py budget_report --year 2026 --agency S440300 --format pdf -o report.pdf

Without --agency the report covers every agency (the top-level agencies are its lines).
"""

from django.core.management.base import BaseCommand, CommandError

from destruction import checkpoint
from finance.exports import csv_bytes, pdf_bytes
from finance.models import Category
from finance.queries import Period
from finance.reports import Filters, build_report
from finance.selectors import agency_by_code
from warehouse.models import Item


class Command(BaseCommand):
    help = "Write the destruction budget report (budget vs actual vs committed, costs, backlog, ageing)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--agency", default="", help="agency code, e.g. S440300 (type letter + division code)")
        parser.add_argument("--format", choices=["csv", "pdf"], default="csv")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--from-month", type=int, default=1, choices=range(1, 13))
        parser.add_argument("--to-month", type=int, default=12, choices=range(1, 13))
        parser.add_argument("--category", default="", choices=["", *Category.values])
        parser.add_argument("--stream", default="", choices=["", *Item.WasteStream.values])

    def handle(self, *args, year, agency, format, output, from_month, to_month, category, stream, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be between 2000 and 2100")
        if from_month > to_month:
            raise CommandError("--from-month must not come after --to-month")
        root = None
        if agency:
            root = agency_by_code(agency)
            if root is None:
                raise CommandError(f"No agency with code {agency!r} (type letter + 6-digit division code).")
        report = build_report(root=root, filters=Filters(Period(year, from_month, to_month), category, stream))
        data = csv_bytes(report) if format == "csv" else pdf_bytes(report, checkpoint=checkpoint.for_pdf())
        with open(output, "wb") as handle:
            handle.write(data)
        self.stdout.write(f"{output}: {len(data):,} bytes")
