"""The access matrix: every URL × every role × own scope / another agency's scope / anonymous.

URLs come from the URL configuration itself, so a new view cannot escape: a URL name missing from
EXPECTED (or POST_ONLY / PUBLIC / ADMIN) fails the test and forces a decision. For each URL the
table says which roles may GET it in their own scope; everything else must be refused. Refusals of
a signed-in user are logged as SecurityEvents (403 by role, 404 out of scope). Crawling every page
as everyone changes nothing in the ledger.

ACCESS_MATRIX_DISCOVER=1 prints the observed table (to review by hand before changing EXPECTED).
"""

import os
from collections import defaultdict

from django.core.management import call_command

from accounts.models import Agency, SecurityEvent, User
from accounts.roles import Role
from accounts.services import create_user
from custody.models import CustodyEvent

from ..world import PASSWORD
from .access_matrix import NO_DEMO_OBJECT, QUERY, objects, routes, url_for

# One letter per role keeps the table readable (O = officer).
C, O, S, F, A, M = (Role.CUSTODIAN, Role.OFFICER, Role.SUPERVISOR, Role.FINANCE,  # noqa: E741
                    Role.AUDITOR, Role.ADMINISTRATOR)
ALL = {C, O, S, F, A, M}
READERS = {C, O, S, A, M}  # the roles that hold the common read permissions (finance does not)

# Roles that may GET each page in their own scope. Anything not listed is refused (403 or 404).
EXPECTED: dict[str, set] = {
    "home": ALL,
    "warehouse:item-list": ALL,
    "warehouse:item-detail": ALL,
    "warehouse:case-list": ALL,
    "warehouse:case-create": {O},
    "warehouse:case-detail": ALL,
    "warehouse:attachment": ALL,
    "warehouse:warehouse-list": READERS,
    "warehouse:warehouse-detail": READERS,
    "warehouse:location-detail": READERS,
    "custody:scan": {C},
    "custody:intake": {C},
    "custody:csv-template": {O},
    "custody:register-items-csv": {O},
    "custody:register-items": {O},
    "custody:item-timeline": READERS,
    "custody:item-timeline-pdf": READERS,
    "custody:work": ALL,  # the user's own to-do list; finance's is empty
    "custody:work-landing": ALL,
    "custody:release-list": READERS,
    "custody:release-create": {O},
    "custody:release-detail": READERS,
    "custody:release-pdf": READERS,
    "custody:transfer-list": READERS,
    "custody:transfer-create": {O},
    "custody:transfer-detail": READERS,
    "custody:transfer-pdf": READERS,
    "custody:case-decision": {O, S},
    "custody:take-sample": {O},
    "custody:record-appraisal": {O},
    "custody:labels-jobs": {C, O},
    "custody:labels-calibration": {C, O},  # the printing roles (the view asks print_labels)
    "custody:labels-item": {C, O},
    "custody:labels-batch": {C, O},
    "custody:labels-locations": {C},
    # A print job is its agency's: the demo's job is the city warehouse's, not Nanshan's.
    "custody:labels-job": {C},
    "custody:labels-job-status": {C},
    "custody:labels-job-download": {C},
    "custody:labels-case": {C, O},
    "custody:stocktake-list": READERS,
    "custody:stocktake-start": {C, S, A},
    "custody:stocktake-due": READERS,
    "custody:stocktake-detail": READERS,
    "custody:stocktake-count": READERS,
    "custody:stocktake-report-pdf": READERS,
    "custody:stocktake-report-csv": READERS,
    "destruction:batch-list": ALL,
    "destruction:batch-propose": {C},
    "destruction:contractor-list": READERS,
    "destruction:batch-detail": ALL,
    "destruction:batch-record-pdf": ALL,
    "destruction:batch-certificate-pdf": ALL,
    # The JSON API (bearer tokens; the same permissions and scopes as the pages).
    "api:me": ALL,
    "api:agencies": ALL,
    "api:agency": ALL,
    "api:cases": ALL,
    "api:case_detail": ALL,
    "api:case_items": ALL,
    "api:items": ALL,
    "api:item": ALL,
    "api:item_events": READERS,
    "api:events": READERS,
    "api:scan_actions": {C},
    "api:releases": READERS,
    "api:release": READERS,
    "api:transfers": READERS,
    "api:transfer": READERS,
    "api:batches": ALL,
    "api:batch": ALL,
    "api:checkpoint": READERS,
    "api:export_bundle": {O, S, A},
    "api:bundles": READERS,
    "api:import_": READERS,  # GET on the same path is the list of received bundles
    "api:bundle": set(),  # no bundle was received in the demo: 404 for everyone
    "apiui:tokens": ALL,  # each user's own API tokens
    "apiui:bundles": READERS,
    "apiui:bundle-detail": set(),
    # Finance reports: finance and the auditor.
    "finance:report": {F, A},
    "finance:report-csv": {F, A},
    "finance:report-pdf": {F, A},
    "finance:budget-list": {F, A},
    "finance:cost-list": {F, A},
    "finance:rate-list": {F, A},
    "finance:budget-amend": {F},  # a GET only redirects to the user's own budget list
}

