"""The NinjaAPI instance: token auth, per-token throttling, one JSON error shape."""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from accounts.errors import DomainError

from .auth import TokenAuth, TokenThrottle
from .endpoints import actions, reads
from .errors import error_response

log = logging.getLogger(__name__)
_LOCK_MARKERS = ("lock timeout", "database is locked", "could not obtain lock", "deadlock detected")

api = NinjaAPI(
    title="Custody API / 涉案物品监管接口",
    version="1.0",
    description="JSON interface for case-handling systems, handheld scanners and other agencies' custody centres. "
                "Authenticate with a personal API token (Authorization: Bearer …); see docs/api.md.",
    auth=TokenAuth(),
    throttle=[TokenThrottle()],
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url=None,  # no Swagger UI: it loads scripts from a CDN, and the system runs on closed networks
)
api.add_router("", reads.router)
api.add_router("", actions.router)


@api.exception_handler(DomainError)
def _domain_error(request, exc):
    return error_response(exc.status, exc.code, exc.message)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(404, "not_found")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    details = [{"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", "")),
                "type": str(error.get("type", ""))} for error in exc.errors]
    return error_response(422, "validation_error", details=details)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error_response(401, "unauthenticated")


@api.exception_handler(Throttled)
def _throttled(request, exc):
    return error_response(429, "throttled")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return error_response(exc.status_code, "http_error")


@api.exception_handler(OperationalError)
def _operational(request, exc):
    if any(marker in str(exc).lower() for marker in _LOCK_MARKERS):
        log.warning("lock wait gave up on %s: %s", request.path, exc)
        return error_response(503, "busy")
    raise exc


@api.exception_handler(Exception)
def _unexpected(request, exc):
    log.exception("API error on %s %s", request.method, request.path)
    return error_response(500, "server_error")
