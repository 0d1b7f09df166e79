"""The one loader: valid cases load, every broken case gets its exact message."""

import textwrap

import pytest
from conftest import ANGIE, BROKEN, MINIMAL, REN, ROOT
from ruamel.yaml import YAML

from widgets import CaseFileError, load_case
from widgets.case_loader import MAX_FILE_BYTES, key_path_near, validate_case_data
from widgets.errors import MAX_SHOWN
from widgets.vocabulary import MASA_SCALE_IDS, TimePoint


def relative(path):
    return str(path.relative_to(ROOT))


def test_corpus_of_broken_cases_is_large_enough():
    assert len(BROKEN) >= 20
    assert all(path.with_suffix(".expected").exists() for path in BROKEN)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_case_gets_its_exact_message(path):
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")
    with pytest.raises(CaseFileError) as caught:
        load_case(relative(path))
    assert str(caught.value) == expected
    # every message names the file, a line and a key path
    assert relative(path) in expected
    assert all(p.line is not None for p in caught.value.problems)
    assert "\n  line " in expected


def test_angie_loads_with_every_section():
    case = load_case(ANGIE)
    assert case.id == "angie" and case.format == 1
    assert case.source.doi == "10.1177/1534650120960234" and not case.source.fictional
    assert case.person.pseudonym == "Angie" and case.person.age_band == "mid-30s"
    for section in (case.presenting_problems, case.history, case.episodes, case.vignettes,
                    case.outcomes, case.follow_up, case.limitations, case.treatment.course,
                    case.social_network.before, case.social_network.after,
                    case.formulation.self_states, case.formulation.transitions,
                    case.formulation.split_views, case.formulation.metacognition):
        assert section, "a section of the Angie case is empty"


def test_angie_diagnosis_and_measures_match_the_paper():
    case = load_case(ANGIE)
    criteria = case.assessment.diagnosis.criteria
    assert [c.number for c in criteria] == list(range(1, 10))
    assert sum(c.met is True for c in criteria) == 8
    # §5 lists the eight criteria that were met and says nothing of the ninth: not listed,
    # which is not the same as judged unmet.
    assert [c.number for c in criteria if c.met is None] == [5]
    scores = {m.id: {s.time_point: s.value for s in m.scores} for m in case.assessment.measures}
    assert scores == {"scl-90-r-gsi": {"intake": 2.1, "end": 0.222},
                      "ders": {"intake": 118, "end": 57}}


def test_angie_schema_is_the_published_one():
    schema = load_case(ANGIE).formulation.schemas[0]
    assert schema.wish.motive == "attachment"
    assert [i.text for i in schema.negative_self_image] == ["Unlovable", "Unworthy"]
    assert [i.text for i in schema.expected_response_of_other] == ["Neglecting"]
    assert len(schema.coping.interpersonal) == 3 and len(schema.coping.intrapsychic) == 4
    assert [i.text for i in schema.alternative_self_image] == ["Loveable"]


def test_angie_vignettes_are_fictional_and_span_the_therapy():
    vignettes = load_case(ANGIE).vignettes
    assert len(vignettes) >= 6
    assert all(v.fictional for v in vignettes)
    assert {v.time_point for v in vignettes} == set(TimePoint)
    for vignette in vignettes:
        assert set(vignette.reference.model_dump()) == set(MASA_SCALE_IDS)


def test_angie_episode_steps_keep_their_order():
    phone_call = load_case(ANGIE).episode("phone-call")
    stages = [step.stage for step in phone_call.steps]
    assert stages[0] == "wish" and stages[-1] == "coping-intrapsychic"
    assert stages.index("self-image") < stages.index("black-hole")


@pytest.mark.parametrize("path", [REN, MINIMAL], ids=lambda p: p.stem)
def test_fictional_test_cases_load(path):
    case = load_case(path)
    assert case.source.fictional


def test_minimal_case_gets_empty_optional_sections():
    case = load_case(MINIMAL)
    assert case.episodes == [] and case.vignettes == [] and case.assessment.measures == []
    assert case.assessment.diagnosis is None and case.treatment.course == []


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(CaseFileError, match="found:    no such file"):
        load_case(tmp_path / "nope.yaml")
    with pytest.raises(CaseFileError, match="found:    a folder"):
        load_case(tmp_path)


def test_oversized_file_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("x" * (MAX_FILE_BYTES + 1), encoding="utf-8")
    with pytest.raises(CaseFileError, match=f"found:    {MAX_FILE_BYTES + 1:,} bytes"):
        load_case(big)


def test_several_problems_are_reported_in_line_order(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("pseudonym: Sam", "pseudonym: 7").replace("motive: social-rank",
                                                                  "motive: money")
    bad = tmp_path / "two.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        load_case(bad)
    problems = caught.value.problems
    assert [p.key_path[-1] for p in problems] == ["pseudonym", "motive"]
    assert problems[0].line < problems[1].line
    assert str(caught.value).startswith(f"Invalid case file {bad}: 2 problems\n")


def test_long_reports_are_cut_with_a_count(tmp_path):
    items = "".join("  - text: ''\n    ref: §1\n" for _ in range(MAX_SHOWN + 5))
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "presenting_problems:\n  - text: Feels low since a friendship ended.\n    ref: §1\n",
        "presenting_problems:\n" + items)
    bad = tmp_path / "many.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        load_case(bad)
    assert str(caught.value).endswith("  … and 5 more")
    assert str(caught.value).count("expected: non-empty text") == MAX_SHOWN


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8").replace("  age_band: early 20s\n",
                                                       "  age_band: early 20s\n  zzz: 1\n")
    bad = tmp_path / "zzz.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        load_case(bad)
    assert caught.value.problems[0].hint == "allowed here: pseudonym, age_band, gender, facts"


def test_hostile_text_is_kept_as_text(tmp_path):
    hostile = '<script>alert("x")</script> \\ {braces} & ünïcødé 🙂 ' + "long " * 500
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "Feels low since a friendship ended.", "'" + hostile.replace("'", "''") + "'")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_case(path).presenting_problems[0].text == hostile.strip()


def test_plain_data_validates_without_line_numbers():
    data = YAML(typ="safe").load(MINIMAL.read_text(encoding="utf-8"))
    assert validate_case_data(data).id == "minimal"
    data["person"]["age_band"] = "23"
    with pytest.raises(CaseFileError) as caught:
        validate_case_data(data, "data")
    assert caught.value.problems[0].line is None
    assert str(caught.value).splitlines()[1] == "  at person.age_band"


def test_key_path_near_follows_indentation():
    text = textwrap.dedent("""\
        formulation:
          schemas:
            - id: x
              wish:
                text: [oops
        """)
    assert key_path_near(text, 5) == ("formulation", "schemas", "wish", "text")
    assert key_path_near(text, 1) == ("formulation",)


def test_schemas_are_found_by_id_with_a_clear_message_otherwise():
    from widgets.case_model import UnknownSchemaError

    ren = load_case(REN)
    assert ren.schema().id == "belittled" and ren.schema("excluded").title.startswith("Outsider")
    with pytest.raises(UnknownSchemaError) as caught:
        ren.schema("nope")
    assert str(caught.value) == "Case 'ren' has no schema 'nope'; it has: belittled, excluded"