# Pages anyone may open, signed in or not.
PUBLIC = {"healthz", "login", "destruction:public-disclosure",
          "api:openapi-json"}  # the API's schema: no data, what a client needs to connect
# Not a page: the bare API prefix answers 404 to everyone, signed in or not.
NOT_A_PAGE = {"api:api-root"}
# Reached only by signed-in users but of no object: the OTP pages (every role, and they only show
# the user's own enrolment) and logging out / switching the language (POST forms).
SELF_SERVICE = {"otp-setup", "otp-verify", "logout", "set_language"}

# Actions: GET answers 405 for everyone; their refusals by role and scope are tested with POSTs in
# the service and page tests, separation of duties in test_separation_of_duties.py.
POST_ONLY = {
    "warehouse:document-add", "warehouse:item-attachment-upload", "warehouse:case-attachment-upload",
    "custody:scan-act", "custody:scan-clear-location", "custody:labels-selection",
    "custody:release-decide", "custody:release-cancel", "custody:release-check-out", "custody:release-return",
    "custody:release-confirm", "custody:release-extend", "custody:release-extension-decide",
    "custody:release-alerts-ack", "custody:transfer-decide", "custody:transfer-send", "custody:transfer-cancel",
    "custody:transfer-receive", "custody:recognise-appraisal", "custody:stocktake-close-counting",
    "custody:stocktake-resolve", "custody:stocktake-sign", "custody:stocktake-close",
    "destruction:batch-approve", "destruction:batch-reject", "destruction:batch-cancel",
    "destruction:batch-remove-item", "destruction:batch-hand-over", "destruction:batch-weigh-in",
    "destruction:batch-confirm", "destruction:batch-add-cost",
    "api:scan", "apiui:token-revoke",
}

# Pages of another agency's object that are nevertheless shown (none: out of scope is 404).
CROSS_SCOPE: dict[str, set] = {
    "finance:budget-amend": {F},  # the redirect to the own list shows nothing of the other agency
}


def _kind(response) -> str:
    if response.status_code == 405:
        return "post-only"
    if response.status_code in (301, 302):
        location = response["Location"]
        if "/login/" in location:
            return "login"
        return "allow"
    if response.status_code < 300:
        return "allow"
    if response.status_code in (403, 404):
        return "deny"
    if response.status_code == 401:
        return "login"  # the API without a token
    return f"status {response.status_code}"


def _tokens(personas) -> dict:
    """One API token per persona (the API accepts bearer tokens only, never a session)."""
    import datetime

    from api.services import create_token

    until = datetime.date.today() + datetime.timedelta(days=30)
    return {user.pk: create_token(actor=user, name="matrix", expires_on=until)[1] for user in personas}


def _personas():
    own = {role: User.objects.get(username=name) for role, name in [
        (C, "custodian"), (O, "officer"), (S, "supervisor"), (F, "finance"), (A, "auditor"), (M, "admin")]}
    hangzhou = Agency.objects.get(division_code="330100", agency_type="market")
    other = {role: create_user(username=f"hz-{role}", password=PASSWORD, agency=hangzhou, roles=[role],
                               full_name=f"杭州{role}") for role in own}
    return own, other


