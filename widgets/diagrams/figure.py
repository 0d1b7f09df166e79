"""Diagrams and charts as notebook outputs that carry their own text alternative.

In HTML (the book, JupyterLab) a figure is a <figure> with the SVG inline, an accessible name,
a caption, and a "Text description" that a screen-reader user or a reader of the printed page
can open. As plain text it is the description itself, so nbval compares words, not SVG bytes.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

from .render import RenderError, render_svg, strip_xml_prolog


@dataclass(frozen=True, kw_only=True)
class DescribedFigure:
    alt: str
    caption: str
    description: list[str] = field(default_factory=list)

    def drawing(self) -> str:
        """The SVG; subclasses say where it comes from."""
        raise NotImplementedError

    def svg(self) -> str:
        # Scale down to the column on narrow pages; the viewBox keeps the proportions.
        svg = strip_xml_prolog(self.drawing())
        return svg.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1)

    def text_description(self) -> str:
        lines = [f"Figure: {self.caption}", self.alt]
        lines += [f"{number}. {item}" for number, item in enumerate(self.description, 1)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        try:
            drawing = (f'<div class="workbook-diagram" role="img" '
                       f'aria-label="{html.escape(self.alt)}">{self.svg()}</div>')
        except RenderError as error:
            drawing = f'<p class="workbook-error">{html.escape(str(error))}</p>'
        items = "".join(f"<li>{html.escape(item)}</li>" for item in self.description)
        return (
            '<figure class="workbook-figure">'
            f"{drawing}"
            f"<figcaption>{html.escape(self.caption)}</figcaption>"
            "<details><summary>Text description</summary>"
            f"<p>{html.escape(self.alt)}</p><ol>{items}</ol></details>"
            "</figure>"
        )

    def __repr__(self) -> str:
        return self.text_description()


@dataclass(frozen=True, kw_only=True, repr=False)
class Figure(DescribedFigure):
    """A Graphviz diagram, drawn from its DOT text by the render layer."""

    dot: str

    def drawing(self) -> str:
        return render_svg(self.dot)


def chart_svg(figure) -> str:
    """A matplotlib figure as SVG that keeps its text as text (searchable, readable by screen
    readers, small) and is the same on every run (no date, fixed ids)."""
    import matplotlib  # here: only charts need it, and it is slow to import

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "workbook"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


@dataclass(frozen=True, kw_only=True, repr=False)
class ChartFigure(DescribedFigure):
    """A chart already drawn as SVG (e.g. by matplotlib)."""

    svg_text: str

    def drawing(self) -> str:
        return self.svg_text
