"""Who the files come from: students counted by learner id, older files by pseudonym, files
with neither counted as work but not as students; clashes named; and the consensus diagram
showing the wording students used, not the lemmas answers are grouped by."""

import uuid
import xml.etree.ElementTree as ET

from widgets.diagrams.render import render_svg
from widgets.work.contract import ContractWork
from widgets.work.responses import ContractResponse, SchemaResponse
from widgets.work.schema import SchemaWork
from widgets.workshop.consensus import consensus_dot
from widgets.workshop.report import build_report

SAVED = "2026-11-23T10:{:02d}:00+00:00"


def write(folder, name, document):
    (folder / name).write_text(document.model_dump_json(), encoding="utf-8")


def schema(pseudonym="", learner_id="", minute=0, **work):
    return SchemaResponse(case_id="angie", exercise="schema", pseudonym=pseudonym,
                          learner_id=learner_id, saved_at=SAVED.format(minute),
                          work=SchemaWork(wish="to be loved", **work))


def contract(pseudonym="", learner_id="", minute=0):
    return ContractResponse(case_id="angie", exercise="contract", pseudonym=pseudonym,
                            learner_id=learner_id, saved_at=SAVED.format(minute),
                            work=ContractWork(goals=["a goal"]))


def test_older_files_join_the_one_learner_with_their_pseudonym(angie, tmp_path):
    kim = str(uuid.uuid4())
    write(tmp_path, "kim-schema.json", schema("Kim", kim))
    write(tmp_path, "kim-contract-old.json", contract("Kim"))  # before ids: joins Kim
    write(tmp_path, "lee-old.json", schema("Lee"))  # before ids, no one else: by pseudonym
    write(tmp_path, "nobody.json", contract())  # neither: work, not a student
    write(tmp_path, "nobody-2.json", contract(minute=1))
    report = build_report(tmp_path, angie)
    assert report.students == 2
    assert report.files_seen == 5 == report.files_used + len(report.skipped)
    assert {r["student"]: len(r["files"]) for r in report.roster} == {"Kim": 2, "Lee": 1}
    assert sorted(f["file"] for f in report.unidentified) == ["nobody-2.json", "nobody.json"]
    assert "2 counted files carry neither a learner id nor a pseudonym" in " ".join(
        report.summary)


def test_a_later_save_by_the_same_learner_supersedes_even_under_a_new_pseudonym(angie,
                                                                                tmp_path):
    kim = str(uuid.uuid4())
    write(tmp_path, "first.json", schema("Kim", kim, minute=1))
    write(tmp_path, "renamed.json", schema("Kimberley", kim, minute=2))
    report = build_report(tmp_path, angie)
    assert report.students == 1 and report.files_used == 1
    assert report.skipped == [{"file": "first.json", "reason": "superseded by renamed.json "
                               "(same student and exercise, saved later)"}]


def test_two_learners_with_one_pseudonym_are_two_students_and_a_clash(angie, tmp_path):
    one, two = str(uuid.uuid4()), str(uuid.uuid4())
    write(tmp_path, "a.json", schema("Sam", one))
    write(tmp_path, "b.json", schema("sam", two))  # the same name to a reader
    write(tmp_path, "c.json", contract("Sam", one))
    report = build_report(tmp_path, angie)
    assert report.students == 2
    assert [(c["pseudonym"], c["files"]) for c in report.clashes] == [
        ("Sam", ["a.json", "b.json", "c.json"])]
    assert sorted(report.clashes[0]["students"]) == sorted(
        [f"Sam (learner {one[:8]})", f"sam (learner {two[:8]})"])


def wrote(tmp_path, angie, answers):
    for n, text in enumerate(answers):
        write(tmp_path, f"{n}.json", schema(f"S{n}", str(uuid.uuid4()),
                                            coping_intrapsychic=[text]))
    return build_report(tmp_path, angie).schemas[0]


def test_the_consensus_shows_the_wording_most_students_used(angie, tmp_path):
    summary = wrote(tmp_path, angie, ["Zebras crossing", "zebra crossings", "Zebras crossing",
                                      "ZEBRA CROSSING"])
    node = next(n for n in summary.nodes if n.element == "coping_intrapsychic"
                and not n.published)
    assert node.students == 4 and node.text == "Zebras crossing"
    assert node.grouped_as != node.text  # grouped by lemmas, shown as written
    assert "Zebras crossing (4 of 4)" in consensus_dot(summary, "t")


def test_a_tie_is_broken_the_same_way_every_time(angie, tmp_path):
    summary = wrote(tmp_path, angie, ["zebra crossings", "Zebra crossing"])
    node = next(n for n in summary.nodes if n.element == "coping_intrapsychic"
                and not n.published)
    assert node.text == "Zebra crossing"  # one each: the first ignoring case


def test_the_wording_is_drawn_as_typed(angie, tmp_path):
    """Markup a student typed is text in the diagram: drawn as typed, never as markup."""
    text = "<b>Zebra</b> & crossing"
    summary = wrote(tmp_path, angie, [text, text])
    root = ET.fromstring(render_svg(consensus_dot(summary, "t")))
    drawn = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "<b>Zebra</b> & crossing" in drawn
    assert not list(root.iter("{http://www.w3.org/2000/svg}b"))
