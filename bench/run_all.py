"""Run every benchmark script in bench/ (or those named) and print their figures.

    make bench                       # all, on the database DATABASE_URL names (SQLite by default)
    python bench/run_all.py item_list_bench
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = [HERE / f"{name.removesuffix('.py')}.py" for name in names] or sorted(HERE.glob("*_bench.py"))
    failed = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        failed += subprocess.call([sys.executable, str(script)], cwd=HERE) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
