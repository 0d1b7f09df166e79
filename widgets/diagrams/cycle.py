"""The "perfect storm" cycle of interacting domains (Figure 1 of the case paper) -> DOT text
(pure; the render layer draws it; episode chains are in chain.py).

The cycle is generated from the stage vocabulary, laid out as a loop of two columns: down
the left from the interpersonal event to inhibited metacognition, up the right from the
"black hole" to the others' reaction, which leads back to a new event. Stages an episode
reaches are marked three ways at once: a double border, a thicker line and the words
"STEPS n, m" in the box; colour only repeats them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import graphviz

from ..case.model import Case
from ..case.vocabulary import DOMAIN_LABELS, STAGE_DOMAINS, STAGE_LABELS, Intervention, Stage
from ..work.chain import ChainWork, published_chain
from .figure import Figure
from .style import edge_style, label, node_style, titled_digraph

# Rows of the loop: (left column, going down; right column, going up). The three ways of
# coping with the "black hole" share a row: they are alternatives ("and/or"), not a sequence.
LOOP_ROWS = (
    ((Stage.EVENT,), (Stage.OTHERS_REACT,)),
    ((Stage.WISH,), (Stage.MOMENTARY_RELIEF,)),
    ((Stage.SELF_IMAGE,), ()),
    ((Stage.PREDICTED_RESPONSE,),
     (Stage.DISSOCIATION, Stage.COPING_INTRAPSYCHIC, Stage.COPING_INTERPERSONAL)),
    ((Stage.EMOTION,), ()),
    ((Stage.BLOCKED_METACOGNITION,), (Stage.BLACK_HOLE,)),
)
# Arrows of Figure 1, with the words on them where the figure's logic needs them.
CYCLE_EDGES = (
    (Stage.EVENT, Stage.WISH, ""),
    (Stage.WISH, Stage.SELF_IMAGE, ""),
    (Stage.SELF_IMAGE, Stage.PREDICTED_RESPONSE, ""),
    (Stage.PREDICTED_RESPONSE, Stage.EMOTION, ""),
    (Stage.EMOTION, Stage.BLOCKED_METACOGNITION, "with"),
    (Stage.BLOCKED_METACOGNITION, Stage.BLACK_HOLE, "re-lived old pain"),
    (Stage.BLACK_HOLE, Stage.DISSOCIATION, "and/or"),
    (Stage.BLACK_HOLE, Stage.COPING_INTRAPSYCHIC, "and/or"),
    (Stage.BLACK_HOLE, Stage.COPING_INTERPERSONAL, "and/or"),
    (Stage.DISSOCIATION, Stage.MOMENTARY_RELIEF, ""),
    (Stage.COPING_INTRAPSYCHIC, Stage.MOMENTARY_RELIEF, ""),
    (Stage.COPING_INTERPERSONAL, Stage.MOMENTARY_RELIEF, ""),
    (Stage.MOMENTARY_RELIEF, Stage.OTHERS_REACT, "then"),
    (Stage.OTHERS_REACT, Stage.EVENT, "the cycle goes on"),
)
REACHED = {"penwidth": "3", "peripheries": "2", "style": "filled,bold",
           "fillcolor": "#fff1c2", "color": "#5a4500"}
NOT_REACHED = {"penwidth": "1", "style": "filled,dashed", "fillcolor": "#f4f4f4",
               "color": "#777777", "fontcolor": "#444444"}
# Edges that run up the right column.
RIGHT_UPWARD = frozenset({Stage.DISSOCIATION, Stage.COPING_INTRAPSYCHIC,
                          Stage.COPING_INTERPERSONAL, Stage.MOMENTARY_RELIEF,
                          Stage.OTHERS_REACT})
PLAIN = {"penwidth": "1.4", "style": "filled", "fillcolor": "#ffffff", "color": "#333333"}


def steps_by_stage(work: ChainWork) -> dict[Stage, list[int]]:
    """Stage -> the (1-based) numbers of the chain's steps tagged with it."""
    marks: dict[Stage, list[int]] = {}
    for number, entry in enumerate(work.steps, 1):
        if entry.stage is not None:
            marks.setdefault(entry.stage, []).append(number)
    return marks


def _numbers(numbers: Sequence[int]) -> str:
    return ("STEP " if len(numbers) == 1 else "STEPS ") + ", ".join(map(str, numbers))


def _stage_label(stage: Stage, marks: Mapping[Stage, Sequence[int]] | None) -> str:
    # Reflection is outside the cycle and expresses no domain, so it has no domain line.
    domain = STAGE_DOMAINS.get(stage)
    lines = [str(label(STAGE_LABELS[stage], width=26))]
    if domain is not None:
        lines.append(str(label(f"({DOMAIN_LABELS[domain].lower()})", width=30)))
    if marks is not None and stage in marks:
        lines.insert(0, "▶ " + _numbers(marks[stage]))
    return graphviz.nohtml("\\n".join(lines))


def _cited(intervention: Intervention) -> str:
    return intervention.procedure + (f" ({intervention.ref})" if intervention.ref else "")


