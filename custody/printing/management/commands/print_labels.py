"""Print labels from the command line (print servers): the same service path as the web pages.

    python manage.py print_labels --user custodian --case "深市监稽罚〔2026〕12号" --layout a4-3x7 -o case.pdf
    python manage.py print_labels --user custodian --items S440305-0000001-N S440305-0000002-Y -o two.pdf
    python manage.py print_labels --user custodian --locations KS440300-00001-B --layout thermal-50x30 -o loc.pdf

Printing item labels is a ledger event (LABEL_ISSUED, or LABEL_REPRINTED with a new label revision),
recorded for ``--user``, who must hold the permission and see the items.
"""

import hashlib
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.errors import DomainError
from accounts.models import User
from custody.intake.models import RegistrationBatch
from custody.printing import selectors as printing_selectors
from custody.printing import services as label_service
from custody.printing.models import PrintJob
from labels.codes import normalise_scan
from labels.layouts import LAYOUTS
from warehouse.access import cases_visible_to, items_visible_to, locations_operated_by


class Command(BaseCommand):
    help = "Print item or location labels to a PDF file (a ledger event for item labels)."

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--case", metavar="NUMBER", help="every label of one case")
        what.add_argument("--batch", type=int, metavar="SEQ", help="the items registered together (batch number)")
        what.add_argument("--items", nargs="+", metavar="CODE", help="item codes")
        what.add_argument("--locations", nargs="+", metavar="CODE", help="location codes")
        parser.add_argument("--layout", default="a4-3x7", choices=sorted(LAYOUTS), help="label stock")
        parser.add_argument("--start", type=int, default=1, help="first free position on the first sheet")
        parser.add_argument("--user", required=True, metavar="USERNAME", help="who prints (the ledger's actor)")
        parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf")

    def handle(self, *args, case, batch, items, locations, layout, start, user, output, **options):
        actor = User.objects.filter(username=user, is_active=True).select_related("agency").first()
        if actor is None:
            raise CommandError(f"no active user {user!r}")
        kind, title, ids = self._selection(actor, case, batch, items, locations)
        target = Path(output)
        partial = target.with_name(target.name + ".part")
        job = None
        try:
            job = label_service.create_print_job(actor=actor, kind=kind, title=title, object_ids=ids,
                                                 layout=layout, start=start)
            with open(partial, "wb") as out:
                report = label_service.run_print_job(job, out)
        except DomainError as error:
            partial.unlink(missing_ok=True)
            if job is not None:
                label_service.finish_job(job, status=PrintJob.Status.FAILED, error=str(error.message))
            raise CommandError(str(error.message)) from None
        os.replace(partial, target)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        label_service.finish_job(job, status=PrintJob.Status.DONE, sha256=digest)
        for code, characters in sorted(report.missing_glyphs.items()):
            sys.stderr.write(f"warning: {code}: the font lacks {''.join(sorted(characters))} (printed as □)\n")
        self.stdout.write(f"{report.labels} labels on {report.pages} pages → {target} (SHA-256 {digest})")

    def _selection(self, actor, case, batch, items, locations):
        if case:
            found = cases_visible_to(actor).filter(case_number=case).first()
            if found is None:
                raise CommandError(f"no case {case!r} in {actor.username}'s scope")
            return (PrintJob.Kind.ITEMS, f"案件 Case {found.case_number}",
                    printing_selectors.case_label_item_ids(actor, found))
        if batch:
            found = RegistrationBatch.objects.filter(first_seq=batch, case__in=cases_visible_to(actor)).first()
            if found is None:
                raise CommandError(f"no registration batch {batch} in {actor.username}'s scope")
            return PrintJob.Kind.ITEMS, f"批次 Batch {batch}", printing_selectors.batch_item_ids(actor, found)
        if items:
            codes = [normalise_scan(code) for code in items]
            found = dict(items_visible_to(actor).filter(code__in=codes).values_list("code", "pk"))
            missing = [code for code in codes if code not in found]
            if missing:
                raise CommandError(f"not in {actor.username}'s scope or unknown: {', '.join(missing)}")
            return PrintJob.Kind.ITEMS, f"{len(codes)} 件 items", [found[code] for code in dict.fromkeys(codes)]
        codes = [normalise_scan(code) for code in locations]
        found = dict(locations_operated_by(actor).filter(code__in=codes).values_list("code", "pk"))
        missing = [code for code in codes if code not in found]
        if missing:
            raise CommandError(f"not a location of {actor.username}'s warehouses: {', '.join(missing)}")
        return PrintJob.Kind.LOCATIONS, f"{len(codes)} 库位 locations", [found[code] for code in dict.fromkeys(codes)]
