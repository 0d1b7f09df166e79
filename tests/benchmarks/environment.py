"""Benchmark: how long a newcomer waits for the Python environment, against its floor.

From a fresh clone, the workbook's own setup (`make .venv/.installed`: a venv, uv, the pinned
requirements) next to the floor measured in the same run: a plain `python -m venv` plus
`pip install -r requirements.txt` of the same pins. Both warm (the package caches already hold
every wheel) and cold (empty caches, so everything is downloaded). Target: setup <= 0.4x the
floor. Takes several minutes (a cold pip install alone is about two).

Run: .venv/bin/python tests/benchmarks/environment.py [--warm-only]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = os.environ.get("PYTHON", "python3")


def fresh_clone(where: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(ROOT), str(where)], check=True)
    return where


def timed(command: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def workbook_setup(clone: Path, env: dict) -> float:
    return timed(["make", "-s", ".venv/.installed", f"PYTHON={PYTHON}"], clone, env)


def plain_pip(clone: Path, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([PYTHON, "-m", "venv", str(clone / "plain")], check=True, env=env)
    timed([str(clone / "plain" / "bin" / "python"), "-m", "pip", "install", "--quiet",
           "--disable-pip-version-check", "-r", "requirements.txt"], clone, env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warm-only", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        runs = [("warm", {})]
        if not args.warm_only:
            runs.append(("cold", {"UV_CACHE_DIR": str(scratch / "uv-cache"),
                                  "PIP_NO_CACHE_DIR": "1"}))
        for name, extra in runs:
            env = dict(os.environ, **extra)
            ours = workbook_setup(fresh_clone(scratch / f"{name}-ours"), env)
            floor = plain_pip(fresh_clone(scratch / f"{name}-floor"), env)
            rows.append((name, ours, floor))
            shutil.rmtree(scratch / f"{name}-ours")
            shutil.rmtree(scratch / f"{name}-floor")
    print("environment from a fresh clone (make .venv/.installed) against plain pip, same pins:")
    for name, ours, floor in rows:
        verdict = "met" if ours <= 0.4 * floor else "MISSED"
        print(f"  {name:>4} caches: workbook {ours:6.1f} s   pip {floor:6.1f} s   "
              f"= {ours / floor:.2f}x (target 0.40x: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
