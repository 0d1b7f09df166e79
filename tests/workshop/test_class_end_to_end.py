"""A class of 30, end to end: each student works in their own work folder (so has their own
learner id), fills a schema, rates a vignette and drafts a contract through the widgets'
controls, and clicks the real Export JSON buttons; the trainer copies every export into one
folder, as a download or a shared folder does, and the report counts 30 students, names
the pseudonym two of them share, and accounts for every file."""

import shutil
from pathlib import Path

import ipywidgets as ipw
import pytest

from widgets.exercises.contract_drafter import ContractDrafter
from widgets.exercises.experiment_planner import ExperimentPlanner
from widgets.exercises.metacognition_rater import MetacognitionRater
from widgets.exercises.schema_builder import SchemaBuilder
from widgets.work.export_names import ANONYMOUS
from widgets.workshop.page import render_report
from widgets.workshop.report import build_report

STUDENTS = 30
# Two students choose "Sam"; one sets no pseudonym at all.
PSEUDONYMS = ["Sam", "Sam", ""] + [f"Student {n:02d}" for n in range(4, STUDENTS + 1)]
FILES_EACH = 4  # a schema, ratings, a contract and an experiment plan
SELF_IMAGES = ["Unlovable", "unlovable", "not worth loving", "Unlovable"]


def json_button(widget) -> ipw.Button:
    found = []

    def walk(node):
        if isinstance(node, ipw.Button) and node.description == "Export JSON":
            found.append(node)
        for child in getattr(node, "children", ()) or ():
            walk(child)

    walk(widget.view)
    assert len(found) == 1, widget
    return found[0]


def one_student(case, folder: Path, number: int, pseudonym: str) -> list[Path]:
    """What one student does in chapters 2, 4, 7 and 13; returns the files their exports wrote."""
    builder = SchemaBuilder(case, work_dir=folder)
    builder.pseudonym.value = pseudonym  # typed once: the other exercises start with it
    builder.wish.value = "to be loved and cared for"
    builder.motive.value = case.schema().wish.motive
    builder.fields["negative_self_image"].value = SELF_IMAGES[number % len(SELF_IMAGES)]
    builder.fields["expected_response_of_other"].value = "distant"
    rater = MetacognitionRater(case, work_dir=folder)
    for offset, scale_id in enumerate(rater.level_pickers):
        rater.level_pickers[scale_id].value = (number + offset) % 3 + 1
    drafter = ContractDrafter(case, work_dir=folder)
    assert drafter.pseudonym.value == pseudonym.strip()  # carried over from the schema
    drafter.goals[2].value = f"Goal written by student {number}"
    planner = ExperimentPlanner(case, work_dir=folder)  # drafted from this student's schema
    assert planner.areas["wish"].value == "to be loved and cared for"
    if number % 2:  # every other student plans the step; every third repeats the prediction
        planner.areas["step"].value = f"Step planned by student {number}"
    if number % 3 == 0:
        planner.areas["disconfirmation"].value = planner.areas["prediction"].value
    widgets = (builder, rater, drafter, planner)
    for widget in widgets:
        json_button(widget).click()
    exported = [path for widget in widgets
                for _message, path in widget.export_log]
    assert all(path is not None and path.exists() for path in exported), exported
    return exported


def collect_like_a_browser(files: list[Path], into: Path) -> list[Path]:
    """Copy each file into one folder; a name already there gets " (2)", " (3)", … as a
    browser's download does, never replacing a classmate's file."""
    copied = []
    for path in files:
        target, n = into / path.name, 1
        while target.exists():
            n += 1
            target = into / f"{path.stem} ({n}){path.suffix}"
        shutil.copy2(path, target)
        copied.append(target)
    return copied


@pytest.fixture(scope="module")
def a_class(angie, tmp_path_factory):
    # The diagrams are drawn and checked elsewhere; here they would only cost time (Graphviz
    # and matplotlib for 90 widgets), so they are drawn as an empty picture.
    patch = pytest.MonkeyPatch()
    patch.setattr("widgets.diagrams.figure.render_svg", lambda dot: "<svg></svg>")
    patch.setattr(MetacognitionRater, "_refresh_profile", lambda self: None)
    base = tmp_path_factory.mktemp("a-class")
    try:
        exports = [one_student(angie, base / f"student-{number:02d}" / "work", number, name)
                   for number, name in enumerate(PSEUDONYMS, 1)]
    finally:
        patch.undo()
    folder = base / "collected"
    folder.mkdir()
    copied = collect_like_a_browser([p for files in exports for p in files], folder)
    return exports, copied, build_report(folder, angie)


