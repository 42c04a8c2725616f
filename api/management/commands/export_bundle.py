"""Write the signed bundle of a case to a file (or stdout), as the given user."""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.bundles import export_case
from warehouse.access import cases_visible_to


class Command(BaseCommand):
    help = "Export a case as a signed bundle (custody-case-bundle/1)."

    def add_arguments(self, parser):
        parser.add_argument("case_number")
        parser.add_argument("--user", required=True)
        parser.add_argument("--out", help="file to write (default: stdout)")

    def handle(self, case_number, user, out=None, **options):
        actor = get_user_model().objects.get(username=user)
        case = cases_visible_to(actor).filter(case_number=case_number).first()
        if case is None:
            raise CommandError(f"no case {case_number} in {user}'s scope")
        text = json.dumps(export_case(actor=actor, case=case), ensure_ascii=False, indent=1)
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text + "\n")
