"""The chapters' pandas tables, for any case: content, stable captions, escaping."""


import pytest
from conftest import ANGIE, REN

from widgets import load_case
from widgets.book.tables import criteria_table, measures_table, person_table, show, timeline_table


def test_criteria_are_marked_by_words_not_only_colour(angie, tmp_path):
    table = criteria_table(angie)
    # The paper lists the eight criteria met and is silent on the ninth: not listed, not unmet.
    assert set(table["Judged"]) == {"✓ met", "not listed in the source"}
    assert table.loc[table["No."] == 5, "Judged"].item() == "not listed in the source"
    judged_unmet = tmp_path / "unmet.yaml"
    judged_unmet.write_text(ANGIE.read_text(encoding="utf-8").replace("met: null", "met: false"),
                            encoding="utf-8")
    table = criteria_table(load_case(judged_unmet))
    assert table.loc[table["No."] == 5, "Judged"].item() == "✗ not met"


def test_measures_table_has_a_column_per_reported_time_point():
    table = measures_table(load_case(REN))
    assert list(table.columns) == ["Measure", "Range", "Higher scores mean", "Instrument",
                                   "Intake", "Mid-therapy", "End of therapy", "Source"]
    wellbeing = table[table["Measure"].str.contains("WBI")].iloc[0]
    assert wellbeing["Mid-therapy"] == "—" and wellbeing["Higher scores mean"] == "better"


def test_person_table_has_no_identifying_fields(angie):
    table = person_table(angie)
    assert table.iloc[1, 1] == "mid-30s"
    assert len(table) == 3 + len(angie.person.facts)


def test_shown_tables_are_stable_captioned_and_unnumbered(angie):
    html_one = show(timeline_table(angie), "Timeline in detail")._repr_html_()
    html_two = show(timeline_table(angie), "Timeline in detail")._repr_html_()
    assert html_one == html_two
    assert "<caption>Timeline in detail</caption>" in html_one
    assert 'class="row_heading' not in html_one


def test_shown_tables_escape_case_text_headers_and_caption():
    """A Styler inserts cell text as raw HTML unless told otherwise; case files are shared."""
    import pandas as pd

    hostile = '<img src=x onerror=alert(1)><script>alert(2)</script> AT&amp;T'
    table = pd.DataFrame([(hostile, 3)], columns=["<b>Column</b>", "Number"])
    page = show(table, "Caption <i>x</i>").to_html()
    assert "<img" not in page and "<script" not in page and "<b>" not in page
    assert "<i>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in page
    assert "AT&amp;amp;T" in page  # the entity the case file typed shows as typed
    assert ">3<" in page  # numbers still shown as numbers


def test_an_episode_table_can_leave_out_the_stages(angie):
    from widgets.book.tables import episode_table

    assert "Stage of the cycle" in episode_table(angie, "phone-call").columns
    table = episode_table(angie, "phone-call", stages=False)
    assert list(table.columns) == ["Step", "What happens", "Source"]
    assert len(table) == len(angie.episode("phone-call").steps)


def test_a_walkthrough_quotes_the_rubrics_own_anchors_and_refuses_a_level_it_lacks():
    from widgets.book.tables import rating_walkthrough
    from widgets.case.rubric import RatingError, level_description

    table = rating_walkthrough([("decentration", 1, True, "a reason not about her"),
                                ("decentration", 2, False, "nothing of his own life")])
    assert table["Anchor"].tolist() == [level_description("decentration", 1),
                                        level_description("decentration", 2)]
    assert table["Shown?"].tolist() == ["yes", "no: stop here"]
    # Given the case's pronouns, the anchors speak of its person.
    from widgets.case.pronouns import PRONOUNS, PronounSet
    hers = rating_walkthrough([("decentration", 1, True, "")], PRONOUNS[PronounSet.SHE])
    assert hers["Anchor"].iloc[0].endswith("not about her.")
    with pytest.raises(RatingError, match="Decentration is rated from 0 to 3; 4 is outside"):
        rating_walkthrough([("decentration", 4, True, "")])


def test_the_worked_contract_takes_goals_and_frame_from_the_case_and_labels_the_rest(angie):
    from widgets.book.tables import NOT_REPORTED, worked_contract_table

    table = worked_contract_table(angie).set_index("Part")
    reported = table["In this case (from the case file)"]
    for goal in angie.treatment.contract_goals:
        assert f"{goal.text} ({goal.ref})" in reported["Goals"]
    for item in angie.treatment.frame:
        assert item.text in reported["Rules and frame"]
    assert reported["Tasks"] == NOT_REPORTED
    # Crisis contact lives in the frame a case records, so the contact row points there.
    assert "rules and frame" in reported["Between-session contact"]
    illustrations = table["An illustration (fictional)"].drop("Goals")
    assert all(text.startswith("Fictional: ") for text in illustrations)


def test_a_case_with_no_treatment_details_says_so_in_every_part(angie):
    from widgets.book.tables import NOT_REPORTED, worked_contract_table

    bare = angie.model_copy(update={"treatment": angie.treatment.model_copy(
        update={"frame": [], "contract_goals": []})})
    reported = worked_contract_table(bare)["In this case (from the case file)"]
    assert set(reported) == {NOT_REPORTED}