def cycle_dot(title: str, marks: Mapping[Stage, Sequence[int]] | None = None,
              interventions: Sequence[Intervention] = ()) -> str:
    """The cycle; `marks` (stage -> step numbers) lights up an episode's stages, including
    its reflection steps, drawn in a box apart because reflection is outside the cycle."""
    graph = titled_digraph("cycle", title, nodesep="0.6", ranksep="0.35", newrank="true")
    node_style(graph, shape="box", fontsize="10", margin="0.12,0.06", width="2.4")
    edge_style(graph, fontsize="9")
    procedures = {i.stage: i for i in interventions}
    for row, (left, right) in enumerate(LOOP_ROWS):
        with graph.subgraph(name=f"row{row}") as same_rank:
            same_rank.attr(rank="same")
            order = []  # left to right: notes beside their stage, left column first
            for column, stages in (("left", left), ("right", right)):
                for stage in stages:
                    style = (PLAIN if marks is None else
                             REACHED if stage in marks else NOT_REACHED)
                    narrow = {"width": "1.7"} if len(stages) > 1 else {}
                    if column == "left":
                        narrow["group"] = "left"  # keeps the column straight
                    same_rank.node(stage.value, _stage_label(stage, marks), **style, **narrow)
                    note = []
                    if stage in procedures:
                        step = procedures[stage]
                        same_rank.node(f"mit_{stage.value}", label(
                            f"MIT: {_cited(step)}", width=30),
                            shape="note", style="dashed", fontsize="9", width="1.8")
                        note = [f"mit_{stage.value}"]
                    order += (note + [stage.value]) if column == "left" else ([stage.value] + note)
            for a, b in zip(order, order[1:], strict=False):
                same_rank.edge(a, b, style="invis")
    for tail, head, text in CYCLE_EDGES:
        if head is Stage.EVENT:  # closes the loop along the top row
            graph.edge(tail.value, head.value, label=text, penwidth="1.4",
                       constraint="false", style="dashed")
        elif head in RIGHT_UPWARD:  # drawn bottom-up: declared reversed, arrow at the head
            graph.edge(head.value, tail.value, label=text, penwidth="1.4", dir="back")
        else:
            graph.edge(tail.value, head.value, label=text, penwidth="1.4")
    for stage in procedures:
        graph.edge(f"mit_{stage.value}", stage.value, style="dotted", arrowhead="none")
    if marks is not None and Stage.REFLECTION in marks:
        # Below the loop, joined to nothing: stepping back interrupts the cycle, it is not a
        # stage of it. Without it an episode's reflection steps would be missing from the
        # drawing (a two-step episode would show one step).
        graph.node(Stage.REFLECTION.value, _stage_label(Stage.REFLECTION, marks),
                   **REACHED, shape="box", group="left")
        last_left = next(left[0] for left, _right in reversed(LOOP_ROWS) if left)
        graph.edge(last_left.value, Stage.REFLECTION.value, style="invis")
    return graph.source


def cycle_description(marks: Mapping[Stage, Sequence[int]] | None = None,
                      interventions: Sequence[Intervention] = ()) -> list[str]:
    procedures = {i.stage: i for i in interventions}
    lines = []
    for tail, head, text in CYCLE_EDGES:
        joined = f" ({text})" if text else ""
        line = f"{STAGE_LABELS[tail]} leads to {STAGE_LABELS[head]}{joined}."
        if marks is not None and tail in marks:
            line = f"[{_numbers(marks[tail]).lower()}] " + line
        if tail in procedures:
            line += f" Where MIT works: {_cited(procedures[tail])}."
        lines.append(line)
    if marks is not None:
        missing = [STAGE_LABELS[s] for left, right in LOOP_ROWS for s in (*left, *right)
                   if s not in marks]
        if missing:
            lines.append("Stages this episode does not reach: " + "; ".join(missing) + ".")
        if Stage.REFLECTION in marks:
            lines.append(f"Outside the cycle, {_numbers(marks[Stage.REFLECTION]).lower()}: "
                         "reflection.")
    return lines


def cycle_figure(title: str, caption: str, marks: Mapping[Stage, Sequence[int]] | None = None,
                 interventions: Sequence[Intervention] = ()) -> Figure:
    alt = ("The cycle of interacting domains drawn as a loop: down the left from an "
           "interpersonal event through the wish, the painful self-image, the predicted "
           "response, dysregulated emotion and inhibited metacognition; across to the "
           "“black hole” of pain; up the right through dissociation and personal or "
           "interpersonal coping to momentary relief and the others' reaction, which leads "
           "back to a new event.")
    if marks is not None:
        alt += (" Stages the episode reaches have a double, thick border and the numbers of "
                "their steps; the others are dashed.")
        if Stage.REFLECTION in marks:
            alt += (" A box below the loop, joined to nothing, holds the episode's steps of "
                    "reflection, which stand outside the cycle.")
    if interventions:
        alt += " Dashed notes beside some stages say where MIT intervenes."
    return Figure(dot=cycle_dot(title, marks, interventions), alt=alt, caption=caption,
                  description=cycle_description(marks, interventions))


def case_cycle_figure(case: Case, episode_id: str | None = None,
                      interventions: bool = False) -> Figure:
    """The cycle for a case: alone, or with one of its episodes lit up; with `interventions`,
    where MIT works on it, as the case file gives it (or MIT's procedures in general)."""
    name = case.person.pseudonym
    notes = case.interventions() if interventions else ()
    where = ""
    if interventions:
        where = (" Where MIT intervenes, with the § of the case's source that says so."
                 if case.treatment.interventions else
                 " Where MIT intervenes, in general: this case file does not say where its "
                 "therapy did.")
    if episode_id is None:
        return cycle_figure(f"{name}: the cycle of interacting domains",
                            "The cycle of interacting domains (after Figure 1 of Salvatore "
                            "et al., 2020)." + where, interventions=notes)
    episode = case.episode(episode_id)
    return cycle_figure(f"{name}: {episode.title} on the cycle",
                        f"The stages that “{episode.title}” reaches ({episode.ref})." + where,
                        marks=steps_by_stage(published_chain(episode)),
                        interventions=notes)
