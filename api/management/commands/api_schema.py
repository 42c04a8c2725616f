"""Write the OpenAPI description to docs/openapi.json (tests/api/test_schema.py fails when it differs)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


def schema_json() -> str:
    from api.main import api

    return json.dumps(api.get_openapi_schema(path_prefix="/api/"), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Regenerate docs/openapi.json from the code."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Exit non-zero when the file is out of date.")

    def handle(self, *args, check=False, **options):
        path = Path(settings.BASE_DIR, "docs", "openapi.json")
        text = schema_json()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise SystemExit("docs/openapi.json is out of date: run `python manage.py api_schema`.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {path}")
