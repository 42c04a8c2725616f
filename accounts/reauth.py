"""Password re-entry for signing actions (approvals and rejections that carry the actor's name).

A signature must be given by the person, not by whoever finds an unlocked screen: the form of each
signing action carries a password field (templates/includes/reauth.html) and the view is wrapped
in ``@requires_password("<detail url name>")``. A wrong password signs nothing, is logged as a
SecurityEvent, and after REAUTH_FAILURE_LIMIT failures in REAUTH_WINDOW the user must wait (the
count lives in the database, so it holds across server processes).

Witness confirmations of a destruction and stocktake sign-offs check the password inside their
services (each witness types their own); this helper covers the one-person approvals.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import log_denial
from .models import SecurityEvent

FIELD = "password"
FAILURE_DETAIL = "signing password re-entry failed"
REAUTH_FAILURE_LIMIT = 5
REAUTH_WINDOW = timedelta(minutes=15)


def password_problem(request) -> str | None:
    """Why the POST does not carry the user's own password, or None when it does."""
    if not getattr(settings, "SIGNING_REQUIRES_PASSWORD", True):
        return None
    recent = SecurityEvent.objects.filter(
        user=request.user, kind=SecurityEvent.Kind.FORBIDDEN, detail__startswith=FAILURE_DETAIL,
        created_at__gte=timezone.now() - REAUTH_WINDOW).count()
    if recent >= REAUTH_FAILURE_LIMIT:
        return _("Too many wrong passwords: try again in 15 minutes.")
    if not request.user.check_password(request.POST.get(FIELD, "")):
        log_denial(request, SecurityEvent.Kind.FORBIDDEN, f"{FAILURE_DETAIL} on {request.resolver_match.view_name}")
        return _("Your password is not correct: nothing was signed.")
    return None


def requires_password(detail_url_name: str):
    """Wrap a POST view of a signing action; on a wrong password go back to ``detail_url_name``."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            problem = password_problem(request)
            if problem:
                messages.error(request, problem)
                return redirect(detail_url_name, **kwargs)
            return view(request, *args, **kwargs)

        wrapper.requires_password = True
        return wrapper

    return decorate
