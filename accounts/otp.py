"""The second factor: a time-based one-time password (TOTP, RFC 6238) per user (django-otp).

Roles named in settings.OTP_REQUIRED_ROLES (production: supervisor, administrator) must, after
their password, enter the six-digit code from an authenticator app. A user without a device is
sent to the enrolment page first: it shows a QR code drawn on the server (qrcode, SVG) and asks
for one code to prove the app holds the key. Until the session is verified, every page except
enrolment, verification, logging out and switching the language redirects there.
"""

import base64
import io
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import log_denial
from .models import SecurityEvent

DEVICE_NAME = "authenticator"


def otp_required_for(user) -> bool:
    roles = set(settings.OTP_REQUIRED_ROLES)
    if not roles or not user.is_authenticated:
        return False
    cached = getattr(user, "_otp_required", None)
    if cached is None:
        cached = user.groups.filter(name__in=roles).exists()
        user._otp_required = cached
    return cached


class OTPRequiredMiddleware:
    """After django_otp's OTPMiddleware: unverified sessions of OTP roles only reach the OTP pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and otp_required_for(user) and not user.is_verified():
            allowed = {reverse("otp-setup"), reverse("otp-verify"), reverse("logout"), reverse("set_language")}
            if request.path not in allowed and not request.path.startswith(f"/{settings.STATIC_URL.strip('/')}/"):
                if request.path.startswith("/api/"):
                    return JsonResponse({"error": {"code": "otp_required",
                                                   "message": _("A one-time password is required.")}}, status=403)
                target = "otp-verify" if user_has_device(user) else "otp-setup"
                return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def qr_svg_data_uri(text: str) -> str:
    """A QR code as an SVG data: URI (an <img>, so the CSP needs no inline markup or styles)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def provisioning_uri(device: TOTPDevice) -> str:
    issuer = settings.OTP_TOTP_ISSUER
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    label = quote(f"{issuer}:{device.user.get_username()}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}&digits={device.digits}&period={device.step}"


def _check(request, device, token) -> bool:
    token = (token or "").strip().replace(" ", "")
    verified = device.verify_token(token) if token.isdigit() else False
    if not verified:
        log_denial(request, SecurityEvent.Kind.FORBIDDEN, "one-time password refused")
    return verified


def otp_setup(request):
    if user_has_device(request.user):
        return redirect(f"{reverse('otp-verify')}?next={quote(_next_url(request))}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() \
        or TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    if request.method == "POST":
        if _check(request, device, request.POST.get("token")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Your authenticator is set up."))
            return redirect(_next_url(request))
        messages.error(request, _("That code is not correct. Check the time on your phone and try again."))
    uri = provisioning_uri(device)
    return render(request, "accounts/otp_setup.html", {
        "qr": qr_svg_data_uri(uri), "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
        "next": _next_url(request),
    })


def otp_verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('otp-setup')}?next={quote(_next_url(request))}")
    if request.method == "POST":
        if _check(request, device, request.POST.get("token")):
            otp_login(request, device)
            return redirect(_next_url(request))
        messages.error(request, _("That code is not correct. Check the time on your phone and try again."))
    return render(request, "accounts/otp_verify.html", {"next": _next_url(request)})