def test_every_url_every_role_every_scope(db, client, settings):
    settings.DEMO_MODE = False
    call_command("seed_demo", verbosity=0)
    own, other = _personas()
    tokens = _tokens([*own.values(), *other.values()])
    objs = objects()
    events_before = CustodyEvent.objects.count()
    all_routes = routes()
    problems, observed = [], defaultdict(set)
    undecided = [r.name for r in all_routes if not r.name.startswith("admin:")
                 and r.name not in EXPECTED | {n: 0 for n in PUBLIC | SELF_SERVICE | POST_ONLY | NOT_A_PAGE}]
    assert undecided == [], f"URLs without an access decision (add them to EXPECTED): {undecided}"

    for route in all_routes:
        url = url_for(route, objs)
        if url is None:
            problems.append(f"{route.name}: no demo object fills its parameters")
            continue
        is_admin = route.name.startswith("admin:")
        if route.name in NOT_A_PAGE:
            client.logout()
            assert client.get(url).status_code == 404
            continue
        if route.name in {"logout", "set_language", "admin:logout", "admin:login"}:
            continue  # POST-only forms of the header; GET of logout would end the session
        # Anonymous: only PUBLIC pages answer; everything else sends to the login page.
        client.logout()
        kind = _kind(client.get(url))
        if route.name in PUBLIC:
            if kind != "allow":
                problems.append(f"{route.name}: anonymous expected allow, got {kind}")
        elif kind not in ("login", "post-only"):
            problems.append(f"{route.name}: anonymous got {kind}")
        if route.name in PUBLIC or route.name in SELF_SERVICE:
            continue
        for scope, personas in (("own", own), ("other", other)):
            for role, user in personas.items():
                if is_admin and scope == "other":
                    continue  # the admin site refuses every non-staff user the same way
                logged_before = SecurityEvent.objects.count()
                if route.name.startswith("api:"):
                    client.logout()
                    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {tokens[user.pk]}")
                else:
                    client.force_login(user)
                    response = client.get(url)
                kind = _kind(response)
                if route.name in POST_ONLY:
                    # 405, or refused by role first (403, logged); a GET never acts.
                    if kind not in ("post-only", "deny"):
                        problems.append(f"{route.name}: GET as {scope} {role} answered {kind}")
                    elif kind == "deny" and SecurityEvent.objects.count() == logged_before:
                        problems.append(f"{route.name}: {response.status_code} for {scope} {role} was not logged")
                    continue
                if kind == "allow" and scope == "own":
                    observed[route.name].add(role)
                if is_admin:
                    # The admin site is the central administrator's (staff); it refuses everyone else
                    # with its own login page. It is not scoped by agency: staff status is given to
                    # national administrators only (docs/operations.md).
                    if kind == "allow" and role != Role.ADMINISTRATOR:
                        problems.append(f"UNEXPECTED ALLOW {route.name} for {role} (not staff)")
                    continue
                expected = EXPECTED[route.name]
                has_object = bool(route.params) or route.name in QUERY
                if scope == "own" or not has_object:
                    allowed = role in expected
                else:
                    allowed = role in CROSS_SCOPE.get(route.name, set())
                if kind == "allow" and not allowed:
                    problems.append(f"UNEXPECTED ALLOW {route.name} {url} for {scope} {role}")
                elif kind != "allow" and allowed:
                    problems.append(f"{route.name}: {scope} {role} expected allow, got {kind} "
                                    f"({response.status_code})")
                if kind == "deny" and SecurityEvent.objects.count() == logged_before \
                        and route.name not in NO_DEMO_OBJECT:
                    problems.append(f"{route.name}: {response.status_code} for {scope} {role} was not logged")
                if kind.startswith("status"):
                    problems.append(f"{route.name}: {scope} {role} got {kind}")

    if os.environ.get("ACCESS_MATRIX_DISCOVER") == "1":
        print("\n".join(problems))
        for name in sorted(observed):
            print(f'    "{name}": {{{", ".join(sorted(str(r) for r in observed[name]))}}},')
    assert CustodyEvent.objects.count() == events_before, "crawling GET pages changed the ledger"
    assert problems == []
