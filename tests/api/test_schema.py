"""The served OpenAPI description is the committed docs/openapi.json (regenerate: manage.py api_schema)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client


def test_served_schema_equals_the_committed_one(db):
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    committed = json.loads(Path(settings.BASE_DIR, "docs", "openapi.json").read_text(encoding="utf-8"))
    assert response.json() == committed, "docs/openapi.json is out of date: run `python manage.py api_schema`"


def test_check_command_agrees(db):
    call_command("api_schema", "--check")


def test_every_operation_needs_a_token_and_declares_its_errors():
    schema = json.loads(Path(settings.BASE_DIR, "docs", "openapi.json").read_text(encoding="utf-8"))
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("security") == [{"TokenAuth": []}], (method, path)
            assert {"401", "403", "404", "429"} <= set(operation["responses"]), (method, path)
