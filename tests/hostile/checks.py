"""What counts, and how it is counted (the rules of the reliability review):

- crash: an exception out of a control update, a click or a constructor; a CLI exit 2; a hang.
- data lost: work that is not kept and the learner is not told (or is told "Saved").
- unsafe output: active markup from learner text in widget HTML; SVG that is not well-formed
  XML; terminal escapes echoed; links followed outside the folder.
- non-literal diagram text: a diagram whose text does not show what was typed.

Text is compared modulo the documented tidying: characters XML cannot hold become U+FFFD and
whitespace collapses, so `key()` drops both before comparing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from widgets.case.text import xml_safe

KINDS = ("crashes", "lost", "unsafe", "nonliteral")
LABELS = {"crashes": "crash", "lost": "data lost", "unsafe": "unsafe output",
          "nonliteral": "non-literal diagram text"}


@dataclass
class Tally:
    """Counts for one area (or one part of it) and an example of each failure."""

    inputs: int = 0
    crashes: int = 0
    lost: int = 0
    unsafe: int = 0
    nonliteral: int = 0
    examples: list[dict] = field(default_factory=list)

    def fail(self, kind: str, where: str, value: object, detail: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.examples.append({"kind": kind, "where": where, "input": short(value),
                              "detail": detail[:300]})

    def add(self, other: Tally) -> None:
        for name in ("inputs", *KINDS):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.examples += other.examples

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in ("inputs", *KINDS)}

    def causes(self) -> list[tuple[int, dict]]:
        """Failures grouped by kind, place and cause (digits and inputs blurred), with one
        example each, most frequent first."""
        groups: Counter = Counter()
        first: dict = {}
        for example in self.examples:
            cause = re.sub(r"\d+", "N", example["detail"])[:90]
            place = re.sub(r"\d+", "N", example["where"])
            slot = (example["kind"], place, cause)
            groups[slot] += 1
            first.setdefault(slot, example)
        return [(count, first[slot]) for slot, count in groups.most_common()]


def short(value: object, limit: int = 70) -> str:
    """A readable repr of an input, however long."""
    if isinstance(value, str) and len(value) > limit:
        head = repr(value[:limit // 2])
        return f"{head}… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit + 10 else text[:limit] + "…"


def crash_detail(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"


_DROPPED = re.compile(r"[\s\ufffd]+")


def key(text: str) -> str:
    """Text as compared: XML-unsafe characters and whitespace removed."""
    return _DROPPED.sub("", xml_safe(text))


def tidy(text: str) -> str:
    return " ".join(xml_safe(text).split())


def normalised(value, text=key):
    """A model dump with `text` applied to every string: `key` to compare what is held with
    what restores (whitespace and XML-unsafe characters may be tidied in either order),
    `tidy` to show the difference."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {k: normalised(v, text) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normalised(v, text) for v in value]
    return value


# --- HTML --------------------------------------------------------------------------------------
class _ActiveMarkup(HTMLParser):
    """Collects what would run in a browser: script/iframe/object/embed/img elements, on*
    attributes, javascript: URLs."""

    ACTIVE_TAGS = {"script", "img", "iframe", "object", "embed", "frame", "base", "meta",
                   "link", "form"}
    URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in self.URL_ATTRIBUTES and value and re.sub(
                    r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "data:",
                                                                    "vbscript:")):
                self.found.append(f"{tag} {name}={value[:30]}")

    handle_startendtag = handle_starttag


def active_markup(html_text: str) -> list[str]:
    parser = _ActiveMarkup()
    parser.feed(html_text)
    parser.close()
    return parser.found


def html_values(view) -> dict[str, str]:
    """Every HTML widget value in a widget tree, by a path that names where it sits."""
    import ipywidgets as ipw

    found: dict[str, str] = {}

    def walk(node, path):
        if isinstance(node, ipw.HTML | ipw.HTMLMath):
            found[path] = node.value
        for index, child in enumerate(getattr(node, "children", ()) or ()):
            walk(child, f"{path}/{index}")

    walk(view, "view")
    return found


# --- SVG ---------------------------------------------------------------------------------------
SVG_NS = "{http://www.w3.org/2000/svg}"
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def svgs_in(html_text: str) -> list[str]:
    return _SVG.findall(html_text)


def parse_svg(svg: str | bytes) -> tuple[ET.Element | None, str | None]:
    """(root, None) for well-formed XML, else (None, why)."""
    try:
        if isinstance(svg, bytes):
            svg = svg.decode("utf-8")
        return ET.fromstring(svg), None
    except (ET.ParseError, UnicodeDecodeError) as error:
        return None, f"SVG not well-formed: {type(error).__name__}: {error}"


def svg_text(root: ET.Element) -> str:
    """Every text node of a drawing, in document order."""
    return "".join("".join(node.itertext()) for node in root.iter(f"{SVG_NS}text"))


def expected_in_drawing(text: str) -> list[str]:
    """What a drawing must show for one typed value: per line, the start of its tidied text
    (labels are wrapped and cut at a few hundred characters)."""
    return [piece for line in text.splitlines() or [text]
            if (piece := key(tidy(line)[:400])[:120])]


def literal_in(drawn: str, text: str) -> str | None:
    """None if every line of `text` shows literally in `drawn` (SVG text), else what is
    missing."""
    shown = key(drawn)
    for piece in expected_in_drawing(text):
        if piece not in shown and piece.upper() not in shown:  # headings are in capitals
            return f"typed {short(piece, 40)} is not in the drawing's text"
    return None
