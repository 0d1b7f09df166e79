"""Change on a case's measures as a chart: each measure's score before and after, against
its reliable-change band and cut-off, with the default norms."""

from __future__ import annotations

from matplotlib.figure import Figure as MplFigure

from ..case.model import Case
from ..case.vocabulary import TIME_POINT_LABELS
from ..stats.change import (
    UNVERIFIED_NOTE,
    measure_change,
    pre_post,
    pre_post_time_points,
    verdict,
)
from ..stats.norms import norms_for
from ..stats.reliable_change import ChangeInputError
from .figure import ChartFigure, chart_svg


def change_figure(case: Case) -> ChartFigure:
    """Each measure's before and after, with its reliable-change band and cut-off."""
    measures = [m for m in case.assessment.measures if pre_post(m)]
    figure = MplFigure(figsize=(3.6 * max(1, len(measures)), 3.6), layout="constrained")
    axes = figure.subplots(1, max(1, len(measures)), squeeze=False)[0]
    description = []
    for axis, measure in zip(axes, measures, strict=False):
        try:
            result = measure_change(measure)
        except ChangeInputError:
            result = None
        pre, post = pre_post(measure)
        before, after = pre_post_time_points(measure)
        axis.plot([0, 1], [pre, post], marker="o", linewidth=2, color="#333333", label="Scores")
        if result:
            axis.axhspan(pre - result.threshold, pre + result.threshold, color="#999999",
                         alpha=0.25, hatch="//", label="No reliable change")
            if result.cutoff is not None:
                axis.axhline(result.cutoff, linestyle="--", color="#1d5b2c",
                             label=f"Cut-off ({result.criterion})")
        scores = (f"{measure.abbreviation}: {pre:g} ({TIME_POINT_LABELS[before]}) to {post:g} "
                  f"({TIME_POINT_LABELS[after]}); ")
        # Every measure drawn is described; one without norms says why it has no verdict.
        description.append(scores + (
            f"reliable change needs {result.threshold:.3g} points; verdict: "
            f"{verdict(measure, result)}." if result else
            "no norms are known for this measure, so no reliable-change verdict."))
        low, high = measure.range
        axis.set_ylim(low, high)
        # The later score is the follow-up one when the case has no end-of-therapy score.
        axis.set_xticks([0, 1], [TIME_POINT_LABELS[before], TIME_POINT_LABELS[after]])
        unverified = UNVERIFIED_NOTE if norms_for(measure.abbreviation).unverified() else ""
        axis.set_title(measure.abbreviation + unverified, fontsize=10)
        axis.legend(fontsize=7, loc="upper right")
    # A measure without an intake score and a later one has no change to draw: say so, so
    # that no measure of the case disappears without a word.
    description += [f"{m.abbreviation}: not drawn; change is measured from intake, and it has "
                    "no intake score and a later one." for m in case.assessment.measures
                    if not pre_post(m)]
    return ChartFigure(
        svg_text=chart_svg(figure),
        alt=("One chart per measure: the score at intake and at the end of therapy (or at "
             "follow-up, as its axis says) joined by a line, a hatched band around the intake "
             "score where change is not reliable, and a "
             "dashed line at the cut-off."),
        caption=(f"{case.person.pseudonym}: change on each measure, with the default norms"
                 + ("; a measure marked (norms unverified) rests on norms not yet checked "
                    "against their source." if any(norms_for(m.abbreviation).unverified()
                                                    for m in measures) else ".")),
        description=description)
