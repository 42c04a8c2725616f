"""The API's routers; shared helpers for permission checks, lookups and pagination."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.access import log_denial
from accounts.errors import NotAllowed
from accounts.models import SecurityEvent

from ..schemas import ErrorOut

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut,
          429: ErrorOut, 503: ErrorOut}
MAX_PAGE_SIZE = 200


def responses(ok_schema, status: int = 200) -> dict:
    return {status: ok_schema, **ERRORS}


def require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        log_denial(request, SecurityEvent.Kind.FORBIDDEN, permission)
        raise NotAllowed(_("Your role does not allow this action."), code="permission_denied")


def get_or_404(request, queryset, **lookup):
    """Like accounts.access.get_in_scope_or_404: out of scope reads as not found, and is logged."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        model = queryset.model
        if model._default_manager.filter(**lookup).exists():
            log_denial(request, SecurityEvent.Kind.OUT_OF_SCOPE, f"{model._meta.label} {lookup}")
        raise Http404
    return obj


def paginate(queryset, page: int, page_size: int, convert) -> dict:
    count = queryset.count()
    start = (page - 1) * page_size
    rows = list(queryset[start:start + page_size]) if start < count else []
    return {"count": count, "page": page, "page_size": page_size,
            "next_page": page + 1 if start + page_size < count else None, "items": [convert(row) for row in rows]}
