"""The workshop report's two charts, written directly as SVG text (pure functions).

matplotlib would take about 90 to 330 ms for the rating chart alone, several times what
reading a whole class's files takes, and the report has to stay within three times that
floor (see tests/benchmarks/workshop_report.py). These charts are simple: circles, diamonds,
lines and numbers. Text stays text; the charts carry no student text; every label is escaped.
"""

from __future__ import annotations

import math
from html import escape
from xml.sax.saxutils import quoteattr

from ..case.vocabulary import SCALE_BY_ID
from ..diagrams.figure import ChartFigure
from .report import RatingsSummary

FONT = "font-family='Helvetica, Arial, sans-serif'"
ROW, COLUMN, LEFT, TOP, BOTTOM = 22, 44, 34, 30, 36


def _svg(width: float, height: float, label: str, body: list[str]) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width:.0f}' "
            f"height='{height:.0f}' viewBox='0 0 {width:.0f} {height:.0f}' role='img' "
            f"aria-label={quoteattr(label)}><title>{escape(label)}</title>"
            + "".join(body) + "</svg>")


def _diamond(x: float, y: float, r: float = 6) -> str:
    points = f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"
    return f"<polygon points='{points}' fill='#1d5b2c' stroke='#0b2e15'/>"


def scale_chart_svg(label: str, minimum: int, maximum: int, vignettes: list[dict],
                    students: int) -> str:
    """One scale: a column per vignette, a row per rating; circle size and the number beside
    it say how many students gave that rating; a diamond marks the reference."""
    levels = range(minimum, maximum + 1)
    width = LEFT + COLUMN * len(vignettes) + 20
    height = TOP + ROW * len(levels) + BOTTOM

    def y(level: int) -> float:
        return TOP + ROW * (maximum - level) + ROW / 2

    body = [f"<text x='{width / 2:.0f}' y='16' text-anchor='middle' font-size='12' "
            f"font-weight='bold' {FONT}>{escape(label)} ({minimum}–{maximum})</text>"]
    for level in levels:
        body.append(f"<line x1='{LEFT}' x2='{width - 10}' y1='{y(level):.1f}' "
                    f"y2='{y(level):.1f}' stroke='#e4e4e4'/>"
                    f"<text x='{LEFT - 8}' y='{y(level) + 4:.1f}' text-anchor='end' "
                    f"font-size='10' {FONT}>{level}</text>")
    for column, vignette in enumerate(vignettes):
        x = LEFT + COLUMN * column + COLUMN / 2 - 6
        body.append(f"<text x='{x:.1f}' y='{height - BOTTOM + 16}' text-anchor='middle' "
                    f"font-size='10' {FONT}>{column + 1}</text>")
        for level_text, count in vignette["counts"].items():
            if not count:
                continue
            r = 2.5 + 8 * math.sqrt(count / max(students, 1))
            body.append(f"<circle cx='{x:.1f}' cy='{y(int(level_text)):.1f}' r='{r:.1f}' "
                        "fill='none' stroke='#333' stroke-width='1.2'/>"
                        f"<text x='{x + 11:.1f}' y='{y(int(level_text)) + 3.5:.1f}' "
                        f"font-size='9' {FONT}>{count}</text>")
        if vignette["reference"] is not None:
            body.append(_diamond(x, y(vignette["reference"])))
    body.append(f"<text x='{width / 2:.0f}' y='{height - 6}' text-anchor='middle' "
                f"font-size='10' {FONT}>Vignette</text>")
    return _svg(width, height, f"{label}: ratings per vignette", body)


