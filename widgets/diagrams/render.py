"""The thin render layer: DOT text -> SVG through Graphviz's `dot`, with a timeout and a
cache keyed by the DOT text. It is the only module that runs `dot`; builders stay pure.

Whatever goes wrong while drawing reaches the caller as a RenderError with a short message,
never as another exception: an SVG is only handed on once it is known to be UTF-8 and
well-formed XML. The check parses with expat and keeps no tree: about 3 ms for a 390 kB
schema diagram that `dot` takes 170 ms to draw, and it runs once per cached drawing.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.parsers.expat
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache

from ..system_deps import how_to_install

DOT_TIMEOUT_SECONDS = 10


class RenderError(RuntimeError):
    """A diagram could not be drawn; the message is short and meant for the learner."""


FORMATS = ("svg", "png")


def render_svg(dot_source: str, timeout: float = DOT_TIMEOUT_SECONDS) -> str:
    return render(dot_source, "svg", timeout).decode("utf-8")  # checked by _render_cached


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
    except (OSError, UnicodeEncodeError) as error:  # dot not runnable; text not encodable
        raise RenderError(f"Graphviz could not be run: {_first_line(error)}") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError("Graphviz could not draw this diagram"
                          + (f": {detail[0]}" if detail else "."))
    if fmt == "svg":
        _check_svg(result.stdout)
    return result.stdout


def _check_svg(svg: bytes) -> None:
    """Refuse SVG that is not UTF-8 or not well-formed XML: a browser shows nothing for it,
    an exported file would not open, and decoding it would raise far from here."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(svg, True)
    except xml.parsers.expat.ExpatError as error:
        raise RenderError("Graphviz drew this diagram as an SVG file that is not valid "
                          f"(line {error.lineno}: {xml.parsers.expat.errors.messages[error.code]}"
                          ").") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def strip_xml_prolog(svg: str) -> str:
    """Drop the XML declaration, doctype and comments so the SVG can sit inside HTML."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
