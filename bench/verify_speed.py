"""verify_ledger speed and peak memory on whatever ledger the benchmark database holds.

Runs ``manage.py verify_ledger --json`` as a child process and reads the child's own peak
resident memory from wait4(), so the figure is the verifier's and not this script's.
"""

import json
import os
import subprocess
import sys
import time

from _common import ROOT, database_label, figure


def main():
    print(f"verify_speed on {database_label()}")
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "verify_ledger", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy())
    out = child.stdout.read()
    err = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    report = json.loads(out or "{}")
    if not report:
        print(err.decode(errors="replace"))
        sys.exit(1)
    figure("ledger intact", report["ok"])
    figure("events", report["events"])
    figure("items", report["items"])
    figure("checkpoints", report["checkpoints"])
    figure("verify time (process, incl. start-up)", elapsed, "s")
    figure("verify time (checks only)", report["seconds"], "s")
    figure("events per second (checks only)", report["events"] / report["seconds"], "events/s")
    figure("peak memory (max RSS of the verify process)", usage.ru_maxrss / 1024, "MiB")
    figure("exit code", child.returncode)


if __name__ == "__main__":
    main()
