"""Label printing through the app: database → PDF bytes, labels/s and peak memory.

    python bench/labels_app_bench.py                       # SQLite file var/bench-labels.sqlite3
    LABELS_BENCH_DATABASE_URL=postgres://…/custody_bench_labels python bench/labels_app_bench.py

Uses its own database, emptied and rebuilt on every run: SQLite under VAR_DIR, or the database
LABELS_BENCH_DATABASE_URL names (its name must contain "bench"); DATABASE_URL is not used, so
`make bench` never touches the database the other benchmarks or the app use. Each measurement
runs in its own child process, so its peak memory (ru_maxrss) is that run's alone; an idle child
(Django set up, imports only) is measured too.
The PDF goes to a temporary file, as it would to a response or a job file. Ways measured, A4 3×7:

* first print   — ``create_print_job`` + ``run_print_job``: lock the items, append one ledger event
                  per label (LABEL_ISSUED), compute and store each QR matrix (the one-time cost),
                  then read the labels back from the database in chunks and draw them;
* reprint       — the same again: every label gets its next revision (a new code, so a new matrix,
                  LABEL_REPRINTED events), the old ones are superseded;
* render stored — drawing the job's issued labels from the database with their stored matrices
                  (what the background thread does after issuing; a lost PDF rendered again);
* bare reference — bench/labels_bench.py's ``run_reference``: qrcode ``make(fit=True)`` for every
                  label and one rectangle per module, no database.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))
COUNTS = (1_000, 10_000)


def database_env() -> dict:
    env = dict(os.environ)
    url = env.get("LABELS_BENCH_DATABASE_URL", "")
    if not url:
        var_dir = env.get("VAR_DIR", os.path.join(ROOT, "var"))
        os.makedirs(var_dir, exist_ok=True)
        url = f"sqlite:///{os.path.join(var_dir, 'bench-labels.sqlite3')}"
    elif "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("refusing: LABELS_BENCH_DATABASE_URL must name a benchmark database (its name contains 'bench')")
    env["DATABASE_URL"] = url
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return env


def django_setup() -> None:
    import django

    django.setup()


def case_number(count: int) -> str:
    return f"标签基准〔2026〕{count}号"


def setup() -> None:
    """Fresh schema, the demo people and warehouse, and one case per count with that many items."""
    django_setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            path = str(settings.DATABASES["default"]["NAME"]) + suffix
            if os.path.exists(path):
                os.remove(path)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)

    from decimal import Decimal

    from custody.intake.services import ItemInput, register_items
    from demo.people import build_agencies, build_users
    from demo.storage import build_warehouse
    from warehouse.models import Case
    from warehouse.services import create_case

    agencies = build_agencies()
    users = build_users(agencies)
    build_warehouse(agencies)
    descriptions = ("假冒“某某牌”农药（含毒死蜱）", "仿冒运动鞋 42码 黑色", "当事人王喆、李堃的手机", "假冒化妆品")
    for count in COUNTS:
        case = create_case(actor=users["officer"], case_number=case_number(count), title="标签基准",
                           kind=Case.Kind.ADMINISTRATIVE, agency=agencies["nanshan"])
        register_items(actor=users["officer"], case=case, items=[
            ItemInput(description=descriptions[i % 4], quantity=Decimal(1),
                      waste_stream="hazardous" if i % 7 == 0 else "general", hazard_class="toxic" if i % 7 == 0 else "")
            for i in range(count)
        ])


def child(mode: str, count: int) -> None:
    django_setup()
    from accounts.models import User
    from custody.printing import selectors as printing_selectors
    from custody.printing import services as label_service
    from custody.printing.models import PrintJob
    from labels.render import render_labels
    from warehouse.models import Case

    if mode == "reference":
        from labels_bench import run_reference

    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        if mode in ("first", "reprint"):
            actor = User.objects.get(username="custodian")
            case = Case.objects.get(case_number=case_number(count))
            started = time.perf_counter()
            job = label_service.create_print_job(
                actor=actor, kind=PrintJob.Kind.ITEMS, title=f"bench {mode} {count}",
                object_ids=printing_selectors.case_label_item_ids(actor, case), layout="a4-3x7")
            label_service.run_print_job(job, out)
        elif mode == "stored":
            job = PrintJob.objects.filter(title=f"bench reprint {count}").get()
            started = time.perf_counter()
            labels = label_service.item_label_data(label_service.job_labels(job).iterator(chunk_size=1000))
            render_labels(labels, out, layout="a4-3x7", font=label_service.label_font())
        elif mode == "reference":
            started = run_reference(count, out)
        seconds = time.perf_counter() - started
        size = out.tell()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "pdf_kib": size / 1024}))


def run_child(env: dict, *args: str) -> dict | None:
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    if result.returncode:
        sys.exit(f"{args} failed:\n{result.stderr[-3000:]}")
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else None


def main() -> None:
    env = database_env()
    started = time.perf_counter()
    run_child(env, "--setup")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; database {env['DATABASE_URL'].split('://')[0]}; "
          f"A4 3×7; setup (migrate + register {sum(COUNTS):,} items) {time.perf_counter() - started:.0f} s")
    idle = run_child(env, "--child", "idle", "0")
    print(f"idle child (Django set up, imports only): peak {idle['peak_mib']:.0f} MiB")
    print(f"{'labels':>7} {'way':<44} {'seconds':>8} {'labels/s':>9} {'peak MiB':>9} {'PDF KiB':>8}")
    for count in COUNTS:
        rates = {}
        for mode, title in (("first", "first print (issue + matrices + draw)"),
                            ("reprint", "reprint (new revision + matrices + draw)"),
                            ("stored", "render stored matrices from the database"),
                            ("reference", "bare reference (qrcode + reportlab)")):
            figures = run_child(env, "--child", mode, str(count))
            rates[mode] = count / figures["seconds"]
            print(f"{count:>7} {title:<44} {figures['seconds']:>8.2f} {rates[mode]:>9.0f} "
                  f"{figures['peak_mib']:>9.0f} {figures['pdf_kib']:>8.0f}")
        print(f"{count:>7} vs bare reference: first print {rates['first'] / rates['reference']:.1f}×, "
              f"reprint {rates['reprint'] / rates['reference']:.1f}×, "
              f"render stored {rates['stored'] / rates['reference']:.1f}×")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--setup"]:
        setup()
    elif len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
