"""The one loader: valid cases load, every broken case gets its exact message."""

import textwrap

import pytest
from conftest import ANGIE, BROKEN, MINIMAL, REN, ROOT
from ruamel.yaml import YAML

from widgets import CaseFileError, load_case
from widgets.case.bounded_yaml import MAX_NESTING, MAX_NUMBER_CHARS, MAX_VALUES
from widgets.case.errors import MAX_SHOWN
from widgets.case.loader import MAX_FILE_BYTES, key_path_near, validate_case_data
from widgets.case.vocabulary import MASA_SCALE_IDS, TimePoint


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
    assert caught.value.problems[0].hint == (
        "allowed here: pseudonym, age_band, gender, pronouns, facts")


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
    from widgets.case.model import UnknownSchemaError

    ren = load_case(REN)
    assert ren.schema().id == "belittled" and ren.schema("excluded").title.startswith("Outsider")
    with pytest.raises(UnknownSchemaError) as caught:
        ren.schema("nope")
    assert str(caught.value) == (f"Case 'ren' ({REN}) has no schema 'nope'; it has: belittled, "
                                 "excluded")


# --- hostile files: refused in bounded time, with a line ------------------------------------
def _minimal_with(tmp_path, extra: str):
    path = tmp_path / "hostile.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def _billion_laughs(levels: int) -> str:
    lines = ["  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]"
              for i in range(1, levels + 1)]
    return "notes_from_elsewhere:\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize("extra, line, where, expected", [
    (_billion_laughs(9), 40, "at notes_from_elsewhere.l4[2]",
     f"at most {MAX_VALUES:,} values (keys, texts, numbers, lists) in the whole file"),
    ("deep: &deep " + "[" * 15 + "]" * 15 + "\noutcomes: [[[[[[*deep]]]]]]\n", 36,
     "at outcomes[0][0][0][0][0][0]",
     f"at most {MAX_NESTING} levels of nesting (lists and mappings inside each other)"),
    ("outcomes: " + "[" * 5000 + "]" * 5000 + "\n", 35, "at outcomes" + "[0]" * 19,
     f"at most {MAX_NESTING} levels of nesting (lists and mappings inside each other)"),
    ("outcomes:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 1400)) + " " * 1400
     + "x: 1\n", 55, "at outcomes." + ".".join(f"k{i}" for i in range(1, MAX_NESTING)),
     f"at most {MAX_NESTING} levels of nesting (lists and mappings inside each other)"),
    ("outcomes: " + "7" * 100_000 + "\n", 35, "at outcomes",
     f"a number of at most {MAX_NUMBER_CHARS} characters"),
], ids=["billion-laughs-in-unknown-key", "alias-nested-too-deep", "5000-nested-lists",
        "1400-nested-keys", "100000-digit-int"])
def test_hostile_yaml_is_refused_where_it_starts(tmp_path, extra, line, where, expected):
    with pytest.raises(CaseFileError) as caught:
        load_case(_minimal_with(tmp_path, extra))
    (problem,) = caught.value.problems
    assert (problem.line, problem.where(), problem.expected) == (line, f"line {line}, {where}",
                                                                 expected)


def test_aliases_within_bounds_are_read_as_the_values_they_repeat(tmp_path):
    """YAML libraries write a repeated part once, with an anchor, and alias it after."""
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "        - text: Not good enough\n          ref: §2\n",
        "        - &same\n          text: Not good enough\n          ref: §2\n"
    ).replace("        - text: Critical\n          ref: §2\n", "        - *same\n")
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    schema = load_case(path).formulation.schemas[0]
    assert schema.expected_response_of_other == schema.negative_self_image
    assert schema.negative_self_image[0].text == "Not good enough"


