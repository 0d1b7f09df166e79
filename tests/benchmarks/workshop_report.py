"""Benchmark: the workshop report on 1,000 response files, next to the floor.

Generates a synthetic class of 250 students x 4 exercises (metacognition ratings, schema,
episode chain, self-states) = 1,000 response files for Angie, then prints, as the median of
RUNS runs in this process (imports done first, as a trainer's notebook or a second command
would have them):
- the floor: read every file and parse it into its typed response (read_response);
- the report: collect (which also reads and parses), every statistic, the charts, the
  consensus diagram (drawn by Graphviz) and the HTML page;
and, once, the whole `workbook workshop report` command in a fresh process (imports included).
Target: the report no more than 3x the floor.

Run: .venv/bin/python tests/benchmarks/workshop_report.py  (or `make benchmark`)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from workshop_class import make_class  # noqa: E402

from widgets import load_case  # noqa: E402
from widgets.diagrams.render import _render_cached  # noqa: E402
from widgets.work.matching import _judge, content_words  # noqa: E402
from widgets.work.responses import read_response  # noqa: E402
from widgets.workshop.page import workshop_page  # noqa: E402

STUDENTS = 250
RUNS = 5


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    case = load_case(ROOT / "cases" / "angie.yaml")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "class"
        make_class(folder, case, students=STUDENTS, broken=False)
        files = sorted(folder.glob("*.json"))
        print(f"{len(files)} response files, {sum(p.stat().st_size for p in files):,} bytes")

        def floor() -> None:
            for path in files:
                read_response(path, None)

        def report() -> None:
            # Start cold: no diagram drawn, no answer judged before (a warm cache would
            # flatter every run after the first).
            _render_cached.cache_clear()
            _judge.cache_clear()
            content_words.cache_clear()
            workshop_page(folder, case)

        report()  # first run: imports, Graphviz warm-up
        floors = [timed(floor) for _ in range(RUNS)]
        reports = [timed(report) for _ in range(RUNS)]
        floor_s, report_s = statistics.median(floors), statistics.median(reports)
        print(f"floor (read + parse):      median {floor_s:.3f} s over {RUNS} runs")
        print(f"report (in process):       median {report_s:.3f} s over {RUNS} runs")
        ratio = report_s / floor_s
        print(f"report / floor:            {ratio:.2f}x (target <= 3x: "
              f"{'met' if ratio <= 3 else 'NOT met'})")
        out = Path(scratch) / "report.html"
        command = [str(Path(sys.executable).parent / "workbook"), "workshop", "report",
                   str(folder), "--case", str(ROOT / "cases" / "angie.yaml"), "--out", str(out)]
        whole = timed(lambda: subprocess.run(command, check=True, capture_output=True))
        print(f"whole command, fresh process (imports included): {whole:.2f} s; "
              f"report page {out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
