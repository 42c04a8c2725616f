"""JSON errors of the machine interface: one shape, a stable code, the message in both languages.

{"error": {"code": "...", "message": "<request's language>", "message_zh": "...", "message_en": "...",
           "details": [...] or null}}
"""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

MESSAGES = {
    "not_found": _("Not found, or not within your agency's scope."),
    "unauthenticated": _("Send a valid API token: “Authorization: Bearer <token>”. It may have expired or "
                         "been revoked."),
    "throttled": _("Too many requests with this token. Wait and try again."),
    "validation_error": _("The request is not valid: see details."),
    "bad_characters": _("The request contains a NUL character."),
    "busy": _("The system is busy. Please try again in a moment."),
    "server_error": _("An unexpected error occurred; it has been logged."),
    "http_error": _("The request could not be carried out."),
}


def _in(language: str, message) -> str:
    with translation.override(language):
        return str(message)


def error_body(code: str, message=None, details=None) -> dict:
    """``message`` is best lazy: it is rendered in each language. A message already formatted (a str)
    reads the same in all three fields."""
    message = message if message is not None else MESSAGES.get(code, MESSAGES["http_error"])
    body = {"code": code, "message": str(message), "details": details}
    if isinstance(message, Promise):
        body["message_zh"], body["message_en"] = _in("zh-hans", message), _in("en", message)
    else:
        body["message_zh"] = body["message_en"] = str(message)
    return {"error": body}


def error_response(status: int, code: str, message=None, details=None) -> JsonResponse:
    response = JsonResponse(error_body(code, message, details), status=status,
                            json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="custody"'
    if status == 503:
        response["Retry-After"] = "2"
    return response
