"""The hostile-input suite as areas of the reliability review, with a budget: the full run
(tests/hostile/run.py) and the smaller one pytest runs (tests/hostile/test_hostile.py).

Area 1 and the command line run as independent tasks on a pool of forked workers (each
task has its own work folder); persistence and the workshop report run in this process
(the kill loop forks its own children, and the alarm needs the main thread).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from widgets import load_case
from widgets.work.store import DEFAULT_WORK_DIR_ENV as WORK_DIR

from . import cli_cases, drivers, persistence, report_cases
from .checks import KINDS, Tally
from .corpus import CORPUS, EXPORT_QUICK, QUICK, any_text

ROOT = Path(__file__).resolve().parents[2]
ANGIE = ROOT / "cases" / "angie.yaml"
REN = ROOT / "tests" / "cases" / "fictional-ren.yaml"
WIDGETS, HYPOTHESIS = "1. widgets: corpus", "1. widgets: Hypothesis"
PERSISTENCE, REPORT, COMMANDS = "2. persistence", "3. workshop report", "4-5. command line"
# Where Hypothesis text goes in the full run: the fields the review fuzzed, and more.
HYPOTHESIS_TARGETS = (("SchemaBuilder", "wish"), ("SchemaBuilder", "negative_self_image"),
                      ("SchemaBuilder", "pseudonym"), ("SelfStateMapper", "state 1 name"),
                      ("SelfStateMapper", "shift 1 trigger"), ("ContractDrafter", "formulation"),
                      ("MetacognitionRater", "justification"))


@dataclass(frozen=True)
class Budget:
    cases: tuple[Path, ...]
    texts: tuple[str, ...]  # into every free-text field
    export_texts: tuple[str, ...]  # into each widget before clicking its export buttons
    hypothesis: int  # Hypothesis-generated texts, spread over HYPOTHESIS_TARGETS
    kills: int
    cli_fields: tuple[str, ...] | None  # case-file fields (None: all of them)
    cli_texts: tuple[str, ...]
    calculator_texts: tuple[str, ...]  # into its number fields, besides corpus.NUMBERS
    every_choice: bool = True  # every option of every drop-down, or a few


def _texts(entries) -> tuple[str, ...]:
    return tuple(entry.text for entry in entries)


FULL = Budget(cases=(ANGIE, REN), texts=_texts(CORPUS), export_texts=_texts(CORPUS),
              hypothesis=1500, kills=400, cli_fields=None, cli_texts=_texts(CORPUS),
              calculator_texts=_texts(CORPUS))
PYTEST = Budget(cases=(ANGIE,), texts=_texts(QUICK), export_texts=_texts(EXPORT_QUICK),
                hypothesis=70, kills=40,
                cli_fields=("title", "person.pseudonym", "schema wish", "episode title"),
                cli_texts=_texts(QUICK), calculator_texts=_texts(QUICK[::4]),
                every_choice=False)


@dataclass
class AreaResult:
    tally: Tally = field(default_factory=Tally)
    parts: dict[str, Tally] = field(default_factory=dict)
    seconds: float = 0.0  # wall time of the area
    part_seconds: dict[str, float] = field(default_factory=dict)  # summed over its tasks
    notes: list[str] = field(default_factory=list)

    def add(self, part: str, tally: Tally, seconds: float = 0.0) -> None:
        self.tally.add(tally)
        self.parts.setdefault(part, Tally()).add(tally)
        self.part_seconds[part] = self.part_seconds.get(part, 0.0) + seconds


# --- tasks (run in forked workers; arguments are plain data) --------------------------------------
@cache
def case_at(path: str):
    return load_case(path)


def _scratch(base: str) -> Path:
    return Path(tempfile.mkdtemp(dir=base))


def task_text(base, case, widget, field_name, texts) -> Tally:
    return drivers.sweep_text(drivers.DRIVERS[widget], case_at(case), _scratch(base),
                              field_name, texts)


def task_exports(base, case, widget, texts) -> Tally:
    return drivers.sweep_exports(drivers.DRIVERS[widget], case_at(case), _scratch(base), texts)


def task_rater(base, case, every) -> Tally:
    return drivers.sweep_rater_choices(case_at(case), _scratch(base), every)


def task_chain(base, case, every) -> Tally:
    return drivers.sweep_chain_choices(case_at(case), _scratch(base), every)


def task_calculator(base, case, texts) -> Tally:
    return drivers.sweep_calculator(case_at(case), texts)


def task_case_files(base, field_name, texts) -> Tally:
    return cli_cases.sweep_case_files(_scratch(base), texts, (field_name,))


def task_responses(base, texts) -> Tally:
    return cli_cases.sweep_responses(_scratch(base), texts)


def task_arguments(base) -> Tally:
    return cli_cases.sweep_arguments(_scratch(base))


TASKS: dict[str, Callable[..., Tally]] = {
    name.removeprefix("task_"): function for name, function in globals().items()
    if name.startswith("task_")}


def run_task(task: tuple) -> tuple[str, Tally, float]:
    """(part name, tally, seconds). A fault in the suite is reported as such, never raised."""
    part, name, *args = task
    started = time.monotonic()
    try:
        tally = TASKS[name](*args)
    except Exception as error:
        tally = Tally()
        tally.fail("crashes", "the hostile suite itself", name,
                   f"{type(error).__name__}: {error} (a fault in tests/hostile)")
    return part, tally, time.monotonic() - started


def widget_tasks(budget: Budget, base: str) -> list[tuple]:
    tasks = []
    for case in map(str, budget.cases):
        for driver in drivers.DRIVERS.values():
            tasks += [(driver.name, "text", base, case, driver.name, f.name, budget.texts)
                      for f in driver.fields]
            if driver.export_field:
                tasks.append((driver.name, "exports", base, case, driver.name,
                              budget.export_texts))
        tasks += [("MetacognitionRater", "rater", base, case, budget.every_choice),
                  ("EpisodeChainBuilder", "chain", base, case, budget.every_choice),
                  ("ChangeCalculator", "calculator", base, case, budget.calculator_texts)]
    return tasks


def hypothesis_texts(count: int) -> list[str]:
    """`count` texts from Hypothesis, the same on every run (derandomized)."""
    from hypothesis import HealthCheck, Phase, given, settings

    found: list[str] = []

    @settings(max_examples=count, database=None, derandomize=True, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(any_text())
    def collect(text):
        found.append(text)

    collect()
    return found[:count]


def hypothesis_tasks(budget: Budget, base: str) -> list[tuple]:
    texts = hypothesis_texts(budget.hypothesis)
    tasks = []
    for number, (widget, field_name) in enumerate(HYPOTHESIS_TARGETS):
        mine = texts[number::len(HYPOTHESIS_TARGETS)]
        for start in range(0, len(mine), 60):
            tasks.append((widget, "text", base, str(ANGIE), widget, field_name,
                          tuple(mine[start:start + 60])))
    return tasks


def command_tasks(budget: Budget, base: str) -> list[tuple]:
    fields = budget.cli_fields or tuple(cli_cases.CASE_FIELDS)
    return ([("case files", "case_files", base, name, budget.cli_texts) for name in fields]
            + [("render --response", "responses", base, budget.cli_texts),
               ("arguments", "arguments", base)])


# --- the run -----------------------------------------------------------------------------------
def scratch_root() -> str:
    """A fresh folder, in memory where there is one (saving fsyncs; the disk is not tested)."""
    shm = Path("/dev/shm")
    return tempfile.mkdtemp(prefix="hostile-", dir=shm if shm.is_dir() else None)


def remove_tree(path: str) -> None:
    """rm -rf: shutil.rmtree recurses once per level and some trees here are 1,200 deep."""
    subprocess.run(["chmod", "-R", "u+rwx", path], check=False, capture_output=True)
    subprocess.run(["rm", "-rf", path], check=False)


def run(budget: Budget, workers: int = 2,
        progress: Callable[[str], None] = lambda _line: None) -> dict[str, AreaResult]:
    results = {area: AreaResult() for area in (WIDGETS, HYPOTHESIS, PERSISTENCE, REPORT,
                                               COMMANDS)}
    base = scratch_root()
    before = os.environ.get(WORK_DIR)
    os.environ[WORK_DIR] = os.path.join(base, "default-work")  # never the repository's work/
    try:
        with get_context("fork").Pool(workers) as pool:
            for area, make in ((WIDGETS, widget_tasks), (HYPOTHESIS, hypothesis_tasks)):
                _pooled(pool, results[area], make(budget, base), progress, area)
            _in_process(results[PERSISTENCE], progress, PERSISTENCE,
                        lambda result: _persistence(result, budget, Path(base)))
            _in_process(results[REPORT], progress, REPORT, lambda result: result.add(
                "workshop report", report_cases.sweep_report(Path(_scratch(base)),
                                                             budget.cli_texts)))
            _pooled(pool, results[COMMANDS], command_tasks(budget, base), progress, COMMANDS)
    finally:
        remove_tree(base)
        if before is None:
            os.environ.pop(WORK_DIR, None)
        else:
            os.environ[WORK_DIR] = before
    return results


def _pooled(pool, result: AreaResult, tasks: list[tuple], progress, area: str) -> None:
    started = time.monotonic()
    for part, tally, seconds in pool.imap_unordered(run_task, tasks):
        result.add(part, tally, seconds)
    result.seconds = time.monotonic() - started
    progress(f"{area}: {result.tally.inputs:,} inputs in {result.seconds:.1f} s")


def _in_process(result: AreaResult, progress, area: str,
                work: Callable[[AreaResult], None]) -> None:
    started = time.monotonic()
    try:
        work(result)
    except Exception as error:
        tally = Tally()
        tally.fail("crashes", "the hostile suite itself", area,
                   f"{type(error).__name__}: {error} (a fault in tests/hostile)")
        result.add(area, tally)
    result.seconds = time.monotonic() - started
    progress(f"{area}: {result.tally.inputs:,} inputs in {result.seconds:.1f} s")


def _persistence(result: AreaResult, budget: Budget, base: Path) -> None:
    case = case_at(str(ANGIE))
    kills, notes = persistence.kill_loop(case, _scratch(str(base)), budget.kills)
    result.add("kill -9 during autosave", kills)
    result.notes += notes
    for path in budget.cases:
        result.add("two tabs", persistence.two_tabs(case_at(str(path)), _scratch(str(base))))
    result.add("special save files", persistence.special_saves(case, _scratch(str(base))))


# --- what is printed ---------------------------------------------------------------------------
def totals(results: dict[str, AreaResult]) -> Tally:
    total = Tally()
    for result in results.values():
        total.add(result.tally)
    return total


def totals_line(results: dict[str, AreaResult]) -> str:
    total = totals(results)
    kills = results[PERSISTENCE].parts.get("kill -9 during autosave", Tally())
    kill_text = (f"{kills.inputs:,} kills lost nothing" if kills.lost == 0 else
                 f"{kills.inputs:,} kills lost work {kills.lost:,} times")
    return (f"hostile: {total.inputs:,} inputs, {total.crashes:,} crashes, {total.lost:,} data "
            f"lost, {total.unsafe:,} unsafe outputs ({total.nonliteral:,} non-literal diagram "
            f"texts), {kill_text}")


def table(results: dict[str, AreaResult]) -> str:
    header = ("area", "inputs", "crashes", "data lost", "unsafe", "non-literal", "time")
    rows = [header]
    for area, result in results.items():
        rows.append(_row(area, result.tally, f"{result.seconds:.1f} s"))
        if len(result.parts) > 1:
            rows += [_row(f"  {part}", tally, _task_time(result.part_seconds.get(part)))
                     for part, tally in sorted(result.parts.items())]
    rows.append(_row("total", totals(results),
                     f"{sum(r.seconds for r in results.values()):.1f} s"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(row)) for row in rows)


def _task_time(seconds: float | None) -> str:
    """Summed over a part's tasks, which run side by side: not wall time."""
    return f"({seconds:.1f} s)" if seconds else ""


