"""Load test: a realistic mix against gunicorn on PostgreSQL, in production settings.

    .venv/bin/python bench/load_test.py            (or: make load-test)

It (re)creates the database custody_production_load, loads seed_demo (plus --scale items for the
scan stations), starts gunicorn itself on a free port with DEBUG off, and drives for LOAD_SECONDS:
  custodians  LOAD_STATIONS scan stations, each scanning a bin then items (POST /scan/act/ with a
              client_event_id): every item scan moves the item = one custody action = one ledger event
  officers    browse item lists, item pages, cases, custody timelines
  supervisor  work page, releases; approves pending releases (password re-entered)
  finance     the budget report (page and CSV), budgets, cost lines, destruction batches
Rates are paced per client (open loop). Afterwards: ledger events added == successful item scans,
and verify_ledger passes. Prints throughput, p50/p95/p99 per kind, errors, the load average.

Environment: LOAD_SECONDS (60), LOAD_ACTIONS_PER_S (20), LOAD_PAGES_PER_S (40), LOAD_STATIONS (4),
PG_URL (postgres://postgres@127.0.0.1:5432), WEB_CONCURRENCY / GUNICORN_THREADS for the server.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlencode

BASE = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "custody_production_load"
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
ACTIONS_PER_S = float(os.environ.get("LOAD_ACTIONS_PER_S", "20"))
PAGES_PER_S = float(os.environ.get("LOAD_PAGES_PER_S", "40"))
STATIONS = int(os.environ.get("LOAD_STATIONS", "4"))
ITEMS_PER_STATION = 12
PASSWORD = "load-test-pass-2026"
TARGET_P95_MS = 300

SETUP = """
import json
from accounts.models import User
from custody.releases.models import ReleaseRequest
from custody.services import store_at
from custody.releases.services import request_release
from warehouse.models import Case, Item, Location, Warehouse
from warehouse.services import create_location
import datetime
custodian = User.objects.get(username="custodian")
officer = User.objects.get(username="officer")
warehouse = Warehouse.objects.order_by("pk").first()
zone = create_location(warehouse=warehouse, name="L区 压力测试", kind=Location.Kind.ZONE)
items = list(Item.objects.filter(status=Item.Status.REGISTERED, case__case_number__startswith="规模测试",
                                 hazard_class="", waste_stream="general", needs_cold=False, needs_secure=False)
             .order_by("pk")[:%(needed)d])
stations = []
for n in range(%(stations)d):
    a = create_location(warehouse=warehouse, name=f"L{n}A", kind=Location.Kind.BIN, parent=zone)
    b = create_location(warehouse=warehouse, name=f"L{n}B", kind=Location.Kind.BIN, parent=zone)
    mine = items[n * %(per)d:(n + 1) * %(per)d]
    store_at(actor=custodian, items=mine, location=a)
    stations.append({"bins": [a.code, b.code], "items": [i.code for i in mine]})
stored = list(Item.objects.filter(status=Item.Status.IN_STORAGE).exclude(location__parent=zone)
              .exclude(case__case_number__startswith="规模测试").select_related("case"))
releases = []
for item in stored[:60]:
    try:
        r = request_release(actor=officer, case=item.case, items=[item], purpose=ReleaseRequest.Purpose.EXAMINATION,
                            reason="压力测试送检", due_back=datetime.date.today() + datetime.timedelta(days=7),
                            recipient_name="张检验", recipient_organisation="检验中心")
        releases.append(r.code)
    except Exception:
        pass
