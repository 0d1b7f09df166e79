"""No key before the attempt: nothing a learner sees before an exercise's Compare, Submit or
Check gives that exercise's answer away, and in the book the answers shown after it are folded.

What a learner has seen "before the exercise" is read from the chapters as committed (their
saved outputs), walked in order:
- every cell of the exercise's own chapter up to and including the cell that creates its widget
  (markdown, code and outputs), for the answers that are words: the published schema's element
  texts, the published self-state names, the reference ratings' rationales;
- every cell of every chapter before it as well, for the chain's answer, the step→stage pairs
  (a table row that shows a step beside its stage), which no earlier chapter has reason to show;
- the widget's own first state, built here as a learner first sees it: the name of its save file,
  its placeholders, descriptions, tooltips, option labels and any text it shows.
The schema builder's suggestion lists count too: they offer a general vocabulary from which
the case's own published wordings are taken out, so no option names an answer.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as ipw
import pytest
from conftest import ANGIE

from widgets import load_case
from widgets.case.model import Case
from widgets.case.vocabulary import STAGE_LABELS
from widgets.exercises.chain_builder import EpisodeChainBuilder
from widgets.exercises.contract_drafter import ContractDrafter
from widgets.exercises.experiment_planner import ExperimentPlanner
from widgets.exercises.metacognition_rater import MetacognitionRater
from widgets.exercises.schema_builder import SchemaBuilder
from widgets.exercises.self_state_mapper import SelfStateMapper
from widgets.work.schema import ELEMENTS, published_items

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))
WIDGET_CALL = re.compile(r"\b(SchemaBuilder|SelfStateMapper|EpisodeChainBuilder|"
                         r"MetacognitionRater|ContractDrafter|ExperimentPlanner)"
                         r"\(case(?:, \"([\w-]+)\")?")
TAG = re.compile(r"<[^>]+>")
SHOWN_OUTPUTS = ("text/html", "text/markdown", "text/plain", "image/svg+xml")


@dataclass
class Cell:
    chapter: str
    index: int
    kind: str
    source: str
    outputs: str  # everything the cell's outputs show, as plain text

    @property
    def where(self) -> str:
        return f"{self.chapter} cell {self.index}"

    @property
    def shown(self) -> str:
        return f"{self.source}\n{self.outputs}"


def _plain(text: str) -> str:
    return html.unescape(TAG.sub(" ", text))


FOLDED = re.compile(r"^(`{3,}|:{3,})\{admonition\}[^\n]*\n:class: dropdown\n.*?^\1",
                    re.DOTALL | re.MULTILINE)


def _cells(notebook: Path) -> list[Cell]:
    """The cells as the book shows them before a learner opens anything: the outputs of cells
    tagged `hide-output` and the text of dropdowns are folded, so they count as not shown."""
    cells = []
    for index, cell in enumerate(json.loads(notebook.read_text(encoding="utf-8"))["cells"]):
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            outputs += ["".join(data[kind]) for kind in SHOWN_OUTPUTS if kind in data]
            outputs.append("".join(output.get("text", "")))
        folded = "hide-output" in cell.get("metadata", {}).get("tags", [])
        source = FOLDED.sub("", "".join(cell["source"]))
        cells.append(Cell(notebook.stem, index, cell["cell_type"], source,
                          "" if folded else "\n".join(outputs)))
    return cells


@dataclass
class Exercise:
    widget: str
    argument: str | None  # the episode, for a chain
    name: str | None  # the exercise name the chapter gives, if any
    cell: Cell
    chapter_before: list[Cell]  # the chapter's cells up to and including the widget's
    book_before: list[Cell]  # every cell of the book up to and including the widget's


def exercises() -> list[Exercise]:
    found, book = [], []
    for notebook in CHAPTERS:
        chapter = _cells(notebook)
        for position, cell in enumerate(chapter):
            book.append(cell)
            match = WIDGET_CALL.search(cell.source) if cell.kind == "code" else None
            if match:
                name = re.search(r'exercise="([\w-]+)"', cell.source)
                found.append(Exercise(match[1], match[2], name and name[1], cell,
                                      chapter[:position + 1], list(book)))
    return found


# --- the answers -----------------------------------------------------------------------------
def schema_key(case: Case) -> list[str]:
    key = case.schema()
    return [key.wish.text] + [item.text for element in ELEMENTS
                              for item in published_items(key, element.field)]


def schema_key_in_pages(case: Case) -> list[str]:
    """The schema's answers as a page would give them away: the wish and the items in the
    formulation's own phrasing (three words or more). A single word such as "sadness" or
    "self-harm" is also the case's own material, which a learner must read to formulate;
    in a save name, a placeholder or an option label any item counts."""
    return [text for text in schema_key(case) if len(text.split()) >= 3]


def self_state_key(case: Case) -> list[str]:
    return [state.name for state in case.formulation.self_states]


def rating_key(case: Case) -> list[str]:
    return [rating.rationale for vignette in case.vignettes if vignette.reference
            for rating in _ratings(vignette.reference)]


def _ratings(reference) -> list:
    return [value for value in vars(reference).values() if hasattr(value, "rationale")]


def chain_key(case: Case, episode_id: str) -> list[tuple[str, str]]:
    return [(step.text, STAGE_LABELS[step.stage]) for step in case.episode(episode_id).steps]


def words_found(key: list[str], text: str) -> list[str]:
    """The answers that `text` names, as whole words, in any case."""
    text = " ".join(text.split())
    return [answer for answer in key
            if re.search(rf"(?<!\w){re.escape(' '.join(answer.split()))}(?!\w)", text,
                         re.IGNORECASE)]


def pairs_found(key: list[tuple[str, str]], cell: Cell) -> list[tuple[str, str]]:
    """The steps a table row shows beside their stage."""
    rows = re.findall(r"<tr.*?</tr>", cell.outputs, re.DOTALL)
    return [(step, stage) for step, stage in key for row in rows
            if " ".join(step.split()) in " ".join(_plain(row).split()) and stage in _plain(row)]


# --- the widget as a learner first sees it ---------------------------------------------------
def first_view(widget, skip: set[int]) -> str:
    """The save file's name and every text the widget's controls show before any edit."""
    texts = [widget.save_path.name, widget.exercise]
    pending = [widget.view]
    while pending:
        control = pending.pop()
        if id(control) in skip:
            continue
        for name in ("placeholder", "description", "tooltip", "value"):
            value = getattr(control, name, None)
            if isinstance(value, str):
                texts.append(_plain(value))
        if isinstance(control, ipw.widgets.widget_selection._Selection):
            texts += [str(label) for label in control._options_labels]
        pending += list(getattr(control, "children", ()))
    return "\n".join(texts)


def _controls(view) -> list:
    found, pending = [], [view]
    while pending:
        control = pending.pop()
        found.append(control)
        pending += list(getattr(control, "children", ()))
    return found


def build(exercise: Exercise, case: Case, work_dir: Path):
    if exercise.widget == "SchemaBuilder":
        return SchemaBuilder(case, exercise=exercise.name, work_dir=work_dir), set()
    if exercise.widget == "EpisodeChainBuilder":
        return EpisodeChainBuilder(case, exercise.argument, work_dir=work_dir), set()
    widgets = {"SelfStateMapper": SelfStateMapper, "MetacognitionRater": MetacognitionRater,
               "ContractDrafter": ContractDrafter, "ExperimentPlanner": ExperimentPlanner}
    return widgets[exercise.widget](case, work_dir=work_dir), set()


# --- the tests -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(ANGIE)


def test_the_chapters_have_the_exercises_this_test_knows():
    assert {e.widget for e in exercises()} == {"SchemaBuilder", "SelfStateMapper",
                                               "EpisodeChainBuilder", "MetacognitionRater",
                                               "ContractDrafter", "ExperimentPlanner"}


# Exercises that draft from the published schema on purpose (after chapter 2's answer).
DRAFTED_FROM_SCHEMA = ("ContractDrafter", "ExperimentPlanner")
WORD_KEYS = {"SchemaBuilder": schema_key, "SelfStateMapper": self_state_key,
             "MetacognitionRater": rating_key, "ContractDrafter": schema_key,
             "ExperimentPlanner": schema_key}
PAGE_KEYS = {**WORD_KEYS, "SchemaBuilder": schema_key_in_pages}


@pytest.mark.parametrize("exercise", exercises(), ids=lambda e: e.cell.where)
def test_no_cell_before_an_exercise_shows_its_answer(exercise, case):
    if exercise.widget == "EpisodeChainBuilder":
        key = chain_key(case, exercise.argument)
        shown = [(cell.where, pairs) for cell in exercise.book_before
                 if (pairs := pairs_found(key, cell))]
    elif exercise.widget in DRAFTED_FROM_SCHEMA:
        return  # it follows the schema's answer on purpose; its own first view is tested below
    else:
        key = PAGE_KEYS[exercise.widget](case)
        assert key, "no answer found to look for: the test would pass whatever the chapter says"
        shown = [(cell.where, found) for cell in exercise.chapter_before
                 if (found := words_found(key, _plain(cell.shown)))]
    assert not shown, f"{exercise.widget} ({exercise.cell.where}): answers shown before it: {shown}"


@pytest.mark.parametrize("exercise", exercises(), ids=lambda e: e.cell.where)
def test_an_exercise_widget_names_no_answer_before_the_attempt(exercise, case, tmp_path):
    widget, skip = build(exercise, case, tmp_path)
    if exercise.widget == "EpisodeChainBuilder":
        chosen = [row.stage.value for row in widget.rows]
        assert chosen == [None] * len(chosen), "a step starts with a stage already chosen"
        return
    if exercise.widget in DRAFTED_FROM_SCHEMA:
        # It drafts from the published schema on purpose (after chapter 2's answer): only its
        # name and prompts must not carry the schema.
        seen = "\n".join([widget.save_path.name, widget.exercise,
                          *(c.placeholder for c in _controls(widget.view)
                            if isinstance(getattr(c, "placeholder", None), str))])
    else:
        seen = first_view(widget, skip)
    found = words_found(WORD_KEYS[exercise.widget](case), seen)
    assert not found, f"{exercise.widget} shows {found} before the attempt"


def test_the_checks_find_an_answer_where_there_is_one(case, tmp_path):
    """The two checks above can fail: they find the answers in a page and a widget that show
    them (the published schema table, a save file named after the schema)."""
    from widgets.book.tables import episode_table, schema_table

    table = Cell("x", 0, "code", "", episode_table(case, "phone-call").to_html())
    assert pairs_found(chain_key(case, "phone-call"), table)
    hidden = Cell("x", 0, "code", "", episode_table(case, "phone-call", stages=False).to_html())
    assert not pairs_found(chain_key(case, "phone-call"), hidden)
    assert words_found(schema_key(case), _plain(schema_table(case).to_html()))
    named = SchemaBuilder(case, exercise=f"schema-{case.schema().id}", work_dir=tmp_path)
    assert words_found(schema_key(case), first_view(named, set()))
    # A suggestion list holding a published item is found as well.
    builder = SchemaBuilder(case, work_dir=tmp_path / "s")
    picker = builder.suggestions["negative_self_image"]
    assert not words_found(schema_key(case), first_view(builder, set()))
    picker.options = [*picker.options, case.schema().negative_self_image[0].text]
    assert words_found(schema_key(case), first_view(builder, set()))


FOLD_KEYS = {"SchemaBuilder": schema_key_in_pages, "SelfStateMapper": self_state_key}


@pytest.mark.parametrize("exercise", [e for e in exercises() if e.name is None
                                      and e.widget in (*FOLD_KEYS, "EpisodeChainBuilder")],
                         ids=lambda e: e.cell.where)
def test_the_published_answer_after_an_exercise_is_folded(exercise, case):
    """In the book, the answer that follows an exercise is behind a dropdown, so reading on to
    the next exercise does not give it away. Every cell after the widget counts, up to the
    chapter's summary."""
    chapter = _cells(ROOT / "chapters" / f"{exercise.cell.chapter}.ipynb")
    after = []
    for cell in chapter[exercise.cell.index + 1:]:
        # The chapter's summary closes it, once every exercise has been tried.
        cell.source, summary, _ = cell.source.partition("## Summary")
        after.append(cell)
        if summary:
            break
    if exercise.widget == "EpisodeChainBuilder":
        key = chain_key(case, exercise.argument)
        shown = [(cell.where, pairs) for cell in after if (pairs := pairs_found(key, cell))]
    else:
        key = FOLD_KEYS[exercise.widget](case)
        shown = [(cell.where, found) for cell in after
                 if (found := words_found(key, _plain(cell.shown)))]
    assert not shown, f"{exercise.widget}: answers in plain view after it: {shown}"


