"""Property-based fuzzing of the whole API against its own OpenAPI description (schemathesis), in
process against the WSGI app, with a valid token: no server error, every answer conforms to the
schema (status code and body). Bounded (a few examples per operation) so it stays well under 90 s."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from config.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES = 25


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection when a request finishes; the test's
    transaction lives on it (Django's test client disconnects the same handlers)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def scene(world, api_as, keep_connection):
    case = world.case()
    world.items(case, 3)
    return api_as(world.custodian)


def _fuzz(operation, headers, failures):
    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Exception as error:  # noqa: BLE001 (collected: every failing operation is reported at once)
        failures.append(f"{operation.method.upper()} {operation.path}: {error}"[:3000])


def test_fuzz_every_operation(scene):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    headers = {"Authorization": f"Bearer {scene.secret}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operations += 1
        _fuzz(result.ok(), headers, failures)
    assert operations >= 20
    assert failures == [], "\n\n".join(failures)