def test_each_student_exports_under_their_pseudonym(a_class):
    exports, copied, _report = a_class
    assert [p.name for p in exports[3]] == [
        "Student 04--angie--schema.json", "Student 04--angie--metacognition-ratings.json",
        "Student 04--angie--contract.json", "Student 04--angie--experiment.json"]
    assert all(p.name.startswith(f"{ANONYMOUS}--") for p in exports[2])
    # The two students called Sam wrote files of the same names in their own folders; the
    # second Sam's arrive in the class folder as "… (2).json", beside the first's.
    assert [p.name for p in exports[0]] == [p.name for p in exports[1]]
    assert sorted(p.name for p in copied if " (2)" in p.name) == sorted(
        f"{p.stem} (2).json" for p in exports[1])


def test_the_report_counts_thirty_students_and_accounts_for_every_file(a_class):
    _exports, copied, report = a_class
    assert len(copied) == FILES_EACH * STUDENTS
    assert report.students == STUDENTS
    assert report.files_seen == len(copied) == report.files_used + len(report.skipped)
    assert report.skipped == [] and report.unidentified == []
    assert report.by_kind == {"contract": STUDENTS, "experiment": STUDENTS, "ratings": STUDENTS,
                              "schema": STUDENTS}
    counted = [f["file"] for student in report.roster for f in student["files"]]
    assert sorted(counted) == sorted(p.name for p in copied)  # each file once, none lost
    assert all(len(student["files"]) == FILES_EACH for student in report.roster)
    assert report.summary[0].startswith(
        f"We read {FILES_EACH * STUDENTS} files: {FILES_EACH * STUDENTS} counted and 0 set aside")
    assert f"from {STUDENTS} students" in report.summary[0]


def test_the_report_names_the_pseudonym_two_students_share(a_class):
    _exports, _copied, report = a_class
    assert [c["pseudonym"] for c in report.clashes] == ["Sam"]
    clash = report.clashes[0]
    assert len(clash["students"]) == 2 and len(clash["files"]) == 2 * FILES_EACH
    assert len(set(clash["students"])) == 2  # told apart by their learner ids
    assert "by 2 students" in " ".join(report.summary)
    ratings_rows = [a.student for a in report.ratings.agreement]
    assert len(ratings_rows) == len(set(ratings_rows)) == STUDENTS  # no two rows alike
    unnamed = [s for s in report.roster if s["student"].startswith("(no pseudonym, learner")]
    assert len(unnamed) == 1


def test_the_consensus_shows_what_students_wrote(a_class, angie):
    _exports, _copied, report = a_class
    shown = {node.text for schema in report.schemas for node in schema.nodes}
    assert not any(text in shown for text in ("lov", "unlov", "worth lov"))


def test_the_page_lists_the_clash_and_every_student(a_class, angie):
    _exports, _copied, report = a_class
    page = render_report(report, angie)
    assert "Pseudonyms chosen by more than one student" in page
    assert page.count("(contract)") == STUDENTS
    assert "<h2>Behavioural experiments: experiment</h2>" in page
    assert f"{FILES_EACH * STUDENTS} files read = {FILES_EACH * STUDENTS} counted" in page


def test_the_report_reads_the_experiment_plans(a_class):
    _exports, _copied, report = a_class
    [tally] = [t for t in report.others if t.kind == "experiment"]
    rows = {r["part"]: r for r in tally.rows}
    numbers = range(1, STUDENTS + 1)
    assert tally.students == STUDENTS
    assert rows["The step (plan)"]["written"] == sum(1 for n in numbers if n % 2)
    repeats = sum(1 for n in numbers if n % 3 == 0)
    assert rows["What would count against it"]["written"] == repeats
    assert rows["What would count against it"]["as_planned"] == 0  # each repeats the prediction
    assert rows["The wish it tests"]["written"] == STUDENTS
    assert all(r["of"] == STUDENTS for r in tally.rows)