# Exercises answered on paper, with no widget: the heading that opens each, and phrases that only
# its model answers contain. The answers must come after the heading and be folded.
MARKDOWN_EXERCISES = {
    ("11-assessment-and-risk", "## Exercise: weigh one differential"): (
        "On this evidence BPD is the better-supported diagnosis",
        "Unlikely on this evidence",
        "Against a paranoid personality disorder"),
    ("12-alternative-formulations", "## Exercise: reformulate and compare"): (
        "the chain makes the moment of choice and its cost very concrete",
        "the lens names the failure precisely",
        "the modes map onto MIT's states almost one to one"),
}


def _raw_sources(chapter: str) -> list[str]:
    notebook = json.loads((ROOT / "chapters" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"]]


@pytest.mark.parametrize(("chapter", "heading"), list(MARKDOWN_EXERCISES),
                         ids=[chapter for chapter, _ in MARKDOWN_EXERCISES])
def test_a_paper_exercise_keeps_its_model_answer_folded_and_after_it(chapter, heading):
    phrases = MARKDOWN_EXERCISES[(chapter, heading)]
    raw = _raw_sources(chapter)
    opening = [index for index, source in enumerate(raw) if heading in source]
    assert len(opening) == 1, f"{chapter}: the exercise '{heading}' is not found once"
    start = opening[0]
    before = "\n".join(raw[:start]) + raw[start].split(heading)[0]
    after = raw[start].split(heading, 1)[1] + "\n".join(raw[start + 1:])
    for phrase in phrases:
        assert phrase not in before, f"{chapter}: '{phrase}' comes before the exercise"
        assert phrase in after, f"{chapter}: the model answer '{phrase}' is missing"
    shown = [(cell.where, phrase) for cell in _cells(ROOT / "chapters" / f"{chapter}.ipynb")
             for phrase in phrases if phrase in cell.shown]
    assert not shown, f"{chapter}: model answers in plain view: {shown}"


def test_the_paper_exercise_check_finds_an_unfolded_answer(tmp_path):
    """The check above reads folding as the book does: the same answer outside a dropdown shows."""
    folded = "```{admonition} Model answer\n:class: dropdown\nthe answer\n```\n"
    notebook = tmp_path / "x.ipynb"
    cells = [{"cell_type": "markdown", "metadata": {}, "source": folded},
             {"cell_type": "markdown", "metadata": {}, "source": "the answer"}]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert ["the answer" in cell.shown for cell in _cells(notebook)] == [False, True]