print("SETUP" + json.dumps({"stations": stations, "releases": releases,
      "items": list(Item.objects.filter(case__agency=officer.agency).values_list("code", flat=True)[:300]),
      "cases": list(Case.objects.filter(agency=officer.agency).values_list("case_number", flat=True)[:50])}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(port: int, static_root: str) -> dict:
    return {
        **os.environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
        "DB_CONN_MAX_AGE": "60", "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0", "OTP_REQUIRED_ROLES": "", "DEMO_PASSWORD": PASSWORD,
        "STATIC_ROOT": static_root, "LEDGER_SIGNING_KEY_AUTOCREATE": "true",
        "LEDGER_SIGNING_KEY_PATH": str(Path(static_root).parent / "ledger-key.pem"),
        "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": os.environ.get("GUNICORN_ACCESS_LOG", ""),
        "LOG_LEVEL": "WARNING", "AXES_ENABLED": "true",
    }


def manage(env, *args, capture=False):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=BASE, env=env, text=True,
                            capture_output=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return result.stdout if capture else None


def ledger_head(env) -> int:
    out = manage(env, "shell", "-v", "0", "-c",
                 "from custody.models import LedgerHead; h = LedgerHead.objects.filter(pk=1).first(); "
                 "print('HEAD', h.last_seq if h else 0)", capture=True)
    return int(re.search(r"HEAD (\d+)", out).group(1))


class Session:
    """One browser: a keep-alive connection, cookies, the CSRF token."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method, path, data=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, ConnectionError, TimeoutError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    def login(self, username):
        self.request("GET", "/accounts/login/")
        status, _ = self.request("POST", "/accounts/login/", {
            "username": username, "password": PASSWORD,
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), "next": "/"})
        if status != 302:
            raise SystemExit(f"login of {username} failed: {status}")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.errors = defaultdict(list)
        self.actions_ok = 0

    def add(self, kind, seconds, status, ok_statuses=(200,)):
        with self.lock:
            self.latency[kind].append(seconds * 1000)
            if status not in ok_statuses:
                self.errors[kind].append(status)


READY = threading.Barrier(1)  # replaced in main() once the number of clients is known


def paced(rate, stop, body):
    """Call body() ``rate`` times per second on a fixed schedule until ``stop`` is set. Every client
    has logged in before the first call: the measured window holds the traffic only."""
    READY.wait()
    interval, n = 1.0 / rate, 0
    start = time.monotonic() + random.random() * interval
    while not stop.is_set():
        wait = start + n * interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        if stop.is_set():
            break
        body()
        n += 1


def timed(stats, kind, session, method, path, data=None, ok=(200,), htmx=False):
    began = time.monotonic()
    try:
        status, content = session.request(method, path, data, {"HX-Request": "true"} if htmx else None)
    except Exception as error:  # noqa: BLE001 - a failed request is an error of the test, counted
        stats.add(kind, time.monotonic() - began, f"exception {type(error).__name__}")
        return None, b""
    stats.add(kind, time.monotonic() - began, status, ok)
    return status, content


def station(port, plan, rate, stats, stop):
    session = Session(port)
    session.login("custodian")
    bins, items = plan["bins"], plan["items"]
    state = {"bin": 1, "index": 0}
    timed(stats, "scan-location", session, "POST", "/scan/", {"code": bins[1]}, htmx=True)

    def step():
        if state["index"] == len(items):  # all moved: scan the other bin, then go on with the next item
            state["bin"], state["index"] = 1 - state["bin"], 0
            timed(stats, "scan-location", session, "POST", "/scan/", {"code": bins[state["bin"]]}, htmx=True)
        code = items[state["index"]]
        state["index"] += 1
        status, _ = timed(stats, "custody-action", session, "POST", "/scan/act/",
                          {"code": code, "action": "store", "client_event_id": str(uuid.uuid4())}, htmx=True)
        if status == 200:
            with stats.lock:
                stats.actions_ok += 1

    paced(rate, stop, step)


def browser(port, username, pages, rate, stats, stop):
    session = Session(port)
    session.login(username)
    paced(rate, stop, lambda: timed(stats, "page", session, "GET", random.choice(pages)()))


def supervisor(port, data, rate, stats, stop):
    session = Session(port)
    session.login("supervisor")
    pending = list(data["releases"])
    pages = [lambda: "/work/", lambda: "/releases/", lambda: f"/releases/{random.choice(data['releases'])}/"]
    counter = {"n": 0}

    def step():
        counter["n"] += 1
        timed(stats, "page", session, "GET", random.choice(pages)())
        if pending and counter["n"] % 10 == 0:  # and an approval every two seconds (password re-entered)
            code = pending.pop()
            timed(stats, "approval", session, "POST", f"/releases/{code}/decide/",
                  {"decision": "approve", "password": PASSWORD}, ok=(302,))

    paced(rate, stop, step)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def main():
    tmp = Path(tempfile.mkdtemp(prefix="custody-load-"))
    static_root = str(tmp / "static")
    port = free_port()
    env = server_env(port, static_root)
    import psycopg2

    admin = psycopg2.connect(f"{PG_URL}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    admin.close()
    print(f"== database {DB_NAME}: migrate, seed_demo, scan-station items", flush=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    needed = STATIONS * ITEMS_PER_STATION
    manage(env, "seed_demo", "--scale", str(max(4 * needed, 200)))
    out = manage(env, "shell", "-v", "0", "-c",
                 SETUP % {"needed": needed, "stations": STATIONS, "per": ITEMS_PER_STATION}, capture=True)
    data = json.loads(out.split("SETUP", 1)[1])
    manage(env, "collectstatic", "--no-input", "-v", "0")

    print(f"== gunicorn on 127.0.0.1:{port}", flush=True)
    server = subprocess.Popen([str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "-c", "config/gunicorn.conf.py"],
                              cwd=BASE, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp / "gunicorn.log", "w"))
    try:
        for _ in range(100):
            try:
                if Session(port).request("GET", "/healthz/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not come up; see " + str(tmp / "gunicorn.log"))
        head_before = ledger_head(env)
        stats, stop = Stats(), threading.Event()
        items, cases = data["items"], data["cases"]
        officer_pages = [
            lambda: f"/items/?page={random.randint(1, 5)}", lambda: f"/items/{random.choice(items)}/",
            lambda: f"/items/{random.choice(items)}/custody/", lambda: "/cases/",
            lambda: f"/cases/{quote(random.choice(cases))}/", lambda: "/work/",
        ]
        year = time.localtime().tm_year
        finance_pages = [lambda: f"/finance/?year={year}", lambda: "/finance/budgets/", lambda: "/finance/costs/",
                         lambda: "/destruction/", lambda: f"/finance/report.csv?year={year}"]
        supervisor_rate = 5.0
        finance_rate = 5.0
        officer_rate = max(PAGES_PER_S - supervisor_rate - finance_rate, 1.0)
        officers = 6
        threads = [threading.Thread(target=station, args=(port, plan, ACTIONS_PER_S / STATIONS, stats, stop))
                   for plan in data["stations"]]
        threads += [threading.Thread(target=browser, args=(port, "officer", officer_pages, officer_rate / officers,
                                                           stats, stop)) for _ in range(officers)]
        threads.append(threading.Thread(target=browser, args=(port, "finance", finance_pages, finance_rate, stats,
                                                              stop)))
        threads.append(threading.Thread(target=supervisor, args=(port, data, supervisor_rate, stats, stop)))
        global READY
        READY = threading.Barrier(len(threads) + 1)
        load_before = os.getloadavg()
        print(f"== driving for {SECONDS:.0f} s: {ACTIONS_PER_S:g} custody actions/s on {STATIONS} stations, "
              f"{PAGES_PER_S:g} page views/s (load average before: {load_before[0]:.2f})", flush=True)
        for thread in threads:
            thread.start()
        READY.wait()  # every client has logged in
        started = time.monotonic()
        time.sleep(SECONDS)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)

    head_after = ledger_head(env)
    verify = subprocess.run([PYTHON, "manage.py", "verify_ledger"], cwd=BASE, env=env, capture_output=True,
                            text=True)
    report(stats, elapsed, head_after - head_before, verify, load_before, load_after)


def report(stats, elapsed, new_events, verify, load_before, load_after):
    print(f"\n{'kind':<16}{'requests':>9}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    all_ms, failures = [], 0
    for kind in sorted(stats.latency):
        values = stats.latency[kind]
        all_ms += values
        failures += len(stats.errors[kind])
        print(f"{kind:<16}{len(values):>9}{len(values) / elapsed:>8.1f}{statistics.median(values):>9.1f}"
              f"{percentile(values, 95):>9.1f}{percentile(values, 99):>9.1f}{len(stats.errors[kind]):>8}")
    print(f"{'all':<16}{len(all_ms):>9}{len(all_ms) / elapsed:>8.1f}{statistics.median(all_ms):>9.1f}"
          f"{percentile(all_ms, 95):>9.1f}{percentile(all_ms, 99):>9.1f}{failures:>8}")
    for kind, codes in stats.errors.items():
        if codes:
            print(f"  errors of {kind}: {sorted(set(map(str, codes)))}")
    actions_rate = stats.actions_ok / elapsed
    pages = len(stats.latency["page"]) / elapsed
    p95 = percentile(all_ms, 95)
    print(f"\nsuccessful custody actions: {stats.actions_ok} ({actions_rate:.1f}/s); new ledger events: {new_events}")
    print(f"page views: {pages:.1f}/s; verify_ledger: {'passed' if verify.returncode == 0 else 'FAILED'}")
    print(f"load average 1 min: {load_before[0]:.2f} before, {load_after[0]:.2f} after (2 cores, shared machine)")
    ok = (failures == 0 and p95 <= TARGET_P95_MS and stats.actions_ok == new_events and verify.returncode == 0
          and actions_rate >= 0.95 * ACTIONS_PER_S and pages >= 0.95 * (PAGES_PER_S - 0.5))
    print("RESULT: " + ("PASS" if ok else "FAIL") + f" (target p95 ≤ {TARGET_P95_MS} ms, zero errors, "
          f"events = actions, verify_ledger passes)")
    if verify.returncode != 0:
        print(verify.stdout + verify.stderr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
