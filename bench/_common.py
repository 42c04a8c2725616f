"""Shared set-up for the benchmark scripts: Django on the database DATABASE_URL names.

Benchmarks never touch the development database by accident: without DATABASE_URL they use
var/bench.sqlite3. On PostgreSQL use a database of its own (e.g. custody_bench).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("LEDGER_SIGNING_KEY_PATH", str(ROOT / "var" / "keys" / "bench-ed25519.pem"))
os.environ.setdefault("LEDGER_SIGNING_KEY_AUTOCREATE", "true")
os.environ.setdefault("DEBUG", "false")  # DEBUG would keep every query in memory
# DEBUG off makes the system checks insist on a real secret key; a benchmark serves no one.
os.environ.setdefault("SECRET_KEY", os.urandom(24).hex())
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

BENCH_ITEMS = int(os.environ.get("BENCH_ITEMS", "20000"))


def database_label() -> str:
    settings = connection.settings_dict
    return f"{connection.vendor} {Path(str(settings['NAME'])).name}"


def figure(name: str, value, unit: str = "") -> None:
    """One result line, easy to grep: '  name: value unit'."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, float):
        value = f"{value:,.1f}" if value >= 100 else f"{value:,.3g}"
    elif isinstance(value, int):
        value = f"{value:,}"
    print(f"  {name}: {value} {unit}".rstrip(), flush=True)


def timed(function, runs: int) -> dict:
    """Median and p95 of ``runs`` calls, in milliseconds (after one warm-up call)."""
    import statistics
    import time

    function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"median_ms": statistics.median(samples), "p95_ms": samples[int(0.95 * (len(samples) - 1))], "runs": runs}
