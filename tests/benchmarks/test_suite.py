"""Benchmark: what `make test` costs warm, against its floor measured in the same run.

The floor is the least a full check must do, one thing after another: execute every chapter
once (nbclient, no Jupyter Book) and run the unit tests serially (no book, no browser).
`make test` does more than that (nbval, the book built as `make book` builds it and again
from a hostile case, every page in Chromium over http and file://) on every core.
Targets (issue "The house"): make test <= 1.0x the floor, and <= 120 s on 2 cores.

Run: .venv/bin/python tests/benchmarks/test_suite.py  (takes several minutes)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from book_build import floor as chapters_once  # noqa: E402


def timed(command: list[str]) -> float:
    env = dict(os.environ, WORKBOOK_WORK_DIR=tempfile.mkdtemp())
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    python = sys.executable
    subprocess.run(["make", "-s", "env"], cwd=ROOT, check=True)  # warm: set up once
    suite = timed(["make", "-s", "test"])
    units = timed([python, "-m", "pytest", "tests", "-q", "-p", "no:xdist", "-m",
                   "not book and not browser", "-p", "no:cacheprovider"])
    chapters = chapters_once()
    floor = units + chapters
    print(f"make test, warm: {suite:.0f} s on {os.cpu_count()} cores")
    print(f"floor, serial: {floor:.0f} s (unit tests {units:.0f} s + every chapter executed "
          f"once {chapters:.0f} s)")
    print(f"ratio {suite / floor:.2f}x (target 1.0x: {'met' if suite <= floor else 'MISSED'}); "
          f"120 s target: {'met' if suite <= 120 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
