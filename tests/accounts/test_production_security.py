"""Production readiness: headers, login throttling, disabled users, password re-entry, the second factor,
logged refusals and the deploy check."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from custody.releases.models import ReleaseRequest
from tests.custody.kit import release_for, stored_items

from ..world import PASSWORD

BASE = Path(django_settings.BASE_DIR)
TEMPLATES = BASE / "templates"


def login_form(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


# --- headers and templates ----------------------------------------------------------------------

def test_every_page_carries_a_strict_content_security_policy(world, client):
    client.force_login(world.officer)
    response = client.get(reverse("warehouse:item-list"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
    assert client.get(reverse("login"))["Content-Security-Policy"] == policy


def test_templates_have_no_inline_script_handlers_or_styles():
    problems = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>(.*?)</script>", text, flags=re.S):
            if "src=" not in match.group(0).split(">")[0] or match.group(1).strip():
                problems.append(f"{path}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            problems.append(f"{path}: on*= handler")
        if re.search(r"\sstyle\s*=", text):
            problems.append(f"{path}: style= attribute")
    assert problems == []


def test_htmx_indicator_styles_are_switched_off_on_every_page(world, client):
    client.force_login(world.custodian)
    for url in [reverse("warehouse:item-list"), reverse("custody:scan")]:
        page = client.get(url).content.decode()
        first = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', page).group(1)
        assert '"includeIndicatorStyles":false' in first, url


def test_deploy_check_is_clean_with_production_variables():
    # Without the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must never set.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**env, "DEBUG": "false", "SECRET_KEY": "x" * 20 + "-production-secret-0123456789-abcdefghijkl",
           "ALLOWED_HOSTS": "custody.example.gov.cn", "DATABASE_URL": "sqlite:///" + str(BASE / "var" / "deploy.db")}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=BASE, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- login throttling ---------------------------------------------------------------------------

def test_lockout_is_per_user_name_and_address_and_cools_off(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        login_form(client, "custodian", "wrong", address="10.0.0.7")
    locked = login_form(client, "custodian", PASSWORD, address="10.0.0.7")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    # The same shift behind the same NAT address: other users still log in.
    assert login_form(client, "custodian2", PASSWORD, address="10.0.0.7").status_code == 302
    client.logout()
    # The same user from another terminal is not locked either.
    assert login_form(client, "custodian", PASSWORD, address="10.0.0.8").status_code == 302
    client.logout()
    # After the cool-off the pair may try again.
    from axes.models import AccessAttempt
    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - django_settings.AXES_COOLOFF_TIME * 2
                                 * __import__("datetime").timedelta(hours=1))
    assert login_form(client, "custodian", PASSWORD, address="10.0.0.7").status_code == 302


def test_cool_off_is_configured():
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert django_settings.AXES_COOLOFF_TIME and django_settings.AXES_COOLOFF_TIME > 0


# --- disabled users -----------------------------------------------------------------------------

def test_disabled_user_loses_the_session_at_once(world, client):
    assert login_form(client, "officer", PASSWORD).status_code == 302
    assert client.get(reverse("warehouse:item-list")).status_code == 200
    assert Session.objects.count() == 1
    world.officer.is_active = False
    world.officer.save()
    assert Session.objects.count() == 0  # deleted by the signal
    response = client.get(reverse("warehouse:item-list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_session_of_a_user_disabled_behind_the_orm_ends_on_the_next_request(world, client):
    client.force_login(world.officer)
    type(world.officer).objects.filter(pk=world.officer.pk).update(is_active=False)  # no signal
    response = client.get(reverse("warehouse:item-list"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- password re-entry for signing --------------------------------------------------------------

def test_approval_needs_the_password_again(world, client):
    case, items = stored_items(world)
    release = release_for(world, items, case, approve=False)
    client.force_login(world.supervisor)
    url = reverse("custody:release-decide", args=[release.code])
    response = client.post(url, {"decision": "approve"}, follow=True)
    assert "密码不正确" in response.content.decode()
    response = client.post(url, {"decision": "approve", "password": "not-mine"}, follow=True)
    release.refresh_from_db()
    assert release.status == ReleaseRequest.Status.PENDING
    assert SecurityEvent.objects.filter(user=world.supervisor, detail__contains="re-entry failed").count() == 2
    client.post(url, {"decision": "approve", "password": PASSWORD})
    release.refresh_from_db()
    assert release.status == ReleaseRequest.Status.APPROVED


def test_every_approval_view_asks_for_the_password():
    from django.urls import get_resolver

    signing = {"custody:release-decide", "custody:release-extension-decide", "custody:transfer-decide",
               "destruction:batch-approve", "destruction:batch-reject"}
    found = {}

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif pattern.name:
                found[prefix + pattern.name] = pattern.callback

    walk(get_resolver().url_patterns)
    for name in signing:
        assert getattr(found[name], "requires_password", False), name


def test_repeated_wrong_passwords_stop_signing_for_a_while(world, client):
    case, items = stored_items(world)
    release = release_for(world, items, case, approve=False)
    client.force_login(world.supervisor)
    url = reverse("custody:release-decide", args=[release.code])
    for _ in range(5):
        client.post(url, {"decision": "approve", "password": "guess"})
    response = client.post(url, {"decision": "approve", "password": PASSWORD}, follow=True)
    assert "15 分钟" in response.content.decode()
    release.refresh_from_db()
    assert release.status == ReleaseRequest.Status.PENDING


# --- second factor ------------------------------------------------------------------------------

def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_otp_roles_enrol_with_a_server_side_qr_and_verify(world, client, settings):
    settings.OTP_REQUIRED_ROLES = ["supervisor", "administrator"]
    assert login_form(client, "supervisor", PASSWORD).status_code == 302
    response = client.get(reverse("warehouse:item-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp-setup"))
    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=world.supervisor, confirmed=False)
    client.post(reverse("otp-setup"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert client.get(reverse("warehouse:item-list")).status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the device wait a second before the next try
    response = client.post(reverse("otp-setup"), {"token": _code(device), "next": "/items/"})
    assert response.status_code == 302 and response["Location"] == "/items/"
    assert client.get(reverse("warehouse:item-list")).status_code == 200
    # Next login: the code is asked after the password.
    client.logout()
    login_form(client, "supervisor", PASSWORD)
    response = client.get(reverse("warehouse:item-list"))
    assert response["Location"].startswith(reverse("otp-verify"))
    device.refresh_from_db()
    device.last_t = -1  # the same 30-second window may be used once only; allow it again for the test
    device.save()
    client.post(reverse("otp-verify"), {"token": _code(device)})
    assert client.get(reverse("warehouse:item-list")).status_code == 200
    assert SecurityEvent.objects.filter(detail="one-time password refused").count() == 1


def test_roles_outside_the_list_need_no_code(world, client, settings):
    settings.OTP_REQUIRED_ROLES = ["supervisor", "administrator"]
    client.force_login(world.officer)
    assert client.get(reverse("warehouse:item-list")).status_code == 200


def test_production_default_requires_otp_for_supervisors_and_administrators():
    code = ("import os; os.environ['DEBUG']='false'; os.environ['SECRET_KEY']='k'*50; "
            "os.environ.pop('OTP_REQUIRED_ROLES', None); "
            "import config.settings as s; print(','.join(s.OTP_REQUIRED_ROLES))")
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "supervisor,administrator", result.stderr


# --- refusals are logged ------------------------------------------------------------------------

def test_403_by_role_is_logged(world, client):
    client.force_login(world.finance)
    assert client.get(reverse("custody:scan")).status_code == 403
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.FORBIDDEN)
    assert event.user == world.finance and event.path == reverse("custody:scan")


def test_health_check_answers_without_login(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"

