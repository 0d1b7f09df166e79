"""The metacognition rater, driven headless, and the rubric, ratings and profile behind it."""

import csv
import html
import io
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import MINIMAL, REN

from widgets import load_case
from widgets.case.pronouns import PRONOUNS, PronounSet
from widgets.case.rubric import (
    HARMFUL_STRATEGY_LEVEL,
    LEVELS,
    RatingError,
    check_rating,
    hierarchy_flags,
    level_description,
    levels,
)
from widgets.case.vocabulary import MASA_SCALES, SCALE_BY_ID
from widgets.exercises.metacognition_rater import UNRATED, MetacognitionRater
from widgets.work.rating_results import profile_data, ratings_csv
from widgets.work.ratings import RatingsWork, VignetteRating
from widgets.work.responses import RatingsResponse, read_response


@pytest.fixture
def rater(angie, tmp_path):
    return MetacognitionRater(angie, work_dir=tmp_path)


def rate(rater, **ratings):
    for scale, value in ratings.items():
        assert rater.set_rating(scale, value), rater.status.value


FIRST = {"self_reflectivity": 3, "understanding_others": 1, "decentration": 0, "mastery": 2}


def test_rubric_has_a_description_for_every_level():
    for scale in MASA_SCALES:
        assert len(LEVELS[scale.id]) == scale.maximum - scale.minimum + 1
        assert all(text.endswith(".") for text in LEVELS[scale.id])


@pytest.mark.parametrize("scale, value, message", [
    ("decentration", 5, "Decentration is rated from 0 to 3; 5 is outside that range."),
    ("mastery", -1, "Mastery is rated from 0 to 9; -1 is outside that range."),
    ("mastery", "abc", "Mastery needs a whole number from 0 to 9; 'abc' is not a number."),
    ("mastery", 2.5, "Mastery needs a whole number from 0 to 9; 2.5 is not whole."),
    ("mastery", None, "Mastery needs a whole number from 0 to 9; got None."),
    ("mastery", True, "Mastery needs a whole number from 0 to 9; got True."),
    ("insight", 1, "There is no scale 'insight'; the scales are self_reflectivity, "
                   "understanding_others, decentration, mastery."),
])
def test_impossible_ratings_are_refused_with_a_clear_message(rater, scale, value, message):
    with pytest.raises(RatingError) as caught:
        check_rating(scale, value)
    assert str(caught.value) == message
    before = rater.current_ratings()
    assert rater.set_rating(scale, value) is False
    assert html.unescape(rater.status.value) == f"<p role='status'>{message}</p>"
    assert rater.current_ratings() == before


def test_text_digits_are_accepted(rater):
    assert rater.set_rating("mastery", " 4 ") and rater.current_ratings()["mastery"] == 4


def test_choosing_a_level_shows_its_description(rater):
    rate(rater, self_reflectivity=5)
    text = rater.level_texts["self_reflectivity"].value
    level = level_description("self_reflectivity", 5, PRONOUNS[PronounSet.SHE])
    assert f"Level 5: {level}"[:40] in text.replace("&#x27;", "'")
    assert "also claims levels 0–4" in text
    assert "Choose a level to rate." in rater.level_texts["mastery"].value
    labels = [label for label, _ in rater.level_pickers["decentration"].options]
    assert labels[0] == "not rated" and labels[3].startswith("2 — Recognises that others have")


def test_cross_scale_prerequisites_are_flagged(rater):
    rate(rater, understanding_others=1, decentration=2)
    flags = rater.flags.value.replace("&#x27;", "'")
    assert ("Decentration 2 presupposes Understanding others' minds of at least 4" in flags)
    assert flags.count("⚠") == 1  # only the strongest broken rule for the pair
    rate(rater, understanding_others=4)
    assert rater.flags.value == ""
    ratings = {"mastery": 8, "understanding_others": 3, "self_reflectivity": 2}
    assert hierarchy_flags(ratings, PRONOUNS[PronounSet.SHE]) == [
        "Mastery 8 presupposes Self-reflectivity of at least 5 (to question a thought she must "
        "see it as a thought); you rated it 2.",
        "Mastery 8 presupposes Understanding others' minds of at least 4 (using knowledge of "
        "others' minds needs that knowledge); you rated it 3."]


