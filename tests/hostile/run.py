"""The full hostile-input run: every corpus entry into every free-text field of every
exercise widget (both cases), Hypothesis text, the command line and the workshop report,
and kill -9 during autosave; a table per area, the failures by cause, and the totals.

    python tests/hostile/run.py [--inputs N] [--kills N] [--quick] [--workers N]

Exit status 0 when every count is zero, 1 otherwise.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if __package__ in (None, ""):  # run as a script: make the workbook and this package importable
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile import areas  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, help="Hypothesis-generated inputs "
                        f"(default {areas.FULL.hypothesis:,}; the corpus sweep comes on top)")
    parser.add_argument("--kills", type=int, help=f"kill -9 rounds (default {areas.FULL.kills})")
    parser.add_argument("--quick", action="store_true", help="the budget pytest runs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, default=ROOT / "_build" / "hostile" / "totals.json")
    args = parser.parse_args(argv)
    budget = areas.PYTEST if args.quick else areas.FULL
    if args.inputs is not None:
        budget = dataclasses.replace(budget, hypothesis=args.inputs)
    if args.kills is not None:
        budget = dataclasses.replace(budget, kills=args.kills)

    started = time.monotonic()
    results = areas.run(budget, workers=args.workers,
                        progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(areas.table(results))
    print()
    report = areas.failures(results)
    if report:
        print(report)
        print()
    areas.write_json(results, args.json, budget)
    print(f"wall time {time.monotonic() - started:.0f} s; written {args.json}")
    print(areas.totals_line(results))
    total = areas.totals(results)
    return 0 if not (total.crashes or total.lost or total.unsafe or total.nonliteral) else 1


if __name__ == "__main__":
    sys.exit(main())
