"""Case facts as pandas tables for the chapters, each row with its § reference."""

from __future__ import annotations

import html
import re

import pandas as pd
from pandas.io.formats.style import Styler

from ..case.contract_parts import CONTRACT_PARTS
from ..case.model import Case
from ..case.pronouns import Pronouns
from ..case.rubric import MIT_MAPPING, PREREQUISITES, check_rating, level_description, levels
from ..case.vocabulary import (
    DOMAIN_LABELS,
    MOTIVE_LABELS,
    SCALE_BY_ID,
    STAGE_DOMAINS,
    STAGE_LABELS,
    SUBFUNCTION_LABELS,
    TIME_POINT_LABELS,
    Stage,
    TimePoint,
    stage_explanation,
)
from ..diagrams.timeline import case_timeline
from ..work.formulation_quality import CRITERIA
from ..work.schema import ELEMENTS, published_items


def person_table(case: Case) -> pd.DataFrame:
    rows = [("Pseudonym", case.person.pseudonym, ""), ("Age", case.person.age_band, "")]
    if case.person.gender:
        rows.append(("Gender", case.person.gender, ""))
    rows += [("", fact.text, fact.ref) for fact in case.person.facts]
    return pd.DataFrame(rows, columns=["", "About the person", "Source"])


def presenting_problems_table(case: Case) -> pd.DataFrame:
    return pd.DataFrame([(p.text, p.ref) for p in case.presenting_problems],
                        columns=["Presenting problem", "Source"])


def history_table(case: Case) -> pd.DataFrame:
    return pd.DataFrame([(e.when, e.text, e.ref) for e in case.history],
                        columns=["When", "What happened", "Source"])


# None: the source does not say, which is not the same as judging the criterion unmet.
CRITERION_JUDGED = {True: "✓ met", False: "✗ not met", None: "not listed in the source"}


def criteria_table(case: Case) -> pd.DataFrame:
    diagnosis = case.assessment.diagnosis
    rows = [] if diagnosis is None else [
        (c.number, c.name, CRITERION_JUDGED[c.met], c.evidence or "", c.ref)
        for c in diagnosis.criteria]
    return pd.DataFrame(rows, columns=["No.", "Criterion", "Judged", "Evidence", "Source"])


def measures_table(case: Case) -> pd.DataFrame:
    """One row per measure, one column per time point at which the case reports a score."""
    measures = case.assessment.measures
    used = [tp for tp in TimePoint if any(s.time_point == tp for m in measures for s in m.scores)]
    rows = []
    for m in measures:
        by_time = {s.time_point: s for s in m.scores}
        low, high = m.range
        row = {"Measure": f"{m.name} ({m.abbreviation})",
               "Range": f"{low:g}–{high:g}",
               "Higher scores mean": "more difficulty" if m.higher_is == "worse" else "better",
               "Instrument": m.instrument_reference}
        for tp in used:
            row[TIME_POINT_LABELS[tp]] = f"{by_time[tp].value:g}" if tp in by_time else "—"
        row["Source"] = ", ".join(dict.fromkeys(s.ref for s in m.scores))
        rows.append(row)
    columns = ["Measure", "Range", "Higher scores mean", "Instrument",
               *(TIME_POINT_LABELS[tp] for tp in used), "Source"]
    return pd.DataFrame(rows, columns=columns)


def timeline_table(case: Case) -> pd.DataFrame:
    return pd.DataFrame([(e.phase, e.when, e.text, e.ref) for e in case_timeline(case)],
                        columns=["Phase", "When", "What", "Source"])


