"""Benchmark: what a class costs a JupyterHub, measured with real kernels on this machine.

Prints figures, never pass/fail (the page "Running the workbook for a class" quotes them):

1. One student's kernel: a kernel runs every chapter's code cells in order, as a student who
   works through the book in one kernel would, and its memory is read after each chapter.
   Each chapter is also run alone in a fresh kernel (in JupyterLab every open notebook has a
   kernel of its own), and the idle JupyterLab server a hub starts for each student is
   measured too.
2. A class at work: N kernels (20 by default) each run chapter 2's set-up, then for a minute
   all drive the schema builder's edit -> diagram path at once: an edit sets the wish from
   the kernel and the time until the builder's diagram (an HTML widget) holds the new SVG is
   recorded inside the kernel. Each kernel edits once every --interval seconds (staggered), a
   student revising a field; an edit that comes due while the last is still drawing waits for
   it. The same loop in one kernel alone, in the same run, is the floor.

Memory is USS (what the process alone holds: what one more student adds) and PSS (its fair
share of shared pages; summed over processes it is their true total) from psutil, or RSS
from /proc when psutil is missing. CPU is the kernels' own CPU time, including the `dot`
programs they run, over the window's wall time. The machine is shared: the load average
at the start and the end says how busy it was.

Run: .venv/bin/python tests/benchmarks/class_hub.py  (or `make benchmark`)
     options: --kernels 20 --seconds 60 --interval 1.0
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"
SCHEMA_CHAPTER = "02-interpersonal-schemas.ipynb"
MB = 1024 * 1024

try:
    import psutil
except ImportError:  # RSS from /proc is enough to size a hub roughly
    psutil = None


# --- the machine and its processes -----------------------------------------------------------
def machine() -> str:
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    total = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:"))
    cores = len(os.sched_getaffinity(0))
    return (f"{cores} cores, {total / 1024 / 1024:.1f} GiB RAM, "
            f"Python {sys.version.split()[0]}, {os.uname().sysname} {os.uname().release}")


def load_average() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def memory(pid: int) -> dict[str, float]:
    """MB of one process: uss, pss, rss (only rss without psutil)."""
    if psutil is not None:
        info = psutil.Process(pid).memory_full_info()
        return {"uss": info.uss / MB, "pss": info.pss / MB, "rss": info.rss / MB}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return {"rss": int(line.split()[1]) / 1024}
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and of the children it has waited for (the dot programs)."""
    if psutil is not None:
        times = psutil.Process(pid).cpu_times()
        return times.user + times.system + times.children_user + times.children_system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def memory_line(name: str, figures: dict[str, float]) -> str:
    return f"{name:<52}" + "  ".join(f"{key.upper()} {value:7.1f} MB"
                                       for key, value in figures.items())


# --- kernels ---------------------------------------------------------------------------------
class Kernel:
    """A Python kernel started as JupyterLab starts one, in chapters/, with scratch work."""

    def __init__(self, work_dir: str):
        env = dict(os.environ, WORKBOOK_WORK_DIR=work_dir)
        # IPC sockets, as on one machine there is no need for TCP (and its warning); an
        # absolute path, as the kernel runs in chapters/ and the client here.
        Path(work_dir).mkdir(parents=True, exist_ok=True)
        self.manager = KernelManager(kernel_name="python3", transport="ipc",
                                     ip=str(Path(work_dir) / "kernel"))
        self.manager.start_kernel(cwd=str(CHAPTERS), env=env)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    @property
    def pid(self) -> int:
        return self.manager.provisioner.process.pid

    def run(self, code: str, timeout: float = 300) -> str:
        """Run code; return what it printed. An error in the kernel stops the benchmark."""
        printed: list[str] = []
        errors: list[str] = []

        def hook(message) -> None:
            kind, content = message["msg_type"], message["content"]
            if kind == "stream" and content["name"] == "stdout":
                printed.append(content["text"])
            elif kind == "error":
                errors.append(f"{content['ename']}: {content['evalue']}")

        reply = self.client.execute_interactive(code, timeout=timeout, output_hook=hook,
                                                allow_stdin=False)
        if reply["content"]["status"] != "ok" or errors:
            raise RuntimeError("; ".join(errors) or reply["content"].get("evalue", "error"))
        return "".join(printed)

    def run_chapter(self, path: Path) -> None:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                self.run(cell.source)

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def chapters() -> list[Path]:
    return sorted(CHAPTERS.glob("[0-9][0-9]-*.ipynb"))


