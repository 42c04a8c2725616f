"""Production hardening that every request passes through (issue 10).

- SecurityHeadersMiddleware: the Content-Security-Policy header (Django 5.2 has none built in).
  Our templates carry no inline script, no on*= handler and no style= attribute, so the policy
  allows scripts and styles from our own origin only.
- ActiveUserMiddleware: a user switched to inactive is logged out on their very next request
  (Django's ModelBackend already refuses inactive users; this also flushes the session so the
  browser gets a clean anonymous one, and logs it).
- end_sessions_of(user) + a signal: disabling a user deletes their sessions at once.
- LoginThrottleBackend: django-axes' backend, tolerant of code paths without a request
  (management commands, the test client); the login page always passes the request.
"""

import logging

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

security_log = logging.getLogger("custody.security")

# The admin's own pages (Django's templates, not ours) set a few inline styles.
_ADMIN_STYLE = "style-src 'self' 'unsafe-inline'"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            if request.path.startswith("/admin/"):
                policy = policy.replace("style-src 'self'", _ADMIN_STYLE)
            response["Content-Security-Policy"] = policy
        response.setdefault("Permissions-Policy", "geolocation=(), microphone=(), camera=(self)")
        return response


class ActiveUserMiddleware:
    """After AuthenticationMiddleware: a session whose user is no longer active ends now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session_user_id = request.session.get("_auth_user_id") if hasattr(request, "session") else None
        if session_user_id is not None and not request.user.is_authenticated:
            # The backend refused the session's user (disabled or deleted): drop the session.
            security_log.warning("session of disabled user %s ended on %s", session_user_id, request.path)
            logout(request)
        return self.get_response(request)


def end_sessions_of(user_id) -> int:
    """Delete every live session of ``user_id``; returns how many were deleted."""
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            doomed.append(session.pk)
    Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="end_sessions_when_disabled")
def _end_sessions_when_disabled(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance.is_active:
        return
    was_active = sender._default_manager.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        ended = end_sessions_of(instance.pk)
        security_log.warning("user %s disabled: %s session(s) ended", instance.pk, ended)


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None  # not a login form: nothing to throttle
        return super().authenticate(request, username=username, password=password, **kwargs)
