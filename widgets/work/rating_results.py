"""What a learner's metacognition ratings are compared with: results per scale, the profile
across time points (data and chart), and the CSV export. Pure functions over RatingsWork."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure as MplFigure

from ..case.model import Case, Vignette
from ..case.vocabulary import MASA_SCALES, SCALE_BY_ID, TIME_POINT_LABELS, TimePoint
from ..diagrams.figure import ChartFigure, chart_svg
from .ratings import RatingsWork, VignetteRating

__all__ = ["RatingsWork", "VignetteRating", "ScaleResult", "results", "profile_data",
           "profile_figure", "reference_profile", "ratings_csv"]


@dataclass(frozen=True)
class ScaleResult:
    scale: str
    label: str
    learner: int
    reference: int
    rationale: str

    @property
    def difference(self) -> int:
        return self.learner - self.reference


def results(vignette: Vignette, rating: VignetteRating) -> list[ScaleResult]:
    """Empty when the case file carries no reference for the vignette (a trainer keeps it)."""
    if not rating.complete():
        raise ValueError("rate every scale before comparing")
    if vignette.reference is None:
        return []
    return [ScaleResult(scale.id, scale.label, rating.ratings[scale.id],
                        getattr(vignette.reference, scale.id).rating,
                        getattr(vignette.reference, scale.id).rationale)
            for scale in MASA_SCALES]


def profile_data(case: Case, work: RatingsWork) -> pd.DataFrame:
    """Mean rating per time point and scale: the reference over every vignette, the learner
    over the vignettes they have submitted. Columns: time_point, scale, who, rating."""
    rows = []
    for vignette in case.vignettes:
        if vignette.reference is not None:
            rows += [(vignette.time_point, scale.id, "Reference",
                      getattr(vignette.reference, scale.id).rating) for scale in MASA_SCALES]
        rating = work.rating(vignette.id)
        if rating.submitted_at:
            rows += [(vignette.time_point, scale.id, "You", rating.ratings[scale.id])
                     for scale in MASA_SCALES]
    table = pd.DataFrame(rows, columns=["time_point", "scale", "who", "rating"])
    if table.empty:
        return table
    order = {tp: index for index, tp in enumerate(TimePoint)}
    table = table.groupby(["time_point", "scale", "who"], as_index=False)["rating"].mean()
    table["order"] = table["time_point"].map(order)
    scale_order = {scale.id: index for index, scale in enumerate(MASA_SCALES)}
    table["scale_order"] = table["scale"].map(scale_order)
    return (table.sort_values(["scale_order", "who", "order"])
            .drop(columns=["order", "scale_order"]).reset_index(drop=True))


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


def ratings_csv(case: Case, work: RatingsWork) -> str:
    """One row per vignette and scale; the reference only for submitted vignettes."""
    rows = []
    for vignette in case.vignettes:
        rating = work.rating(vignette.id)
        for scale in MASA_SCALES:
            mine = rating.ratings.get(scale.id)
            submitted = (rating.submitted_at is not None
                         and vignette.reference is not None)
            reference = getattr(vignette.reference, scale.id).rating if submitted else None
            rows.append({
                "case_id": case.id, "vignette_id": vignette.id,
                "time_point": vignette.time_point.value, "scale": scale.id,
                "rating": "" if mine is None else mine,
                "reference": reference if submitted else "",
                "difference": (mine - reference) if submitted and mine is not None else "",
                "submitted_at": rating.submitted_at or "",
            })
    return pd.DataFrame(rows).to_csv(index=False, lineterminator="\n")