def show(table: pd.DataFrame, caption: str) -> Styler:
    """A table as readers see it: a caption, no row numbers, text left-aligned and whole.

    Cells, headers and the caption are escaped: a Styler inserts cell text as raw HTML unless
    told otherwise, and case files (which trainers write and share) must never run as script.
    The fixed uuid keeps the HTML identical between runs (nbval compares it)."""
    uuid = re.sub(r"[^a-z0-9]+", "-", caption.lower()).strip("-")[:40]
    return (table.style.hide(axis="index").set_caption(html.escape(caption)).set_uuid(uuid)
            .format(escape="html").format_index(escape="html", axis=1)
            .set_properties(**{"text-align": "left", "vertical-align": "top",
                               "padding": "0.3em 0.8em 0.3em 0"})
            .set_table_styles([
                {"selector": "th", "props": "text-align: left; padding: 0.3em 0.8em 0.3em 0;"
                                            " border-bottom: 2px solid #888;"},
                {"selector": "td", "props": "border-bottom: 1px solid #ddd;"},
                {"selector": "caption", "props": "caption-side: top; font-weight: bold;"},
            ]))


def episode_table(case: Case, episode_id: str, stages: bool = True) -> pd.DataFrame:
    """An episode step by step. `stages=False` leaves out each step's stage of the cycle, for
    pages shown before the exercise that asks for those stages."""
    episode = case.episode(episode_id)
    rows = [(number, STAGE_LABELS[step.stage], step.text, step.ref or episode.ref)
            for number, step in enumerate(episode.steps, 1)]
    table = pd.DataFrame(rows, columns=["Step", "Stage of the cycle", "What happens", "Source"])
    return table if stages else table.drop(columns="Stage of the cycle")


def schema_table(case: Case, schema_id: str | None = None) -> pd.DataFrame:
    """The published schema, element by element, for reading after the exercise."""
    key = case.schema(schema_id)
    rows = [("Wish", f"{key.wish.text} ({MOTIVE_LABELS[key.wish.motive].split(' (')[0]})",
             key.wish.ref)]
    rows += [(element.label, item.text, item.ref) for element in ELEMENTS
             for item in published_items(key, element.field)]
    return pd.DataFrame(rows, columns=["Element", "Published formulation", "Source"])


def metacognition_table(case: Case) -> pd.DataFrame:
    rows = [(SUBFUNCTION_LABELS[f.subfunction], f.level.value, f.evidence, f.ref)
            for f in case.formulation.metacognition]
    # The evidence is the source's; the level is the case file's reading of it (the Angie
    # paper, for one, grades nothing).
    return pd.DataFrame(rows, columns=["Subfunction", "Level (the case file's reading)",
                                       "Evidence", "Source"])


def rubric_table(case: Case, scale_id: str) -> pd.DataFrame:
    """A rubric scale's levels, worded for the case's person."""
    return pd.DataFrame(list(enumerate(levels(scale_id, case.pronouns))),
                        columns=["Level", "What it means"])


def rubric_mapping_table() -> pd.DataFrame:
    return pd.DataFrame([(SCALE_BY_ID[scale].label, subfunctions, covers)
                         for scale, subfunctions, covers in MIT_MAPPING],
                        columns=["Rubric scale", "MIT subfunctions", "What it covers"])


def prerequisites_table(case: Case) -> pd.DataFrame:
    return pd.DataFrame([(f"{SCALE_BY_ID[r.scale].label} {r.level} or more",
                          f"{SCALE_BY_ID[r.needs_scale].label} at least {r.needs_level}",
                          r.because(case.pronouns)) for r in PREREQUISITES],
                        columns=["A rating of", "presupposes", "because"])


def split_views_table(case: Case) -> pd.DataFrame:
    return pd.DataFrame([(v.other, v.positive_view, v.negative_view, v.ref)
                         for v in case.formulation.split_views],
                        columns=["Other person", "One view", "The opposite view", "Source"])


def course_table(case: Case, step_ids: list[str] | None = None) -> pd.DataFrame:
    """The treatment course, or the named steps of it, in the case file's order. A named step
    the case does not have is an error (UnknownIdError), not a silently shorter table."""
    for step_id in step_ids or ():
        case.course_step(step_id)
    steps = [s for s in case.treatment.course if step_ids is None or s.id in step_ids]
    return pd.DataFrame([(s.when, s.title, s.text, s.ref) for s in steps],
                        columns=["When", "Step", "What happened", "Source"])


