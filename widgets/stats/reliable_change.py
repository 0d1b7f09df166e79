"""Reliable and clinically significant change (Jacobson & Truax, 1991), for any measure.

Pure functions over plain numbers. The norms a verdict rests on are assumptions, often
unverified and from other populations, so they are passed in explicitly (see widgets.stats.norms
for the defaults and their sources) and every impossible value is refused with a message.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Z = 1.96  # two-tailed 5%


class ChangeInputError(ValueError):
    """An input that makes the calculation meaningless; the message says which and why."""


@dataclass(frozen=True)
class Cutoffs:
    a: float | None  # 2 SD beyond the clinical mean, towards health
    b: float | None  # 2 SD from the normal mean, towards illness
    c: float | None  # between the two populations, weighted by their SDs
    published: float | None


@dataclass(frozen=True)
class ChangeResult:
    pre: float
    post: float
    s_diff: float
    rci: float
    threshold: float  # the smallest change, in points, that is reliable
    reliable: bool
    improved: bool
    cutoffs: Cutoffs
    criterion: str
    cutoff: float | None
    category: Literal["recovered", "improved", "unchanged", "deteriorated"]
    note: str


def _check(name: str, value: float | None, *, positive=False, unit_interval=False) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ChangeInputError(f"{name} must be a number, not {value!r}.")
    if positive and value <= 0:
        raise ChangeInputError(f"{name} must be greater than 0; {value:g} was given.")
    if unit_interval and not 0 <= value < 1:
        raise ChangeInputError(f"{name} must be from 0 up to (not including) 1; "
                               f"{value:g} was given.")


def cutoffs(higher_is: str, normal_mean=None, normal_sd=None, clinical_mean=None,
            clinical_sd=None, published=None) -> Cutoffs:
    sign = 1 if higher_is == "worse" else -1  # the direction of illness on the scale
    a = clinical_mean - sign * 2 * clinical_sd if None not in (clinical_mean, clinical_sd) else None
    b = normal_mean + sign * 2 * normal_sd if None not in (normal_mean, normal_sd) else None
    c = ((clinical_sd * normal_mean + normal_sd * clinical_mean) / (normal_sd + clinical_sd)
         if None not in (normal_mean, normal_sd, clinical_mean, clinical_sd) else None)
    return Cutoffs(a, b, c, published)


def jacobson_truax(pre: float, post: float, *, low: float, high: float, higher_is: str,
                   sd: float | None = None, reliability: float | None = None,
                   reliable_change: float | None = None, normal_mean: float | None = None,
                   normal_sd: float | None = None, clinical_mean: float | None = None,
                   clinical_sd: float | None = None, published_cutoff: float | None = None,
                   criterion: str = "b") -> ChangeResult:
    """`reliable_change`, a published threshold in points, replaces sd and reliability."""
    for name, value in (("The score before", pre), ("The score after", post)):
        _check(name, value)
        if not low <= value <= high:
            raise ChangeInputError(f"{name} must lie within the measure's range {low:g} to "
                                   f"{high:g}; {value:g} was given.")
    _check("The standard deviation", sd, positive=True)
    _check("The reliability", reliability, unit_interval=True)
    _check("The reliable-change threshold", reliable_change, positive=True)
    for name, value in (("The normal SD", normal_sd), ("The clinical SD", clinical_sd)):
        _check(name, value, positive=True)
    for name, value in (("The normal mean", normal_mean), ("The clinical mean", clinical_mean),
                        ("The published cut-off", published_cutoff)):
        _check(name, value)
    if reliable_change is not None:
        s_diff = reliable_change / Z
    elif sd is not None and reliability is not None:
        s_diff = math.sqrt(2) * sd * math.sqrt(1 - reliability)
    else:
        raise ChangeInputError("Give either a standard deviation and a reliability, or a "
                               "published reliable-change threshold.")
    if not s_diff > 1e-9:  # a denormal SD or a reliability of 0.999… leaves nothing to divide by
        raise ChangeInputError("The standard error of the difference comes out as zero: check "
                               "the standard deviation and the reliability (or the threshold).")
    rci = (post - pre) / s_diff
    reliable = abs(rci) > Z
    improved = (post < pre) if higher_is == "worse" else (post > pre)
    found = cutoffs(higher_is, normal_mean, normal_sd, clinical_mean, clinical_sd,
                    published_cutoff)
    if criterion not in ("a", "b", "c", "published"):
        raise ChangeInputError(f"The criterion must be a, b, c or published, not {criterion!r}.")
    cutoff = getattr(found, criterion)

    def ill(score: float) -> bool:
        return score > cutoff if higher_is == "worse" else score < cutoff

    note = ""
    if reliable and not improved:
        category = "deteriorated"
    elif not reliable:
        category = "unchanged"
    elif cutoff is None:
        category, note = "improved", (f"Criterion {criterion} cannot be computed from the norms "
                                      "given, so recovery cannot be judged.")
    elif not ill(pre):
        category, note = "improved", (f"The score before ({pre:g}) is already on the healthy "
                                      f"side of the cut-off ({cutoff:g}), so crossing it cannot "
                                      "show recovery.")
    elif ill(post):
        category = "improved"
    else:
        category = "recovered"
    return ChangeResult(pre, post, s_diff, rci, Z * s_diff, reliable, improved, found,
                        criterion, cutoff, category, note)
