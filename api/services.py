"""Writes of the machine interface: tokens (create, revoke), trusted peers, the audit log."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import Conflict, InvalidInput, NotAllowed

from .models import ApiAuditLog, ApiToken, TrustedPeer
from .signing import fingerprint, load_public_key

TOKEN_PREFIX = "cst_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(*, actor, name: str, expires_on: datetime.date) -> tuple[ApiToken, str]:
    """A new token for ``actor`` and its secret, which is shown once and never stored."""
    if not actor.is_active or not actor.has_perm("api.use_api"):
        raise NotAllowed(_("Your role does not allow this action."), code="permission_denied")
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Give the token a name, e.g. the system or scanner that will use it."),
                           code="token_name_missing")
    today = timezone.localdate()
    if expires_on <= today:
        raise InvalidInput(_("The expiry date must be in the future."), code="token_expiry_past")
    if expires_on > today + datetime.timedelta(days=settings.API_TOKEN_MAX_DAYS):
        raise InvalidInput(_("A token may be valid for at most %(days)s days.") % {"days": settings.API_TOKEN_MAX_DAYS},
                           code="token_expiry_too_far")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    # The token ends at the end of its last day, local time.
    expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
    token = ApiToken(user=actor, name=name[:80], prefix=secret[:12], token_hash=hash_secret(secret),
                     expires_at=expires_at)
    token._history_user = actor
    token.save()
    return token, secret


def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.user_id != actor.pk:
            raise NotAllowed(code="not_your_token")
        if token.revoked_at is not None:
            raise Conflict(_("This token was already revoked."), code="token_revoked")
        token.revoked_at = timezone.now()
        token._history_user = actor
        token._change_reason = "revoked"
        token.save()
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The active token with this secret (its user active too), or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (ApiToken.objects.select_related("user", "user__agency")
             .filter(token_hash=hash_secret(secret), revoked_at__isnull=True, expires_at__gt=timezone.now())
             .first())
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        # At most one write a minute per token; last_used_at is left out of the field history.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def add_trusted_peer(*, actor=None, name: str, public_key_pem: str) -> TrustedPeer:
    if actor is not None and not actor.has_perm("api.add_trustedpeer"):
        raise NotAllowed(_("Your role does not allow this action."), code="permission_denied")
    try:
        key = load_public_key(public_key_pem)
    except ValueError:
        raise InvalidInput(_("This is not an Ed25519 public key in PEM format."), code="bad_public_key") from None
    peer_fingerprint = fingerprint(key)
    if TrustedPeer.objects.filter(fingerprint=peer_fingerprint).exists():
        raise Conflict(_("This key is already registered."), code="peer_exists")
    peer = TrustedPeer(name=name.strip(), public_key=public_key_pem.strip() + "\n", fingerprint=peer_fingerprint,
                       added_by=actor)
    peer._history_user = actor
    peer.save()
    return peer


def audit(*, token: ApiToken | None, user, method: str, path: str, status: int, client_event_id: str = "",
          ip_address: str | None = None) -> None:
    ApiAuditLog.objects.create(token=token, user=user, method=method, path=path[:500], status=status,
                               client_event_id=client_event_id[:64], ip_address=ip_address)