def self_states_table(case: Case) -> pd.DataFrame:
    return pd.DataFrame([(s.name + (" (healthy)" if s.healthy else ""), s.self_image, s.emotion,
                          s.behaviour, s.ref) for s in case.formulation.self_states],
                        columns=["Self-state", "Self-image", "Emotion", "Behaviour", "Source"])


def transitions_table(case: Case) -> pd.DataFrame:
    names = {s.id: s.name for s in case.formulation.self_states}
    return pd.DataFrame([(names[t.from_state], names[t.to_state], t.trigger, t.ref)
                         for t in case.formulation.transitions],
                        columns=["From", "To", "Triggered by", "Source"])


def domain_summary(case: Case, domain: str) -> pd.DataFrame:
    """What the published formulation says about one domain."""
    return pd.DataFrame([(DOMAIN_LABELS[d.domain], d.summary, d.ref)
                         for d in case.formulation.domains if d.domain == domain],
                        columns=["Domain", "Published formulation", "Source"])


def stages_table(case: Case) -> pd.DataFrame:
    """The stages of the cycle (and reflection, outside it) with the domain each expresses,
    explained for the case's person."""
    return pd.DataFrame([(STAGE_LABELS[stage], stage_explanation(stage, case.pronouns),
                          DOMAIN_LABELS[STAGE_DOMAINS[stage]] if stage in STAGE_DOMAINS
                          else "outside the cycle") for stage in Stage],
                        columns=["Stage", "What it is", "Domain"])


def interventions_table(case: Case) -> pd.DataFrame:
    """Where MIT works on the cycle: the case file's list with its §, or MIT's in general
    (then the source column says so)."""
    return pd.DataFrame([(STAGE_LABELS[i.stage], i.procedure, i.ref or "MIT in general")
                         for i in case.interventions()],
                        columns=["Stage of the cycle", "What MIT does there", "Source"])


def rating_walkthrough(steps: list[tuple[str, int, bool, str]],
                       pronouns: Pronouns | None = None) -> pd.DataFrame:
    """A rating said aloud: for each (scale, level, shown?, the words that decide it), the
    level's anchor from the rubric, so the example can never quote an anchor the rubric no
    longer has. A level out of range is refused with the rubric's own message."""
    rows = []
    for scale_id, level, shown, evidence in steps:
        check_rating(scale_id, level)
        rows.append((SCALE_BY_ID[scale_id].label, level,
                     level_description(scale_id, level, pronouns),
                     "yes" if shown else "no: stop here", evidence))
    return pd.DataFrame(rows, columns=["Scale", "Level", "Anchor", "Shown?",
                                       "What in the excerpt decides it"])


NOT_REPORTED = "The source does not describe this part."


def worked_contract_table(case: Case) -> pd.DataFrame:
    """The parts of a contract (CONTRACT_PARTS), each with what the case's source reports of it
    (its goals and frame, with their §) and a fictional illustration where it reports nothing."""
    labels = {part.id: part.label for part in CONTRACT_PARTS}
    items = {part.id: getattr(case.treatment, part.from_case) if part.from_case else []
             for part in CONTRACT_PARTS}
    rows = []
    for part in CONTRACT_PARTS:
        reported = "; ".join(f"{item.text} ({item.ref})" for item in items[part.id])
        if not reported and part.see_part and items[part.see_part]:
            reported = (f"The source says no more than the {labels[part.see_part].lower()} "
                        "above.")
        reported = reported or NOT_REPORTED
        rows.append((part.label, part.meaning, reported,
                     f"Fictional: {part.illustration}" if part.illustration else ""))
    return pd.DataFrame(rows, columns=["Part", "What MIT means by it",
                                       "In this case (from the case file)",
                                       "An illustration (fictional)"])


def quality_rubric_table() -> pd.DataFrame:
    return pd.DataFrame([(c.label, c.question, c.met_when, c.common_miss) for c in CRITERIA],
                        columns=["Criterion", "Ask of your text", "Met when", "The usual miss"])
