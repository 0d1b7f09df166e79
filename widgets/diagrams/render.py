"""The thin render layer: DOT text -> SVG through Graphviz's `dot`, with a timeout and a
cache keyed by the DOT text. It is the only module that runs `dot`; builders stay pure."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache

from ..system_deps import how_to_install

DOT_TIMEOUT_SECONDS = 10


class RenderError(RuntimeError):
    """A diagram could not be drawn; the message is short and meant for the learner."""


FORMATS = ("svg", "png")


def render_svg(dot_source: str, timeout: float = DOT_TIMEOUT_SECONDS) -> str:
    return render(dot_source, "svg", timeout).decode("utf-8")


def render(dot_source: str, fmt: str = "svg", timeout: float = DOT_TIMEOUT_SECONDS) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    early = _early.pop((dot_source, fmt, timeout), None)
    if early is not None:
        early.result()  # drawn into the cache by the background thread, or raises its error
    return _render_cached(dot_source, fmt, timeout)


# Drawing ahead: Graphviz runs as its own process, so a diagram can be drawn while Python
# goes on with other work (the workshop report computes its statistics meanwhile).
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="graphviz")
_early: dict[tuple[str, str, float], Future] = {}


def draw_ahead(dot_source: str, fmt: str = "svg",
               timeout: float = DOT_TIMEOUT_SECONDS) -> None:
    """Start drawing now; a later render() of the same DOT text waits for this result."""
    key = (dot_source, fmt, timeout)
    if key not in _early:
        _early[key] = _pool.submit(_render_cached, dot_source, fmt, timeout)


@lru_cache(maxsize=256)
def _render_cached(dot_source: str, fmt: str, timeout: float) -> bytes:
    program = shutil.which("dot")
    if program is None:
        raise RenderError(how_to_install("dot"))
    try:
        result = subprocess.run([program, f"-T{fmt}"], input=dot_source.encode("utf-8"),
                                capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        message = f"Graphviz took longer than {timeout:g} s to draw this diagram."
        raise RenderError(message) from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError("Graphviz could not draw this diagram"
                          + (f": {detail[0]}" if detail else "."))
    return result.stdout


def strip_xml_prolog(svg: str) -> str:
    """Drop the XML declaration, doctype and comments so the SVG can sit inside HTML."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
