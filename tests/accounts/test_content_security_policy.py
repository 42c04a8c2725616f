"""The Content-Security-Policy and Permissions-Policy headers (accounts/security.py, docs/architecture.md)."""

from django.urls import reverse

from accounts.models import User


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def test_our_pages_allow_nothing_inline(world, client):
    client.force_login(world.custodian)
    policy = directives(client.get(reverse("warehouse:item-list"))["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]


def test_admin_pages_alone_allow_inline_styles_and_never_inline_scripts(world, client):
    root = User.objects.create_superuser("csp-root", "root@example.invalid", "x")
    client.force_login(root)
    admin = directives(client.get(reverse("admin:index"))["Content-Security-Policy"])
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["script-src"] == ["'self'"]
    login = directives(client.get(reverse("admin:login"))["Content-Security-Policy"])
    assert "'unsafe-inline'" in login["style-src"]


def test_permissions_policy_allows_only_our_own_camera(world, client):
    client.force_login(world.custodian)
    for url in [reverse("warehouse:item-list"), reverse("custody:scan"), reverse("login")]:
        header = client.get(url)["Permissions-Policy"]
        assert "camera=(self)" in header and "geolocation=()" in header and "microphone=()" in header, url


def test_error_pages_carry_the_policy_too(world, client):
    client.force_login(world.custodian)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_an_empty_setting_switches_the_header_off(world, client, settings):
    settings.CONTENT_SECURITY_POLICY = ""
    client.force_login(world.custodian)
    assert "Content-Security-Policy" not in client.get(reverse("warehouse:item-list"))
