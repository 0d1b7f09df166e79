"""Which practice notebooks a case supports, and what each one says.

One notebook per exercise the case has the material for: a schema builder per schema, the
self-state mapper, a chain builder and a cycle explorer per episode, the metacognition rater,
the contract drafter, the experiment planner and the change calculator. An exercise the case
cannot support is listed with the reason, for the index, never attempted.

Nothing here gives an answer away before the exercise (see tests/book/
test_no_key_before_attempt.py): a notebook's name, heading and text carry no schema id,
self-state name, stage of a step or reference rating, and a schema is named in the code by its
position, not its published id. Every text from the case goes through `markdown_text`. The
workbook's own sentences name the person by pseudonym, never by a pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nbformat.v4 import new_code_cell, new_markdown_cell

from ..case.model import Case, Episode, Sourced
from ..case.prose import join
from ..case.vocabulary import CONTENT_TOPIC_LABELS, TIME_POINT_LABELS
from ..stats.change import pre_post
from .markdown import markdown_text as md

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth"]


@dataclass(frozen=True)
class Practice:
    """One notebook: its file stem (the exercise's save name), its heading, its cells."""

    name: str
    heading: str
    purpose: str  # one line for the index
    cells: list = field(default_factory=list)


@dataclass(frozen=True)
class NotOffered:
    exercise: str
    reason: str


@dataclass
class Plan:
    notebooks: list[Practice] = field(default_factory=list)
    not_offered: list[NotOffered] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the trainer, in the index


# --- the parts every notebook shares ----------------------------------------------------------

def about_the_case(case: Case) -> str:
    """The fictional label or the source, and the content note, in the case's own terms."""
    if case.source.fictional:
        lines = [f"> **Fictional case.** {md(case.source.citation)}"]
    else:
        doi = f" doi:{md(case.source.doi)}" if case.source.doi else ""
        lines = [f"> **Source.** {md(case.source.citation)}{doi}"]
    topics = [CONTENT_TOPIC_LABELS[topic] for topic in case.content_notes]
    if topics:
        lines += [">", f"> **Content note.** This case touches on {md(join(topics))}. You can "
                  "stop at any point and come back later, or talk to someone you trust. If "
                  "you need help now, call your local emergency number: 112 in the European "
                  "Union, 999 in the UK, 911 in the United States and Canada."]
    return "\n".join(lines)


def opening(case: Case, heading: str, purpose: str) -> str:
    return "\n".join([
        f"# {md(case.title)}", "", f"## Practice: {md(heading)}", "", about_the_case(case), "",
        f"{purpose} Run the notebook (**Run → Run All Cells**) to start the exercise. Your "
        "work is saved as you go, and **Export JSON** writes the file your trainer collects. "
        "The exercise is about the case; it never asks about your own history.",
    ])


def load_cell(case_path: str, module: str, widget: str):
    return new_code_cell(f"from widgets import load_case\n"
                         f"from widgets.exercises.{module} import {widget}\n\n"
                         f"case = load_case({case_path!r})")


def sourced(items: list[Sourced]) -> str:
    return "\n".join(f"- {md(item.text)} ({md(item.ref)})" for item in items)


def episode_text(episode: Episode, steps: bool) -> str:
    """An episode as the case tells it; its steps in order, never with their stages."""
    lines = [f"**{md(episode.title)}** ({md(TIME_POINT_LABELS[episode.time_point])}, "
             f"{md(episode.ref)}): {md(episode.summary)}"]
    if steps:
        lines += [""] + [f"{n}. {md(step.text)}" for n, step in enumerate(episode.steps, 1)]
    return "\n".join(lines)


def _pseudonym(case: Case) -> str:
    return md(case.person.pseudonym)


# --- one builder per exercise -----------------------------------------------------------------

def schema_notebooks(case: Case, case_path: str) -> list[Practice]:
    schemas = case.formulation.schemas
    notebooks = []
    for index, schema in enumerate(schemas):
        position = index + 1
        name = "schema" if position == 1 else f"schema-{position}"
        heading = "an interpersonal schema" if len(schemas) == 1 else (
            f"interpersonal schema {position} of {len(schemas)}")
        refs = sorted({schema.wish.ref} | {item.ref for items in (
            schema.negative_self_image, schema.expected_response_of_other,
            schema.reactions_of_self, schema.coping.interpersonal, schema.coping.intrapsychic,
            schema.alternative_self_image, schema.hoped_response_of_other) for item in items})
        ordinal = ORDINALS[index] if index < len(ORDINALS) else f"number {position}"
        which = ("" if len(schemas) == 1 else
                 f" The case's formulation holds {len(schemas)} schemas, the first being the "
                 f"dominant one; this notebook asks for the {ordinal}, which the source sets "
                 f"out at {md(', '.join(refs))}.")
        purpose = (f"Formulate {_pseudonym(case)}'s interpersonal schema: the wish, the "
                   "expected response of the other, the reactions and the coping, then compare "
                   f"it with the published formulation.{which}")
        episodes = "\n\n".join(episode_text(e, steps=True) for e in case.episodes)
        material = ["## What the case tells", "", "What brought "
                    f"{_pseudonym(case)} to therapy:", "", sourced(case.presenting_problems)]
        if episodes:
            material += ["", "The episodes the case tells, step by step:", "", episodes]
        code = ("SchemaBuilder(case)" if index == 0 else
                f"SchemaBuilder(case, case.formulation.schemas[{index}].id)")
        notebooks.append(Practice(name, f"Schema {position}" if len(schemas) > 1 else "Schema",
                                  f"the schema builder ({heading})", [
            new_markdown_cell(opening(case, heading, purpose)),
            new_markdown_cell("\n".join(material)),
            load_cell(case_path, "schema_builder", "SchemaBuilder"),
            new_code_cell(code),
        ]))
    return notebooks


def self_states_notebook(case: Case, case_path: str) -> Practice:
    purpose = (f"Map {_pseudonym(case)}'s self-states and the shifts between them, then compare "
               "the map with the published self-states.")
    material = ["## What the case tells", "", f"What brought {_pseudonym(case)} to therapy:", "",
                sourced(case.presenting_problems)]
    if case.history:
        material += ["", "The history:", "", "\n".join(
            f"- {md(event.when)}: {md(event.text)} ({md(event.ref)})" for event in case.history)]
    return Practice("self-states", "Self-states", "the self-state mapper", [
        new_markdown_cell(opening(case, "self-states and the shifts between them", purpose)),
        new_markdown_cell("\n".join(material)),
        load_cell(case_path, "self_state_mapper", "SelfStateMapper"),
        new_code_cell("SelfStateMapper(case)"),
    ])


def episode_notebooks(case: Case, case_path: str) -> list[Practice]:
    notebooks = []
    for episode in case.episodes:
        title = md(episode.title)
        chain = (f"Put the steps of “{title}” in order and tag each with its stage of the "
                 "cycle, then check the chain against the case file.")
        notebooks.append(Practice(f"chain-{episode.id}", f"{episode.title}: the chain",
                                  "the chain builder", [
            new_markdown_cell(opening(case, f"{episode.title}, step by step", chain)),
            new_markdown_cell("## The episode\n\n" + episode_text(episode, steps=False)),
            load_cell(case_path, "chain_builder", "EpisodeChainBuilder"),
            new_code_cell(f"EpisodeChainBuilder(case, {episode.id!r})"),
        ]))
        cycle = (f"See which stages of the cycle “{title}” reaches, and where MIT intervenes. "
                 "This view shows each step's stage: do the chain for this episode first.")
        notebooks.append(Practice(f"cycle-{episode.id}", f"{episode.title}: the cycle",
                                  "the cycle explorer", [
            new_markdown_cell(opening(case, f"{episode.title} on the cycle", cycle)),
            new_markdown_cell("## The episode\n\n" + episode_text(episode, steps=False)),
            load_cell(case_path, "cycle_explorer", "CycleExplorer"),
            new_code_cell(f"explorer = CycleExplorer(case)\nexplorer.select({episode.id!r})\n"
                          "explorer"),
        ]))
    return notebooks


def ratings_notebook(case: Case, case_path: str) -> Practice:
    purpose = ("Rate each excerpt on the metacognition teaching rubric, say why, then submit "
               "to see the reference ratings.")
    if not all(v.reference for v in case.vignettes):
        purpose += (" For excerpts without reference ratings in this copy of the case, your "
                    "trainer holds the key.")
    rows = []
    for n, v in enumerate(case.vignettes, 1):
        label = "fictional, " if v.fictional else ""
        rows.append(f"{n}. {md(v.title)} ({md(TIME_POINT_LABELS[v.time_point])}; {label}"
                    f"based on {md(v.based_on)})")
    return Practice("metacognition-ratings", "Rating metacognition", "the metacognition rater", [
        new_markdown_cell(opening(case, "rating metacognition", purpose)),
        new_markdown_cell("## The excerpts\n\n" + "\n".join(rows)),
        load_cell(case_path, "metacognition_rater", "MetacognitionRater"),
        new_code_cell("MetacognitionRater(case)"),
    ])


def contract_notebook(case: Case, case_path: str) -> Practice:
    purpose = (f"Draft a shared formulation and a therapeutic contract for {_pseudonym(case)}. "
               "The draft starts from your own schema if you saved one in the first schema "
               "notebook, otherwise from the published schema; everything stays editable.")
    material = "## The frame of the therapy\n\n" + (
        sourced(case.treatment.frame) if case.treatment.frame
        else "The case file does not describe the frame of the therapy.")
    return Practice("contract", "The contract", "the contract drafter", [
        new_markdown_cell(opening(case, "a shared formulation and a contract", purpose)),
        new_markdown_cell(material),
        load_cell(case_path, "contract_drafter", "ContractDrafter"),
        new_code_cell("ContractDrafter(case)"),
    ])


def experiment_notebook(case: Case, case_path: str) -> Practice:
    purpose = (f"Plan a behavioural experiment with {_pseudonym(case)}: the wish it tests, "
               "the step, what the schema predicts, what would count against the prediction "
               "and how to look back on it. The plan starts from your own schema if you saved "
               "one in the first schema notebook, otherwise from the published schema.")
    wishes = "\n".join(f"- {md(s.wish.text)} ({md(s.wish.ref)})"
                       for s in case.formulation.schemas)
    return Practice("experiment", "A behavioural experiment", "the experiment planner", [
        new_markdown_cell(opening(case, "a behavioural experiment", purpose)),
        new_markdown_cell("## The wishes in the case's formulation\n\n" + wishes),
        load_cell(case_path, "experiment_planner", "ExperimentPlanner"),
        new_code_cell("ExperimentPlanner(case)"),
    ])


def change_notebook(case: Case, case_path: str) -> Practice:
    purpose = ("Work out whether the change in each measure is reliable and clinically "
               "significant, with every norm shown as an assumption you can change.")
    rows = []
    for m in case.assessment.measures:
        if not pre_post(m):
            continue
        low, high = m.range
        scores = "; ".join(f"{md(TIME_POINT_LABELS[s.time_point])} {s.value:g} ({md(s.ref)})"
                           for s in m.scores)
        rows.append(f"- {md(m.name)} ({md(m.abbreviation)}), {low:g} to {high:g}, higher is "
                    f"{m.higher_is}: {scores}")
    return Practice("change", "Measuring change", "the change calculator", [
        new_markdown_cell(opening(case, "measuring change", purpose)),
        new_markdown_cell("## The scores\n\n" + "\n".join(rows)),
        load_cell(case_path, "change_calculator", "ChangeCalculator"),
        new_code_cell("ChangeCalculator(case)"),
    ])


# --- the plan -----------------------------------------------------------------------------------

def plan(case: Case, case_path: str) -> Plan:
    """Every practice notebook `case` supports, in teaching order, and what it does not."""
    result = Plan()

    def offer(notebooks: list[Practice] | Practice) -> None:
        result.notebooks.extend(notebooks if isinstance(notebooks, list) else [notebooks])

    def refuse(exercise: str, reason: str) -> None:
        result.not_offered.append(NotOffered(exercise, reason))

    offer(schema_notebooks(case, case_path))
    if case.formulation.self_states:
        offer(self_states_notebook(case, case_path))
    else:
        refuse("the self-state mapper", "the case file lists no self-states "
               "(`formulation.self_states`) to compare a learner's map with")
    if case.episodes:
        offer(episode_notebooks(case, case_path))
    else:
        refuse("the chain builder and the cycle explorer", "the case file has no episodes "
               "(`episodes`) to put in order or light up on the cycle")
    if case.vignettes:
        offer(ratings_notebook(case, case_path))
        if not all(v.reference for v in case.vignettes):
            result.notes.append(
                "Some excerpts have no reference ratings in this case file: the rater tells "
                "students their trainer holds the key. Give your key file to the report "
                "(`workbook workshop report … --key KEY`).")
    else:
        refuse("the metacognition rater", "the case file has no vignettes (`vignettes`) to "
               "rate")
    offer(contract_notebook(case, case_path))
    if not case.treatment.contract_goals:
        result.notes.append(
            "The case file gives no contract goals (`treatment.contract_goals`): the contract "
            "drafter offers one goal of each kind MIT's contracts set out, worded from the "
            "learner's schema.")
    if not case.treatment.contract_checklist:
        result.notes.append(
            "The case file has no `treatment.contract_checklist`: the contract's Check tells "
            "students to discuss their draft with you.")
    # Every case has a schema, whose wish an experiment can test.
    offer(experiment_notebook(case, case_path))
    if any(pre_post(m) for m in case.assessment.measures):
        offer(change_notebook(case, case_path))
    else:
        refuse("the change calculator", "no measure in the case file (`assessment.measures`) "
               "has a score at intake and one at the end of therapy or at follow-up")
    if not case.content_notes:
        result.notes.append(
            "The case file lists no `content_notes`, so no notebook carries a content note. "
            "If the case touches on self-harm, suicidal thoughts, abuse, substance use or "
            "other sensitive topics, list them and generate the notebooks again.")
    return result