def distribution_figure(ratings: RatingsSummary) -> ChartFigure:
    charts = [scale_chart_svg(s.label, SCALE_BY_ID[s.scale].minimum,
                              SCALE_BY_ID[s.scale].maximum, s.vignettes, ratings.students)
              for s in ratings.scales]
    # Two by two, as nested SVGs in one drawing, with the key written underneath.
    sizes = [tuple(float(v) for v in c.split("viewBox='0 0 ", 1)[1].split("'")[0].split())
             for c in charts]
    cell_w, cell_h = max(w for w, _h in sizes) + 16, max(h for _w, h in sizes) + 8
    body = [c.replace("<svg ", f"<svg x='{cell_w * (i % 2):.0f}' y='{cell_h * (i // 2):.0f}' ",
                      1) for i, c in enumerate(charts)]
    rows = math.ceil(len(charts) / 2)
    body.append(f"<text x='4' y='{cell_h * rows + 14:.0f}' font-size='11' {FONT}>○ students: "
                "the circle's size and the number beside it say how many gave that rating"
                " · ◆ the reference rating</text>")
    svg = _svg(cell_w * 2, cell_h * rows + 22, "Ratings per scale and vignette", body)
    description = []
    for scale in ratings.scales:
        for vignette in scale.vignettes:
            spread = ", ".join(f"{level}: {n}" for level, n in vignette["counts"].items() if n)
            reference = "none" if vignette["reference"] is None else vignette["reference"]
            description.append(f"{scale.label}, {vignette['title']}: reference {reference}; "
                               f"students' ratings (rating: how many) {spread or 'none'}.")
    return ChartFigure(
        svg_text=svg,
        alt=("Four charts, one per rubric scale. For each vignette, open circles show the "
             "ratings students gave, larger for more students and with the count written "
             "beside them; a filled diamond marks the reference rating."),
        caption="The class's ratings against the reference, per scale and vignette.",
        description=description)


def icc_strip_svg(values: list[float]) -> str:
    low = min([-0.1, *values]) - 0.05
    width, height, left, right = 620, 110, 20, 600

    def x(value: float) -> float:
        return left + (right - left) * (value - low) / (1.0 - low)

    body = [f"<line x1='{left}' x2='{right}' y1='80' y2='80' stroke='#333'/>"]
    for tick in [t / 10 for t in range(math.ceil(low * 10), 11, 2)]:
        body.append(f"<line x1='{x(tick):.1f}' x2='{x(tick):.1f}' y1='80' y2='84' "
                    f"stroke='#333'/><text x='{x(tick):.1f}' y='96' text-anchor='middle' "
                    f"font-size='10' {FONT}>{tick:.1f}</text>")
    for limit, name, label_y in ((0.5, "poor | moderate", 10), (0.75, "moderate | good", 10),
                                 (0.9, "good | excellent", 21)):
        body.append(f"<line x1='{x(limit):.1f}' x2='{x(limit):.1f}' y1='14' y2='80' "
                    "stroke='#777' stroke-dasharray='4 3'/>"
                    f"<text x='{x(limit):.1f}' y='{label_y}' text-anchor='middle' "
                    f"font-size='8' {FONT}>{escape(name)}</text>")
    for index, value in enumerate(values):
        jitter = 26 + (index * 37 % 48)
        body.append(f"<circle cx='{x(value):.1f}' cy='{jitter}' r='3.5' fill='none' "
                    "stroke='#222'/>")
    body.append(f"<text x='{width / 2}' y='{height - 2}' text-anchor='middle' font-size='10' "
                f"{FONT}>ICC(2,1) with the reference (one circle per student)</text>")
    return _svg(width, height, "Each student's agreement with the reference", body)


def icc_figure(ratings: RatingsSummary) -> ChartFigure:
    values = [a.icc for a in ratings.agreement if a.icc is not None]
    return ChartFigure(
        svg_text=icc_strip_svg(values),
        alt=("A strip of circles, one per student, placed by their agreement with the "
             "reference (ICC); dashed lines mark the Koo and Li bands at 0.5, 0.75 and 0.9."),
        caption="Each student's agreement with the reference ratings.",
        description=[f"{name}: {count} students" for name, count in ratings.bands.items()])