# --- 1. one student ------------------------------------------------------------------------
def one_student() -> None:
    print("\n1. One student's kernel, every chapter in turn in one kernel")
    with tempfile.TemporaryDirectory() as work:
        kernel = Kernel(work)
        try:
            print(f"{'':<52}(the kernel's CPU time for each chapter, with its dot runs)")
            print(memory_line(f"kernel started ({cpu_seconds(kernel.pid):4.1f} s CPU)",
                              memory(kernel.pid)))
            for path in chapters():
                before = cpu_seconds(kernel.pid)
                kernel.run_chapter(path)
                used = cpu_seconds(kernel.pid) - before
                print(memory_line(f"after {path.stem[:31]} ({used:4.1f} s CPU)",
                                  memory(kernel.pid)))
        finally:
            kernel.stop()

    print("\n   Each chapter alone in a fresh kernel (one open notebook, one kernel; the CPU time"
          " includes starting the kernel)")
    for path in chapters():
        with tempfile.TemporaryDirectory() as work:
            kernel = Kernel(work)
            try:
                kernel.run_chapter(path)
                used = cpu_seconds(kernel.pid)
                print(memory_line(f"{path.stem[:36]} ({used:4.1f} s CPU)", memory(kernel.pid)))
            finally:
                kernel.stop()


def lab_server() -> None:
    """The single-user server a hub starts per student: JupyterLab, idle, no browser."""
    import secrets
    import socket
    import subprocess

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=home, JUPYTER_DATA_DIR=home)
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--port={port}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={ROOT}",
             f"--IdentityProvider.token={secrets.token_hex(16)}", "--LabApp.news_url=None",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             *(["--allow-root"] if os.geteuid() == 0 else [])],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with socket.socket() as client:
                    if client.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.2)
            else:
                print("   JupyterLab did not start within 60 s; its memory is not measured")
                return
            time.sleep(2)  # let it finish loading its extensions
            print(memory_line("JupyterLab server, idle (one per student)", memory(server.pid)))
        finally:
            server.terminate()
            server.wait(timeout=30)


