"""Token authentication and per-token throttling."""

from __future__ import annotations

from django.conf import settings
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from .services import token_for_secret


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cst_…``. The token's user becomes ``request.user``, so every
    permission and scope check is the web pages' own; a browser session is not accepted (no CSRF
    questions arise)."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        api_token = token_for_secret(token or "")
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        return api_token


class TokenThrottle(SimpleRateThrottle):
    """At most settings.API_THROTTLE_RATE requests per token (read at each request, so it can be
    changed without a restart of the throttle objects)."""

    scope = "token"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def allow_request(self, request):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        token = getattr(request, "api_token", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