def test_a_file_with_more_values_than_any_case_needs_is_refused(tmp_path):
    items = "".join(f"  - text: problem {i}\n    ref: §1\n" for i in range(MAX_VALUES // 4))
    path = _minimal_with(tmp_path, "outcomes:\n" + items)
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    (problem,) = caught.value.problems
    assert problem.expected.startswith(f"at most {MAX_VALUES:,} values")
    assert problem.found == f"more than {MAX_VALUES:,}"
    assert problem.key_path[0] == "outcomes" and problem.line > 35


def test_the_bounds_leave_room_for_a_case_many_times_angies():
    values = sum(1 for event in YAML().parse(ANGIE.read_text(encoding="utf-8"))
                 if type(event).__name__ in ("ScalarEvent", "MappingStartEvent",
                                             "SequenceStartEvent"))
    assert values * 10 < MAX_VALUES


@pytest.mark.parametrize("yaml_text, key, found", [
    ('"Sam\\e[2J"', "person.pseudonym", "the character U+001B (ESC, which starts terminal "
                                        "escape sequences) in 'Sam\\x1b[2J'"),
    ('"Sam\\r"', "person.pseudonym", "the character U+000D (carriage return) in 'Sam\\r'"),
    ('"S\\x85am"', "person.pseudonym", "the character U+0085 in 'S\\x85am'"),
    ('"S\\ud83dam"', "person.pseudonym", "the lone surrogate U+D83D in 'S\\ud83dam'"),
])
def test_control_characters_and_half_characters_in_text_are_refused(tmp_path, yaml_text,
                                                                      key, found):
    text = MINIMAL.read_text(encoding="utf-8").replace("pseudonym: Sam", "pseudonym: "
                                                       + yaml_text)
    path = tmp_path / "control.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    (problem,) = caught.value.problems
    assert (problem.where(), problem.found) == (f"line 9, at {key}", found)


def test_a_key_with_an_escape_sequence_is_shown_escaped(tmp_path):
    path = _minimal_with(tmp_path, '"red\\e[31m": 1\n')
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert "\x1b" not in str(caught.value)
    assert "line 35, at red\\x1b[31m\n" in str(caught.value)


def test_tabs_line_breaks_and_windows_line_ends_are_fine(tmp_path):
    text = ANGIE.read_text(encoding="utf-8").replace("pseudonym: Angie",
                                                     'pseudonym: "Angie\\tA.\\nline two"')
    path = tmp_path / "crlf.yaml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert load_case(path).person.pseudonym == "Angie\tA.\nline two"


# --- reading: only regular files, never more than the limit -----------------------------------
def test_a_device_is_refused_without_reading_it():
    # /dev/null, not /dev/zero: were the check lost, this test would fail, not eat the memory
    # (test_cli runs /dev/zero and a pipe in a separate process, with a time limit).
    with pytest.raises(CaseFileError) as caught:
        load_case("/dev/null")
    (problem,) = caught.value.problems
    assert problem.expected == "a YAML case file (a regular file, not a pipe or a device)"
    assert problem.found == "a device"


def test_an_unreadable_file_is_refused_with_a_message(monkeypatch):
    from widgets.case import bounded_read

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(bounded_read.os, "open", denied)
    with pytest.raises(CaseFileError) as caught:
        load_case(MINIMAL)
    assert str(caught.value) == (f"Invalid case file {MINIMAL}: 1 problem\n  at (top level)\n"
                                 "    expected: a YAML case file you have permission to read\n"
                                 "    found:    permission denied")


def test_a_file_larger_than_it_says_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    """/proc files report a size of 0; the limit holds whatever the reported size."""
    import os

    from widgets.case import bounded_read

    path = tmp_path / "growing.yaml"
    path.write_bytes(b"x" * 50)
    real_fstat = os.fstat
    monkeypatch.setattr(bounded_read.os, "fstat",
                        lambda handle: os.stat_result((*real_fstat(handle)[:6], 0,
                                                       *real_fstat(handle)[7:])))
    with pytest.raises(bounded_read.UnreadableFile) as caught:
        bounded_read.read_bounded(path, 10)
    assert caught.value.found == "more than 10 bytes"
    assert bounded_read.read_bounded(path, 50) == b"x" * 50


def test_a_key_file_that_is_not_a_regular_file_is_refused(tmp_path):
    from widgets.case.loader import load_key

    with pytest.raises(CaseFileError) as caught:
        load_key(tmp_path, load_case(MINIMAL))
    assert str(caught.value).startswith(f"Invalid key file {tmp_path}: 1 problem")
    assert caught.value.problems[0].found == "a folder"


@pytest.mark.parametrize("extra, where, expected, found", [
    ("outcomes: 0x_\n", "line 35, at outcomes", "a valid whole number, or text in quotes",
     "'0x_', which YAML reads as a whole number but is not a valid one"),
    ("outcomes: &loop [a, *loop]\n", "line 35, at outcomes[1]",
     "an alias (*name) outside the value it names",
     "the alias '*loop' inside '&loop' (a loop)"),
    ("outcomes:\n  [a, b]: 1\n", "line 36, at outcomes", "a plain key (text such as 'title')",
     "a list or a mapping used as a key"),
], ids=["number-that-is-not-one", "alias-loop", "list-as-key"])
def test_yaml_that_ruamel_reads_but_cannot_convert_is_refused(tmp_path, extra, where,
                                                               expected, found):
    with pytest.raises(CaseFileError) as caught:
        load_case(_minimal_with(tmp_path, extra))
    (problem,) = caught.value.problems
    assert (problem.where(), problem.expected, problem.found) == (where, expected, found)


def test_every_tag_is_reported_at_once(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "pseudonym: Sam", "pseudonym: !!str Sam").replace("ref: §1", "ref: !!binary §1")
    path = tmp_path / "tags.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert [(p.where(), p.found) for p in caught.value.problems] == [
        ("line 9, at person.pseudonym", "the tag '!!str'"),
        ("line 13, at presenting_problems[0].ref", "the tag '!!binary'")]
