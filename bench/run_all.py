"""Run the benchmarks: generate_data.py first, then every other bench/*.py, or the ones named.

    python bench/run_all.py                 # all, on DATABASE_URL (default var/bench.sqlite3)
    python bench/run_all.py verify_speed    # only these
Sizes: BENCH_ITEMS (items, 5 events each; default 20,000), BENCH_ACTIONS (per client).
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = "generate_data"
# Data generators for large runs, started by hand (see their docstrings).
BY_HAND = {"fill_events"}


def scripts(names):
    if names:
        return [HERE / f"{name.removesuffix('.py')}.py" for name in names]
    found = sorted(p for p in HERE.glob("*.py")
                   if not p.name.startswith("_") and p.name != Path(__file__).name and p.stem not in BY_HAND)
    return sorted(found, key=lambda p: p.stem != FIRST)


def main(argv):
    failed = []
    for script in scripts(argv):
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE)
        print(f"[{script.stem}: {time.monotonic() - started:.1f} s, exit {result.returncode}]\n", flush=True)
        if result.returncode:
            failed.append(script.stem)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
