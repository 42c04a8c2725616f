"""Turn errors that escaped a view into a clear page instead of a 500.

A domain error carries its own status (403 not allowed, 409 conflict...). A database lock wait
that timed out is a temporary condition: 503, try again.
"""

import logging

from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .access import log_denial
from .errors import DomainError
from .models import SecurityEvent

log = logging.getLogger(__name__)

_LOCK_MARKERS = ("lock timeout", "database is locked", "could not obtain lock", "deadlock detected")


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            # A refusal that reached no view's own handling: log it (once).
            if exception.status == 403 and not getattr(request, "_denial_logged", False):
                log_denial(request, SecurityEvent.Kind.FORBIDDEN, f"{exception.code}: {exception.message}")
            return _error_page(request, exception.status, exception.message, exception.code)
        if isinstance(exception, OperationalError) and any(m in str(exception).lower() for m in _LOCK_MARKERS):
            log.warning("lock wait gave up on %s: %s", request.path, exception)
            return _error_page(request, 503, _("The system is busy. Please try again in a moment."), "busy")
        return None


def _error_page(request, status, message, code):
    if request.path.startswith("/api/") or request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"error": {"code": code, "message": str(message)}}, status=status)
    response = render(request, "error.html", {"status": status, "message": message}, status=status)
    if status == 503:
        response["Retry-After"] = "2"
    return response
