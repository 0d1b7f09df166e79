"""Change on a case's measures: results with the default norms and a sensitivity view (the
pre/post chart is widgets.diagrams.change_chart). Pure functions over a case and norms."""

from __future__ import annotations

import pandas as pd

from ..case.model import Case, Measure
from ..case.vocabulary import TimePoint
from .norms import FIELD_LABELS, FIELDS, MeasureNorms, norms_for
from .reliable_change import ChangeInputError, ChangeResult, jacobson_truax

CATEGORY_LABELS = {"recovered": "recovered (reliable change and crossed the cut-off)",
                   "improved": "reliably improved", "unchanged": "no reliable change",
                   "deteriorated": "reliably deteriorated"}
UNVERIFIED_NOTE = " (norms unverified)"


def verdict(measure: Measure, result: ChangeResult) -> str:
    """The verdict with the default norms, flagged where any of those norms is unverified."""
    flag = UNVERIFIED_NOTE if norms_for(measure.abbreviation).unverified() else ""
    return CATEGORY_LABELS[result.category] + flag


def pre_post_time_points(measure: Measure) -> tuple[TimePoint, TimePoint] | None:
    """The time points `pre_post` compares: intake and the end of therapy, or the follow-up
    when there is no end score; None without both."""
    taken = {s.time_point for s in measure.scores}
    later = [tp for tp in (TimePoint.END, TimePoint.FOLLOW_UP) if tp in taken]
    if TimePoint.INTAKE not in taken or not later:
        return None
    return TimePoint.INTAKE, later[0]


def pre_post(measure: Measure) -> tuple[float, float] | None:
    """Intake and the end-of-therapy score (the follow-up one without it), if the case has
    both."""
    points = pre_post_time_points(measure)
    if points is None:
        return None
    by_time = {s.time_point: s.value for s in measure.scores}
    return by_time[points[0]], by_time[points[1]]


def measure_change(measure: Measure, norms: MeasureNorms | None = None,
                   **overrides) -> ChangeResult:
    norms = norms or norms_for(measure.abbreviation)
    scores = pre_post(measure)
    if scores is None:
        raise ChangeInputError(f"{measure.abbreviation} needs a score at intake and at the end "
                               "of therapy to measure change.")
    values = {**norms.values(), **overrides}
    criterion = values.pop("criterion", norms.criterion)
    low, high = measure.range
    return jacobson_truax(*scores, low=low, high=high, higher_is=measure.higher_is,
                          criterion=criterion, **values)


def change_table(case: Case) -> pd.DataFrame:
    rows = []
    for measure in case.assessment.measures:
        try:
            result = measure_change(measure)
        except ChangeInputError as error:
            rows.append((measure.abbreviation, "", "", "", "", "", str(error)))
            continue
        rows.append((measure.abbreviation, f"{result.pre:g} → {result.post:g}",
                     f"{result.rci:.2f}", f"{result.threshold:.3g}",
                     "—" if result.cutoff is None else f"{result.cutoff:.3g} ({result.criterion})",
                     verdict(measure, result), result.note))
    return pd.DataFrame(rows, columns=["Measure", "Before → after", "RCI",
                                       "Reliable change needs (points)", "Cut-off (criterion)",
                                       "Verdict", "Note"])


def sensitivity_table(measure: Measure, reliabilities=(0.70, 0.80, 0.85, 0.90, 0.95),
                      sd_factors=(0.8, 1.0, 1.2)) -> pd.DataFrame:
    """How the verdict moves with the SD and reliability assumed (other norms as default)."""
    norms = norms_for(measure.abbreviation)
    base_sd = norms.sd.value or norms.normal_sd.value
    if base_sd is None:
        raise ChangeInputError(f"{measure.abbreviation} has no default SD to vary; enter norms "
                               "in the calculator.")
    rows = []
    # When the SD for the standard error comes from the normal sample, criterion (b) moves too.
    same_sample = norms.normal_sd.value is not None and norms.normal_sd.value == norms.sd.value
    for factor in sd_factors:
        sd = base_sd * factor
        row = {"SD assumed": f"{sd:.1f}"}
        extra = {"normal_sd": sd} if same_sample else {}
        for r in reliabilities:
            result = measure_change(measure, norms, sd=sd, reliability=r, reliable_change=None,
                                    **extra)
            row[f"r = {r:.2f}"] = f"{result.rci:.1f}: {result.category}"
        rows.append(row)
    return pd.DataFrame(rows)


def norms_table(case: Case) -> pd.DataFrame:
    """Every default norm the verdicts above rest on, with its source and status."""
    rows = []
    for measure in case.assessment.measures:
        norms = norms_for(measure.abbreviation)
        for name in FIELDS:
            assumption = getattr(norms, name)
            if assumption.value is not None:
                rows.append((measure.abbreviation, FIELD_LABELS[name], f"{assumption.value:g}",
                             assumption.source,
                             "verified" if assumption.verified else "UNVERIFIED"))
    return pd.DataFrame(rows, columns=["Measure", "Assumption", "Value", "Source", "Status"])
