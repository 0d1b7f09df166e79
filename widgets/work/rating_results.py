"""What a learner's metacognition ratings are compared with: results per scale, the profile
across time points (its data; the chart is widgets.diagrams.ratings_chart), and the CSV
export. Pure functions over RatingsWork."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..case.model import Case, Vignette
from ..case.vocabulary import MASA_SCALES, TimePoint
from .ratings import RatingsWork, VignetteRating

__all__ = ["ScaleResult", "results", "profile_data", "ratings_csv"]


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
