"""Scoping: a user sees what belongs to their agency and to the agencies below it.

Every list and detail view goes through ``scope`` / ``get_in_scope_or_404``; an object outside
the user's scope answers 404 (not 403, so its existence is not confirmed) and the denial is logged.
"""

import logging

from django.db.models import Q
from django.http import Http404

from .models import Agency, SecurityEvent

security_log = logging.getLogger("custody.security")


def visible_agency_ids(user) -> list[int]:
    """Ids of the user's agency and every agency below it (cached on the user object)."""
    cached = getattr(user, "_visible_agency_ids", None)
    if cached is None:
        if not user.is_authenticated or user.agency_id is None:
            cached = []
        else:
            prefix = Agency.objects.filter(pk=user.agency_id).values_list("path", flat=True).first() or "-"
            cached = list(Agency.objects.filter(path__startswith=prefix).values_list("pk", flat=True))
        user._visible_agency_ids = cached
    return cached


def scope(queryset, user, *agency_fields: str):
    """Keep the rows whose agency (any of ``agency_fields``) is in the user's subtree."""
    ids = visible_agency_ids(user)
    condition = Q()
    for field in agency_fields:
        condition |= Q(**{f"{field}__in": ids})
    return queryset.filter(condition)


def log_denial(request, kind: str, detail: str = "") -> None:
    request._denial_logged = True  # error handlers further out log only what was not logged here
    user = request.user if request.user.is_authenticated else None
    SecurityEvent.objects.create(
        kind=kind,
        user=user,
        path=request.get_full_path()[:500],
        detail=detail[:500],
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )
    security_log.warning("%s user=%s path=%s %s", kind, user, request.path, detail)


def get_in_scope_or_404(request, scoped_queryset, **lookup):
    """The object matching ``lookup`` in the scoped queryset, or 404 with the denial logged."""
    obj = scoped_queryset.filter(**lookup).first()
    if obj is None:
        model = scoped_queryset.model
        if model._default_manager.filter(**lookup).exists():
            log_denial(request, SecurityEvent.Kind.OUT_OF_SCOPE, f"{model._meta.label} {lookup}")
        raise Http404
    return obj
