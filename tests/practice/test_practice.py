"""`workbook practice`: executed practice notebooks for any valid case, run from the command
line as a trainer runs it, on both committed cases and on Theo, a case shaped unlike them."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ANGIE, MINIMAL, REN, ROOT, THEO

from widgets import load_case
from widgets.case.vocabulary import CONTENT_TOPIC_LABELS
from widgets.practice.generate import INDEX, PracticeRefused, write_practice
from widgets.practice.markdown import markdown_text
from widgets.practice.notebooks import plan

FEMININE = re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE)


def workbook(*args, cwd=ROOT, timeout=600):
    return subprocess.run([sys.executable, "-m", "widgets", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Each case's notebooks, written once by the command itself."""
    out = {}
    for name, case in (("angie", ANGIE), ("ren", REN), ("theo", THEO)):
        folder = tmp_path_factory.mktemp(name) / "practice"
        result = workbook("practice", case, "--out", folder)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""  # no kernel chatter, no traceback
        out[name] = (folder, result.stdout)
    return out


def notebooks(folder: Path) -> dict[str, nbformat.NotebookNode]:
    return {path.name: nbformat.read(path, as_version=4)
            for path in sorted(folder.glob("*.ipynb"))}


@pytest.mark.parametrize("name, case_file", [("angie", ANGIE), ("ren", REN), ("theo", THEO)])
def test_one_executed_notebook_per_exercise_the_case_supports(generated, name, case_file):
    folder, stdout = generated[name]
    case = load_case(case_file)
    written = notebooks(folder)
    expected = (len(case.formulation.schemas) + 1 + 2 * len(case.episodes)
                + bool(case.vignettes) + 1 + 1 + 1)  # states, contract, experiment, change
    assert len(written) == expected + 1  # and the index
    assert f"wrote {expected + 1} notebooks" in stdout
    for file_name, notebook in written.items():
        if file_name == INDEX:
            continue
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        # Executed in order, every widget drawn, no error anywhere.
        assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
        assert all(out.output_type != "error" for cell in code for out in cell.outputs)
        assert "application/vnd.jupyter.widget-view+json" in code[-1].outputs[0].data
        text = notebook.cells[0].source
        assert case.title.split(":")[0] in text and "never asks about your own history" in text
    for episode in case.episodes:
        assert any(episode.id in n for n in written)


def test_the_content_note_and_the_fictional_label_come_from_the_case(generated):
    theo = notebooks(generated["theo"][0])
    first = theo["01-schema.ipynb"].cells[0].source
    assert "**Fictional case.**" in first and "**Content note.**" in first
    theo_case = load_case(THEO)
    assert all(CONTENT_TOPIC_LABELS[topic] in first for topic in theo_case.content_notes)
    angie = notebooks(generated["angie"][0])["01-schema.ipynb"].cells[0].source
    assert "**Source.**" in angie and "doi:" in angie


def test_generated_notebooks_pass_strict_nbval_as_written(generated):
    folder = generated["theo"][0]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with",
         str(ROOT / "tests" / "nbval-sanitize.cfg"), "--rootdir", str(folder), str(folder)],
        cwd=folder, capture_output=True, text=True, timeout=600,
        env={**os.environ, "WORKBOOK_WORK_DIR": str(folder.parent / "nbval-work")})
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"\d+ passed", result.stdout) and "failed" not in result.stdout


def test_no_generated_text_says_she_for_a_he_case(generated):
    folder = generated["theo"][0]
    for file_name, notebook in notebooks(folder).items():
        for cell in notebook.cells:
            shown = [cell.source]
            for output in cell.get("outputs", []):
                shown += [str(v) for v in output.get("data", {}).values()]
                shown.append(output.get("text", ""))
            found = [m.group(0) for text in shown for m in FEMININE.finditer(text)]
            assert not found, (file_name, found[:3])


def test_the_index_lists_what_was_not_generated_and_why(tmp_path):
    result = workbook("practice", MINIMAL, "--out", tmp_path / "out", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "not generated: the self-state mapper" in result.stdout
    index = nbformat.read(tmp_path / "out" / INDEX, as_version=4)
    trainer = index.cells[-1].source
    for exercise in ("the self-state mapper", "the chain builder and the cycle explorer",
                     "the metacognition rater", "the change calculator"):
        assert f"- {markdown_text(exercise)}:" in trainer
    assert "`formulation.self_states`" in trainer and "`episodes`" in trainer
    assert "contract goals" in trainer  # offered, with a note on what the drafter does
    assert sorted(p.name for p in (tmp_path / "out").glob("*.ipynb")) == [
        INDEX, "01-schema.ipynb", "02-contract.ipynb", "03-experiment.ipynb"]


def test_a_folder_that_is_not_empty_is_refused_without_force_and_nothing_written(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    refused = workbook("practice", MINIMAL, "--out", folder)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "is not empty" in refused.stderr and "--force" in refused.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    forced = workbook("practice", MINIMAL, "--out", folder, "--force", timeout=300)
    assert forced.returncode == 0, forced.stderr
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (folder / INDEX).is_file()


def test_a_broken_case_gets_the_validators_message_and_exit_1(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: x\n", encoding="utf-8")
    result = workbook("practice", broken, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.startswith(f"Invalid case file {broken}")
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_case_text_is_literal_markdown_and_the_plan_gives_nothing_away(tmp_path):
    assert markdown_text("# Head <script>x</script> [l](u) $x$\nnext") == (
        r"\# Head &lt;script&gt;x&lt;\/script&gt; \[l\]\(u\) \$x\$ next")
    case = load_case(ANGIE)
    practice = plan(case, "../cases/angie.yaml")
    shown = json.dumps([[c.source for c in p.cells] for p in practice.notebooks])
    key = case.formulation.schemas[0]
    # The published schema's items and ids never appear before the exercise.
    for item in (key.id, *(i.text for i in key.negative_self_image),
                 *(i.text for i in key.expected_response_of_other)):
        assert item not in shown
    assert all(s.name not in shown for s in case.formulation.self_states)


def test_a_refusal_from_the_generator_names_the_folder(tmp_path):
    target = tmp_path / "file"
    target.write_text("", encoding="utf-8")
    with pytest.raises(PracticeRefused, match="it is not a folder"):
        write_practice(load_case(MINIMAL), MINIMAL, target)
