"""Reliable and clinically significant change: hand-computed values, refusals, any case."""

import math

import pytest
from conftest import MINIMAL, REN

from widgets import load_case
from widgets.stats.change import change_table, sensitivity_table
from widgets.stats.norms import DEFAULT_NORMS
from widgets.stats.reliable_change import ChangeInputError, Cutoffs, cutoffs, jacobson_truax

DERS = {"low": 36, "high": 180, "higher_is": "worse"}


GSI = {"low": 0, "high": 4, "higher_is": "worse"}


def test_angies_ders_by_hand():
    # SE = 20.72 * sqrt(1 - .88) = 7.1776; S_diff = sqrt(2) * SE = 10.1507
    # RCI = (57 - 118) / 10.1507 = -6.0094; reliable change needs 1.96 * 10.1507 = 19.895
    # criterion (b) = 77.99 + 2 * 20.72 = 119.43: intake 118 is already below it
    result = jacobson_truax(118, 57, sd=20.72, reliability=0.88, normal_mean=77.99,
                            normal_sd=20.72, criterion="b", **DERS)
    assert result.s_diff == pytest.approx(10.1507, abs=1e-4)
    assert result.rci == pytest.approx(-6.0094, abs=1e-4)
    assert result.threshold == pytest.approx(19.895, abs=1e-3)
    assert result.cutoff == pytest.approx(119.43)
    assert result.reliable and result.improved and result.category == "improved"
    assert "already on the healthy side" in result.note


def test_angies_gsi_by_hand():
    # published reliable change 0.43 -> S_diff = 0.43 / 1.96 = 0.21939
    # RCI = (0.222 - 2.100) / 0.21939 = -8.5602; 2.1 > 0.57 > 0.222 -> recovered
    result = jacobson_truax(2.1, 0.222, reliable_change=0.43, published_cutoff=0.57,
                            criterion="published", **GSI)
    assert result.s_diff == pytest.approx(0.21939, abs=1e-5)
    assert result.rci == pytest.approx(-8.5602, abs=1e-4)
    assert result.category == "recovered"


def test_cutoffs_a_b_c_by_hand():
    # clinical 120 (SD 20), normal 80 (SD 20): a = 120 - 40 = 80; b = 80 + 40 = 120;
    # c = (20 * 80 + 20 * 120) / 40 = 100
    assert cutoffs("worse", 80, 20, 120, 20, None) == Cutoffs(80, 120, 100, None)
    # higher is better: illness lies below; a = 20 + 2*5 = 30, b = 50 - 2*10 = 30,
    # c = (5 * 50 + 10 * 20) / 15 = 30
    found = cutoffs("better", 50, 10, 20, 5, None)
    assert (found.a, found.b) == (30, 30) and found.c == pytest.approx(30)


def test_direction_when_higher_is_better():
    result = jacobson_truax(2, 8, low=0, high=10, higher_is="better", sd=1, reliability=0.8,
                            published_cutoff=5, criterion="published")
    assert result.improved and result.category == "recovered"
    worse = jacobson_truax(8, 2, low=0, high=10, higher_is="better", sd=1, reliability=0.8)
    assert worse.category == "deteriorated"
    same = jacobson_truax(5, 5.5, low=0, high=10, higher_is="better", sd=1, reliability=0.8)
    assert same.category == "unchanged" and not same.reliable


@pytest.mark.parametrize("kwargs, message", [
    ({"reliability": 1.0}, "The reliability must be from 0 up to (not including) 1; 1 was given."),
    ({"reliability": -0.1}, "The reliability must be from 0 up to (not including) 1; -0.1 was"),
    ({"reliability": 1.5}, "The reliability must be from 0 up to (not including) 1; 1.5 was"),
    ({"sd": 0}, "The standard deviation must be greater than 0; 0 was given."),
    ({"sd": -3}, "The standard deviation must be greater than 0; -3 was given."),
    ({"sd": math.nan}, "The standard deviation must be a number, not nan."),
    ({"pre": 200}, "The score before must lie within the measure's range 36 to 180; 200 was"),
    ({"post": 20}, "The score after must lie within the measure's range 36 to 180; 20 was"),
    ({"sd": None}, "Give either a standard deviation and a reliability, or a published"),
    ({"criterion": "z"}, "The criterion must be a, b, c or published, not 'z'."),
    ({"normal_sd": 0}, "The normal SD must be greater than 0; 0 was given."),
    ({"sd": 4.9e-324}, "The standard error of the difference comes out as zero: check"),
])
def test_impossible_inputs_are_refused(kwargs, message):
    values = {"pre": 118, "post": 57, "sd": 20.72, "reliability": 0.88, **DERS, **kwargs}
    pre, post = values.pop("pre"), values.pop("post")
    with pytest.raises(ChangeInputError) as caught:
        jacobson_truax(pre, post, **values)
    assert str(caught.value).startswith(message)


def test_change_table_for_angie(angie):
    table = change_table(angie).set_index("Measure")
    assert table.loc["GSI", "Verdict"].startswith("recovered")
    assert table.loc["DERS", "RCI"] == "-6.01" and table.loc["DERS", "Verdict"] == (
        "reliably improved (norms unverified)")
    assert "unverified" not in table.loc["GSI", "Verdict"]  # checked against its source


def test_any_case_measure_without_norms_says_what_is_missing():
    ren = load_case(REN)
    table = change_table(ren).set_index("Measure")
    assert table.loc["DERS", "RCI"] == f"{(88 - 131) / (math.sqrt(2) * 20.72 * math.sqrt(.12)):.2f}"
    assert table.loc["WBI", "Note"] == ("Give either a standard deviation and a reliability, or "
                                        "a published reliable-change threshold.")
    assert change_table(load_case(MINIMAL)).empty


def test_sensitivity_shows_the_verdict_moving_with_the_norms(angie):
    table = sensitivity_table(angie.measure("ders"))
    verdicts = {cell.split(": ")[1] for cell in table.drop(columns="SD assumed").values.ravel()}
    assert verdicts == {"recovered", "improved"}
    smallest_sd = table.iloc[0]
    assert smallest_sd["SD assumed"] == f"{20.72 * 0.8:.1f}"
    assert smallest_sd["r = 0.90"].endswith("recovered")
    assert table.iloc[1]["r = 0.90"] == "-6.6: improved"  # the default SD: no recovery


def test_default_norms_name_their_sources():
    for norms in DEFAULT_NORMS.values():
        for name in ("sd", "reliability", "reliable_change", "normal_mean", "normal_sd",
                     "published_cutoff"):
            assumption = getattr(norms, name)
            assert assumption.value is None or assumption.source
