"""The metacognition profile as a chart: per rubric scale, the reference ratings and the
learner's submitted ones across time points, with a text description."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure as MplFigure

from ..case.model import Case
from ..case.vocabulary import MASA_SCALES, SCALE_BY_ID, TIME_POINT_LABELS, TimePoint
from ..work.rating_results import profile_data
from ..work.ratings import RatingsWork
from .figure import ChartFigure, chart_svg

STYLES = {  # line style and marker carry the meaning as well as colour
    "Reference": {"linestyle": "-", "marker": "s", "color": "#1d5b2c"},
    "You": {"linestyle": "--", "marker": "o", "color": "#7a1f1f"},
}


def profile_svg(profile: pd.DataFrame, title: str) -> str:
    figure = MplFigure(figsize=(8, 5.2), layout="constrained")
    axes = figure.subplots(2, 2).flatten()
    points = [tp for tp in TimePoint if tp in set(profile["time_point"])] if len(profile) else []
    for axis, scale in zip(axes, MASA_SCALES, strict=True):
        for who, style in STYLES.items():
            part = profile[(profile["scale"] == scale.id) & (profile["who"] == who)] if len(
                profile) else profile
            if len(part):
                xs = [points.index(tp) for tp in part["time_point"]]
                axis.plot(xs, part["rating"], label=who, linewidth=2, markersize=7, **style)
        axis.set_title(f"{scale.label} ({scale.minimum}–{scale.maximum})", fontsize=10)
        axis.set_ylim(scale.minimum - 0.3, scale.maximum + 0.3)
        axis.set_xticks(range(len(points)), [TIME_POINT_LABELS[tp] for tp in points],
                        fontsize=8)
        axis.grid(alpha=0.3)
    axes[0].legend(fontsize=8, loc="upper left")
    figure.suptitle(title, fontsize=11)
    return chart_svg(figure)


def profile_figure(case: Case, work: RatingsWork, title: str | None = None) -> ChartFigure:
    profile = profile_data(case, work)
    mine = bool(len(profile)) and bool((profile["who"] == "You").any())
    description = [
        f"{row.who}, {SCALE_BY_ID[row.scale].label}, {TIME_POINT_LABELS[row.time_point]}: "
        f"{row.rating:g}" for row in profile.itertuples()]
    return ChartFigure(
        svg_text=profile_svg(profile, title or f"{case.person.pseudonym}: metacognition "
                                               "across the therapy (simulated ratings)"),
        alt=("Four line charts, one per rubric scale, with time points along the bottom. "
             "The reference ratings are a solid line with square markers"
             + ("; your submitted ratings, a dashed line with round markers." if mine else ".")),
        caption="Metacognition profile: simulated reference ratings"
                + (" and your ratings." if mine else "."),
        description=description)


def reference_profile(case: Case) -> ChartFigure:
    """The case's reference ratings across time points, for reading without a kernel."""
    return profile_figure(case, RatingsWork())
