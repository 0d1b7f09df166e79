"""Text written once for every case speaks of the case's person with the case's pronouns: for
Theo (he/him) no widget, feedback, rubric level or diagram says "she" or "her"."""

import re

import ipywidgets as ipw
import pytest
from conftest import THEO

from widgets import load_case
from widgets.book.tables import rubric_table
from widgets.case.rubric import LEVELS, hierarchy_flags, levels
from widgets.case.vocabulary import Stage, stage_explanation
from widgets.diagrams.cycle import case_cycle_figure
from widgets.diagrams.registry import DIAGRAMS, Options
from widgets.exercises.chain_builder import EpisodeChainBuilder
from widgets.exercises.change_calculator import ChangeCalculator
from widgets.exercises.contract_drafter import ContractDrafter
from widgets.exercises.cycle_explorer import CycleExplorer
from widgets.exercises.experiment_planner import ExperimentPlanner
from widgets.exercises.metacognition_rater import MetacognitionRater
from widgets.exercises.schema_builder import SchemaBuilder
from widgets.exercises.self_state_mapper import SelfStateMapper
from widgets.work.chain import check_chain, published_chain
from widgets.work.experiment import ExperimentWork, draft_experiment, plan_review
from widgets.work.schema import SchemaWork

FEMININE = re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def theo():
    return load_case(THEO)


def widget_texts(widget) -> list[str]:
    """Every text a widget tree shows: descriptions, placeholders, values, options, tooltips."""
    texts = []
    for name in ("description", "placeholder", "value", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            texts.append(value)
    for option in getattr(widget, "options", ()) or ():
        texts.append(str(option[0] if isinstance(option, tuple) else option))
    for child in getattr(widget, "children", ()) or ():
        if isinstance(child, ipw.Widget):
            texts += widget_texts(child)
    return texts


def feminine(texts) -> list[str]:
    return [text for text in texts if FEMININE.search(text)]


def test_the_case_file_itself_says_he(theo):
    assert theo.person.pronouns == "he/him"
    assert theo.pronouns.they == "he"


def test_no_widget_says_she_for_a_he_case(theo, tmp_path):
    schema = theo.formulation.schemas[0].id
    built = [SchemaBuilder(theo, schema, work_dir=tmp_path),
             SchemaBuilder(theo, "overruled", work_dir=tmp_path),
             SelfStateMapper(theo, work_dir=tmp_path),
             MetacognitionRater(theo, work_dir=tmp_path),
             ContractDrafter(theo, schema, work_dir=tmp_path),
             ExperimentPlanner(theo, schema, work_dir=tmp_path),
             CycleExplorer(theo, work_dir=tmp_path),
             ChangeCalculator(theo),
             *(EpisodeChainBuilder(theo, e.id, work_dir=tmp_path) for e in theo.episodes)]
    for widget in built:
        texts = widget_texts(widget.view if hasattr(widget, "view") else widget)
        assert texts and not feminine(texts), (type(widget).__name__, feminine(texts)[:3])


def test_no_feedback_or_rubric_text_says_she_for_a_he_case(theo):
    texts = [*(text for scale in LEVELS for text in levels(scale, theo.pronouns)),
             *(stage_explanation(stage, theo.pronouns) for stage in Stage),
             *hierarchy_flags({"mastery": 8, "understanding_others": 0, "self_reflectivity": 0,
                               "decentration": 3}, theo.pronouns),
             *rubric_table(theo, "mastery")["What it means"]]
    for episode in theo.episodes:
        # Every step placed on a wrong stage: each explanation is shown.
        chain = published_chain(episode)
        wrong = chain.model_copy(update={"steps": [
            step.model_copy(update={"stage": Stage.WISH if step.stage == Stage.EMOTION
                                    else Stage.EMOTION}) for step in chain.steps]})
        texts += [s.explanation(theo.pronouns) for s in check_chain(wrong, episode).steps]
    plan = draft_experiment(SchemaWork(negative_self_image=["useless"],
                                       expected_response_of_other=["dropping"]), theo.pronouns)
    texts += [plan.prediction, *(note for _l, _ok, note in plan_review(ExperimentWork(),
                                                                      theo.pronouns))]
    assert "he takes this step" in plan.prediction
    assert not feminine(texts), feminine(texts)[:3]


def test_no_diagram_says_she_for_a_he_case(theo):
    texts = []
    for name, diagram in DIAGRAMS.items():
        if name == "episode:ID":
            texts += [diagram.draw(theo, Options(episode_id=e.id)) for e in theo.episodes]
        elif name == "schema":
            texts += [diagram.draw(theo, Options(schema_id=s.id))
                      for s in theo.formulation.schemas]
        else:
            texts.append(diagram.draw(theo, Options()))
    figure = case_cycle_figure(theo, interventions=True)
    texts += [figure.alt, figure.caption, *figure.description]
    assert not feminine(texts), feminine(texts)[:3]