def test_submit_needs_every_scale_then_reveals_differences_and_rationale(rater, angie):
    assert rater.submit_button.disabled
    rate(rater, self_reflectivity=3, understanding_others=1, decentration=0)
    assert rater.submit_button.disabled and rater.submit() is False
    assert rater.result.value == ""
    rate(rater, mastery=2)
    assert not rater.submit_button.disabled
    assert rater.submit()
    vignette = angie.vignettes[0]
    reference = {s.id: getattr(vignette.reference, s.id).rating for s in MASA_SCALES}
    page = rater.result.value
    for scale in MASA_SCALES:
        difference = FIRST[scale.id] - reference[scale.id]
        assert (f"<td>{FIRST[scale.id]}</td><td>{reference[scale.id]}</td>"
                f"<td>{difference:+d}</td>") in page
    assert "(simulated for teaching)" in page
    assert all(picker.disabled for picker in rater.level_pickers.values())
    assert rater.set_rating("mastery", 5) is False and rater.current_ratings()["mastery"] == 2


def test_profile_data_follows_submissions(rater, angie):
    before = profile_data(angie, rater.work)
    assert set(before["who"]) == {"Reference"}
    rate(rater, **FIRST)
    rater.submit()
    after = profile_data(angie, rater.work)
    mine = after[after["who"] == "You"]
    assert list(mine["time_point"].unique()) == ["intake"]
    assert dict(zip(mine["scale"], mine["rating"], strict=True)) == FIRST
    intake_reference = after[(after["who"] == "Reference") & (after["time_point"] == "intake")]
    expected = {s.id: sum(getattr(v.reference, s.id).rating for v in angie.vignettes
                          if v.time_point == "intake") / 2 for s in MASA_SCALES}
    assert dict(zip(intake_reference["scale"], intake_reference["rating"], strict=True)) == expected
    assert "You, Self-reflectivity, Intake: 3" in rater.profile.value


def test_profile_chart_is_accessible_svg(rater):
    page = rater.profile.value
    svg = page[page.index("<svg"):page.index("</svg>") + 6]
    root = ET.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Decentration (0–3)" in texts  # text kept as text, not paths
    assert 'role="img"' in page and "Text description" in page


def test_navigation_and_per_vignette_state(rater, angie):
    rate(rater, **FIRST)
    rater.next.click()
    assert rater.vignette_picker.value == angie.vignettes[1].id
    assert all(v is None for v in rater.current_ratings().values())
    assert rater.level_pickers["mastery"].value == UNRATED
    rater.previous.click()
    assert rater.current_ratings() == FIRST
    assert rater.previous.disabled


def test_ratings_autosave_and_restore(angie, tmp_path):
    first = MetacognitionRater(angie, work_dir=tmp_path)
    first.pseudonym.value = "Kestrel"
    rate(first, **FIRST)
    first.justification.value = 'She says "on purpose" <b>'
    first.submit()
    second = MetacognitionRater(angie, work_dir=tmp_path)
    assert second.work == first.work
    assert second.current_ratings() == FIRST and second.level_pickers["mastery"].disabled
    assert second.justification.value == 'She says "on purpose" <b>'
    assert second.pseudonym.value == "Kestrel"
    assert "<td>+1</td>" in second.result.value


@pytest.mark.parametrize("content", [b"{broken", b'{"format": "bpd-workbook-response"}', b""])
def test_damaged_ratings_file_is_kept_aside(angie, tmp_path, content):
    MetacognitionRater(angie, work_dir=tmp_path).save_path.write_bytes(content)
    again = MetacognitionRater(angie, work_dir=tmp_path)
    assert "could not be used" in again.status.value
    assert [p.read_bytes() for p in tmp_path.glob("*.damaged-*")] == [content]


def test_saved_ratings_for_unknown_vignettes_are_kept_aside(angie, tmp_path):
    rater = MetacognitionRater(angie, work_dir=tmp_path)
    foreign = rater.response().model_copy(update={"work": RatingsWork(
        vignettes={"no-such-vignette": VignetteRating(ratings={"mastery": 1})})})
    rater.store.save(rater.save_path, foreign)
    again = MetacognitionRater(angie, work_dir=tmp_path)
    assert "rates vignettes this case does not have: no-such-vignette" in (
        again.status.value.replace("&#x27;", "'"))