def _row(name: str, tally: Tally, seconds: str) -> tuple[str, ...]:
    return (name, f"{tally.inputs:,}", *(f"{getattr(tally, kind):,}" for kind in KINDS),
            seconds)


def failures(results: dict[str, AreaResult], per_area: int = 15) -> str:
    """Each area's failures grouped by cause, with one example each (field, input, what)."""
    lines = []
    for area, result in results.items():
        causes = result.tally.causes()
        if not causes and not result.notes:
            continue
        lines.append(f"{area}:")
        for count, example in causes[:per_area]:
            lines.append(f"  {example['kind']} x{count}  {example['where']}  "
                         f"input {example['input']}  {example['detail'][:160]}")
        if len(causes) > per_area:
            lines.append(f"  … and {len(causes) - per_area} more causes (see the JSON file)")
        lines += [f"  note: {note}" for note in result.notes]
    return "\n".join(lines)


def write_json(results: dict[str, AreaResult], path: Path, budget: Budget) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "line": totals_line(results),
        "budget": {"cases": [p.name for p in budget.cases], "texts": len(budget.texts),
                   "hypothesis": budget.hypothesis, "kills": budget.kills},
        "totals": totals(results).counts(),
        "areas": {area: {"counts": r.tally.counts(), "seconds": round(r.seconds, 1),
                         "parts": {p: t.counts() for p, t in r.parts.items()},
                         "notes": r.notes,
                         "causes": [{"count": n, **example}
                                    for n, example in r.tally.causes()[:300]]}
                  for area, r in results.items()},
    }
    path.write_text(json.dumps(record, indent=2, ensure_ascii=True) + "\n", encoding="utf-8")
