"""Benchmark: how long from a keystroke in the SchemaBuilder to a new diagram.

Prints, for the Angie schema over 200 edits (each a new text, so no cache hits):
- the widget's latency from a field change to the new SVG in its HTML widget (this includes
  building the DOT, running dot, the narrative, and the atomic autosave);
- a bare `dot -Tsvg` subprocess on the same DOT texts (the floor);
- a cached repeat of an already drawn diagram.
Target: widget median no more than 1.5x the bare call; the cache hit effectively instant.

Run: .venv/bin/python tests/benchmarks/schema_builder_latency.py  (or `make benchmark`)
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from widgets import load_case  # noqa: E402
from widgets.diagrams.render import render_svg  # noqa: E402
from widgets.exercises.schema_builder import SchemaBuilder  # noqa: E402

EDITS = 200


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(name: str, seconds: list[float], unit: str = "ms") -> float:
    scale = {"ms": 1e3, "µs": 1e6}[unit]
    median = statistics.median(seconds) * scale
    p95 = percentile(seconds, .95) * scale
    print(f"{name:<44} median {median:8.2f} {unit}   p95 {p95:8.2f} {unit}")
    return median


def main() -> None:
    case = load_case(ROOT / "cases" / "angie.yaml")
    key = case.formulation.schemas[0]
    with tempfile.TemporaryDirectory() as work:
        builder = SchemaBuilder(case, work_dir=work)
        for field, items in (("negative_self_image", key.negative_self_image),
                             ("reactions_of_self", key.reactions_of_self),
                             ("coping_intrapsychic", key.coping.intrapsychic)):
            builder.fields[field].value = "\n".join(item.text for item in items)
        widget, sources = [], []
        for edit in range(EDITS):
            start = time.perf_counter()
            builder.wish.value = f"To be comforted and loved ({edit})"
            widget.append(time.perf_counter() - start)
            assert f"({edit})" in builder.diagram.value
            sources.append(builder.figure().dot)

    dot = shutil.which("dot")
    bare = []
    for source in sources:
        start = time.perf_counter()
        subprocess.run([dot, "-Tsvg"], input=source.encode(), capture_output=True, check=True)
        bare.append(time.perf_counter() - start)

    cached = []
    for source in sources:
        render_svg(source)  # already drawn above: every call here is a cache hit
        start = time.perf_counter()
        render_svg(source)
        cached.append(time.perf_counter() - start)

    print(f"Schema builder latency, Angie case, {EDITS} edits")
    widget_median = report("widget: field change -> new SVG", widget)
    bare_median = report("bare `dot -Tsvg` on the same DOT", bare)
    report("cached repeat (render_svg, same DOT)", cached, unit="µs")
    ratio = widget_median / bare_median
    print(f"widget / bare (medians): {ratio:.2f}x  (target <= 1.5x: "
          f"{'met' if ratio <= 1.5 else 'NOT met'})")


if __name__ == "__main__":
    main()