def test_exported_csv_and_json(rater, angie):
    rate(rater, **FIRST)
    rater.submit()
    rater.next.click()
    rate(rater, self_reflectivity=4)  # rated but not submitted: no reference in the export
    rows = list(csv.DictReader(io.StringIO(rater.export("csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(angie.vignettes) * len(MASA_SCALES)
    first = [r for r in rows if r["vignette_id"] == angie.vignettes[0].id]
    reference = {s.id: getattr(angie.vignettes[0].reference, s.id).rating for s in MASA_SCALES}
    for row in first:
        assert int(row["rating"]) == FIRST[row["scale"]]
        assert int(row["reference"]) == reference[row["scale"]]
        assert int(row["difference"]) == FIRST[row["scale"]] - reference[row["scale"]]
    second = {r["scale"]: r for r in rows if r["vignette_id"] == angie.vignettes[1].id}
    assert second["self_reflectivity"]["rating"] == "4"
    assert second["self_reflectivity"]["reference"] == "" and second["mastery"]["rating"] == ""
    document = read_response(rater.export("json"), RatingsResponse)
    assert document.kind == "ratings" and document.work == rater.work


def test_works_with_another_case(tmp_path):
    ren = load_case(REN)
    rater = MetacognitionRater(ren, work_dir=tmp_path)
    assert [label for label, _ in rater.vignette_picker.options] == [
        "1. The review (Intake)", "2. The second review (End of therapy)"]
    rate(rater, self_reflectivity=1, understanding_others=2, decentration=0, mastery=0)
    rater.submit()
    assert "<td>0</td><td>0</td><td>+0</td>" in rater.result.value
    assert "Fictional excerpt" in rater.vignette_text.value
    points = set(profile_data(ren, rater.work)["time_point"])
    assert points == {"intake", "end"}


def test_a_case_without_vignettes_says_so(tmp_path):
    rater = MetacognitionRater(load_case(MINIMAL), work_dir=tmp_path)
    assert "has no vignettes to rate" in rater.view.children[0].value


def test_vignette_text_is_escaped(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8") + """vignettes:
  - id: odd
    title: '<script>x</script>'
    time_point: intake
    fictional: true
    based_on: §1
    text: '"<b>bold</b>" & more'
    reference:
      self_reflectivity: {rating: 1, rationale: '<i>r</i>'}
      understanding_others: {rating: 1, rationale: r}
      decentration: {rating: 0, rationale: r}
      mastery: {rating: 0, rationale: r}
"""
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    rater = MetacognitionRater(load_case(path), work_dir=tmp_path / "work")
    assert "<script>" not in rater.vignette_text.value and "<b>" not in rater.vignette_text.value
    rate(rater, self_reflectivity=1, understanding_others=1, decentration=0, mastery=0)
    rater.submit()
    assert "<i>r</i>" not in rater.result.value and "&lt;i&gt;r&lt;/i&gt;" in rater.result.value


def test_csv_of_untouched_work_has_no_references(angie):
    rows = list(csv.DictReader(io.StringIO(ratings_csv(angie, RatingsWork()))))
    assert {r["reference"] for r in rows} == {""} and {r["rating"] for r in rows} == {""}
    assert SCALE_BY_ID["decentration"].maximum == 3


def test_a_reference_rationale_that_names_its_level_quotes_that_levels_anchor(angie):
    # A rationale written as 'Level N, "<anchor>": …' must award N and quote the rubric's own
    # words for N, so a re-keyed rating cannot drift from the reason given for it.
    quoted = 0
    for vignette in angie.vignettes:
        for scale in MASA_SCALES:
            rated = getattr(vignette.reference, scale.id)
            if not rated.rationale.startswith("Level "):
                continue
            anchor = level_description(scale.id, rated.rating, angie.pronouns)
            anchor = anchor[0].lower() + anchor[1:].rstrip(".")
            assert rated.rationale.startswith(f'Level {rated.rating}, "{anchor}"'), (
                vignette.id, scale.id)
            quoted += 1
    assert quoted >= 6


def test_the_mastery_scale_places_active_harmful_strategies_explicitly():
    mastery = levels("mastery", PRONOUNS[PronounSet.SHE])
    harmful = mastery[HARMFUL_STRATEGY_LEVEL]
    # Beside avoidance, above passive reliance on others, below containment and every
    # strategy that does no harm.
    assert "avoids" in harmful.lower() and "harms her" in harmful
    assert "passively" in mastery[HARMFUL_STRATEGY_LEVEL - 1]
    assert mastery[HARMFUL_STRATEGY_LEVEL + 1].startswith("Contains distress")
    assert "do not harm" in mastery[HARMFUL_STRATEGY_LEVEL + 2]
    assert sum("harm" in level for level in mastery) == 2


def test_rubric_texts_follow_safe_messaging():
    # Behaviours are named in general terms: no method, means or injury detail.
    methods = ("cut", "overdose", "pills", "blade", "razor", "burn", "hang", "ligature",
               "poison", "wound", "blood")
    for scale, texts in LEVELS.items():
        for text in texts:
            assert not any(re.search(rf"\b{m}", text, re.IGNORECASE) for m in methods), (
                scale, text)


def test_a_vignette_of_harmful_coping_is_keyed_at_that_level(angie):
    call = next(v for v in angie.vignettes if v.id == "unanswered-call")
    assert call.reference.mastery.rating == HARMFUL_STRATEGY_LEVEL
    assert "harmful" in call.reference.mastery.rationale