# --- 2. a class at work ----------------------------------------------------------------------
# Runs inside each kernel after chapter 2: edits the wish of the chapter's first schema
# builder on a schedule and times, from inside the kernel, each edit until the diagram changes.
EDIT_LOOP = """
import json as _json, math as _math, time as _time
from widgets.exercises.schema_builder import SchemaBuilder as _Builder
from widgets.work.schema import from_published as _from_published
_builder = next(v for v in list(globals().values()) if isinstance(v, _Builder))
_builder.set_work(_from_published(_builder.key))  # a full diagram, as a student's would be
_builder.refresh()
_changed = []
_builder.diagram.observe(lambda change: _changed.append(_time.perf_counter()), names="value")
_latencies, _late = [], 0
_start, _end, _interval, _offset = {start!r}, {end!r}, {interval!r}, {offset!r}
_time.sleep(max(0.0, _start - _time.time()))
_edit = 0
while True:
    _due = _start + _offset + _edit * _interval
    if _due >= _end or _time.time() >= _end:  # past the minute: the edits left are not made
        break
    _wait = _due - _time.time()
    if _wait > 0:
        _time.sleep(_wait)
    elif _wait < -0.05:  # the last edit was still drawing when this one came due
        _late += 1
    _changed.clear()
    _t = _time.perf_counter()
    _builder.wish.value = "To be comforted and loved ({tag} " + str(_edit) + ")"
    if not _changed:
        raise RuntimeError("the diagram did not change after an edit")
    _latencies.append(_changed[0] - _t)
    _edit += 1
_planned = max(0, _math.ceil((_end - _start - _offset) / _interval))
print(_json.dumps({{"latencies": _latencies, "late": _late, "planned": _planned}}))
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def set_up_kernels(count: int, work: str) -> list[Kernel]:
    kernels = []
    for index in range(count):
        kernel = Kernel(str(Path(work) / f"student-{index:02d}"))
        kernels.append(kernel)
        kernel.run_chapter(CHAPTERS / SCHEMA_CHAPTER)
    return kernels


def drive(kernels: list[Kernel], seconds: float, interval: float) -> dict:
    """All kernels run the edit loop at once; returns latencies, memory, CPU."""
    start = time.time() + 2.0  # every kernel has its code before the first edit is due
    end = start + seconds
    results: queue.Queue = queue.Queue()

    def one(index: int, kernel: Kernel) -> None:
        code = EDIT_LOOP.format(start=start, end=end, interval=interval,
                                offset=interval * index / len(kernels), tag=f"k{index}")
        try:
            results.put(json.loads(kernel.run(code, timeout=seconds + 120).strip()))
        except Exception as error:  # noqa: BLE001 - reported below, the others go on
            results.put({"error": str(error)})

    cpu_before = [cpu_seconds(k.pid) for k in kernels]
    threads = [threading.Thread(target=one, args=(i, k)) for i, k in enumerate(kernels)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start - time.time()))
    busy_before, total_before = machine_busy()
    wall_before = time.perf_counter()
    samples: list[list[dict[str, float]]] = []
    while time.time() < end - 1:
        samples.append([memory(k.pid) for k in kernels])
        time.sleep(min(5.0, max(0.0, end - 1 - time.time())))
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall_before
    busy_after, total_after = machine_busy()
    cpu = sum(cpu_seconds(k.pid) - before for k, before in zip(kernels, cpu_before, strict=True))
    samples.append([memory(k.pid) for k in kernels])

    outcomes = [results.get() for _ in kernels]
    errors = [o["error"] for o in outcomes if "error" in o]
    latencies = [value for o in outcomes if "latencies" in o for value in o["latencies"]]
    return {"latencies": latencies, "late": sum(o.get("late", 0) for o in outcomes),
            "planned": sum(o.get("planned", 0) for o in outcomes),
            "errors": errors, "cpu": cpu, "wall": wall,
            "machine_busy": (busy_after - busy_before) / max(1, total_after - total_before),
            "memory": samples}


def report_class(name: str, figures: dict, cores: int) -> float:
    latencies = figures["latencies"]
    if figures["errors"]:
        print(f"   {len(figures['errors'])} kernel(s) failed: {figures['errors'][0]}")
    if not latencies:
        print(f"   {name}: no edits were timed")
        return float("nan")
    median = statistics.median(latencies) * 1e3
    p95 = percentile(latencies, .95) * 1e3
    print(f"   {name:<34} edit -> diagram median {median:7.1f} ms   p95 {p95:7.1f} ms   "
          f"({len(latencies)} of {figures['planned']} edits made, {figures['late']} late)")
    busy = figures["cpu"] / figures["wall"]
    print(f"   {'':<34} kernels' CPU {busy:5.2f} cores ({100 * busy / cores:4.0f}% of "
          f"{cores}); whole machine busy {100 * figures['machine_busy']:4.0f}%")
    last = figures["memory"][-1]
    for key in last[0]:
        total = sum(m[key] for m in last)
        peak_total = max(sum(m[key] for m in sample) for sample in figures["memory"])
        per = [m[key] for m in last]
        print(f"   {'':<34} {key.upper()}: total {total:7.1f} MB (peak {peak_total:7.1f}), "
              f"per kernel median {statistics.median(per):6.1f} MB, max {max(per):6.1f} MB")
    return median


def a_class(count: int, seconds: float, interval: float, cores: int) -> None:
    print(f"\n2. A class at work: chapter 2's schema builder, one edit every {interval:g} s "
          f"per kernel, {seconds:g} s")
    with tempfile.TemporaryDirectory() as work:
        alone = set_up_kernels(1, str(Path(work) / "floor"))
        try:
            floor = report_class("1 kernel alone (floor)", drive(alone, seconds, interval),
                                 cores)
        finally:
            for kernel in alone:
                kernel.stop()
        started = time.perf_counter()
        kernels = set_up_kernels(count, str(Path(work) / "class"))
        print(f"   ({count} kernels started and ran chapter 2 in "
              f"{time.perf_counter() - started:.0f} s, one after another)")
        try:
            loaded = report_class(f"{count} kernels at once", drive(kernels, seconds, interval),
                                  cores)
        finally:
            for kernel in kernels:
                kernel.stop()
    print(f"   under load / floor (medians): {loaded / floor:.2f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernels", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=1.0,
                        help="seconds between one kernel's edits")
    parser.add_argument("--skip-chapters", action="store_true",
                        help="only the class at work (part 2)")
    parser.add_argument("--skip-class", action="store_true",
                        help="only one student's kernel and the Lab server (part 1)")
    args = parser.parse_args(argv)
    cores = len(os.sched_getaffinity(0))
    print(f"Class on a hub, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"Machine: {machine()}")
    print(f"Memory from {'psutil (USS, PSS, RSS)' if psutil else '/proc (RSS only)'}")
    print(f"Load average at the start (1, 5, 15 min): {load_average()}")
    if not args.skip_chapters:
        one_student()
        lab_server()
    if not args.skip_class:
        a_class(args.kernels, args.seconds, args.interval, cores)
    print(f"\nLoad average at the end (1, 5, 15 min): {load_average()}")


if __name__ == "__main__":
    main()
