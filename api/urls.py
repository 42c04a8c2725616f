"""URLs of the machine interface, mounted at /api/.

Each ninja view is wrapped: token-authenticated, so exempt from LoginRequiredMiddleware (ninja's
views are already CSRF-exempt; a browser session is not accepted); requests carrying a NUL
character are refused before they reach the database; every write is written to ApiAuditLog.
"""

from __future__ import annotations

import functools
import json

from .errors import error_response
from .main import api
from .services import audit

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _client_event_id(request) -> str:
    if "json" not in request.content_type:
        return ""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return ""
    value = data.get("client_event_id") if isinstance(data, dict) else None
    return str(value)[:64] if value else ""


def _has_nul(request) -> bool:
    return "\x00" in request.path or any("\x00" in key or any("\x00" in v for v in values)
                                         for key, values in request.GET.lists())


def _wrap(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = error_response(400, "bad_characters") if _has_nul(request) else view(request, *args, **kwargs)
        if request.method not in SAFE_METHODS:
            token = getattr(request, "api_token", None)
            audit(token=token, user=token.user if token else None, method=request.method, path=request.path,
                  status=response.status_code, client_event_id=_client_event_id(request),
                  ip_address=request.META.get("REMOTE_ADDR") or None)
        return response

    wrapped.login_required = False
    wrapped.csrf_exempt = True
    return wrapped


patterns, app_name, namespace = api.urls
for pattern in patterns:
    pattern.callback = _wrap(pattern.callback)
urlpatterns = patterns
