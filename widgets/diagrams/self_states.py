"""Self-states and split views of others -> DOT text (pure; the render layer draws them).

Problem states and healthy states differ by line (solid square boxes vs dashed rounded
boxes), by a heading written in each box and by a labelled cluster, so colour is never the
only signal. Shifts are arrows labelled with their trigger.
"""

from __future__ import annotations

import graphviz

from ..case.model import Case
from ..case.prose import lower_first
from ..work.self_states import SelfStateWork, StateEntry, from_published
from .figure import Figure
from .schema import ALTERNATIVE, DOMINANT
from .style import edge_style, label, node_style, titled_digraph

EMPTY = "(not filled in)"


def _state_label(state: StateEntry, number: int) -> str:
    heading = ("HEALTHY STATE: " if state.healthy else "STATE: ") + state.title(number)
    lines = [str(label(heading.upper(), width=36))]
    for name, text in (("Self-image", state.self_image), ("Emotion", state.emotion),
                       ("Behaviour", state.behaviour)):
        lines.append(str(label(f"{name}: {text or EMPTY}", width=34)))
    return graphviz.nohtml("\\n".join(lines))


def self_states_dot(work: SelfStateWork, title: str) -> str:
    graph = titled_digraph("self_states", title, rankdir="LR", nodesep="0.5", ranksep="0.9")
    node_style(graph, fontsize="11", margin="0.15,0.08")
    edge_style(graph, fontsize="9")
    shown = [i for i, state in enumerate(work.states) if not state.is_empty()]
    if not shown:
        graph.node("empty", "Add a self-state and it will appear here.", shape="plaintext")
        return graph.source
    for healthy, name in ((False, "Problem states"), (True, "Healthy states")):
        members = [i for i in shown if work.states[i].healthy is healthy]
        if not members:
            continue
        with graph.subgraph(name=f"cluster_{'healthy' if healthy else 'problem'}") as cluster:
            cluster.attr(label=name, style="dotted" if healthy else "solid",
                         fontname="Helvetica-Bold", fontsize="11")
            for index in members:
                cluster.node(f"s{index}", _state_label(work.states[index], index + 1),
                             **(ALTERNATIVE if healthy else DOMINANT))
    for transition in work.transitions:
        if transition.from_state not in shown or transition.to_state not in shown:
            continue
        healthy = work.states[transition.to_state].healthy
        graph.edge(f"s{transition.from_state}", f"s{transition.to_state}",
                   label=label(transition.trigger or "(trigger not given)", width=28),
                   style="dashed" if healthy else "solid", penwidth="1.6")
    return graph.source


def self_states_description(work: SelfStateWork) -> list[str]:
    lines = []
    for number, state in enumerate(work.states, 1):
        if state.is_empty():
            continue
        kind = "healthy state" if state.healthy else "state"
        lines.append(f"{kind.capitalize()} “{state.title(number)}”: self-image "
                     f"{state.self_image or EMPTY}; emotion {state.emotion or EMPTY}; "
                     f"behaviour {state.behaviour or EMPTY}.")
    for transition in work.transitions:
        start = work.states[transition.from_state].title(transition.from_state + 1)
        end = work.states[transition.to_state].title(transition.to_state + 1)
        lines.append(f"Shift from “{start}” to “{end}”, triggered by: "
                     f"{transition.trigger or '(trigger not given)'}.")
    return lines or ["No self-states yet."]


def self_states_figure(work: SelfStateWork, title: str, caption: str) -> Figure:
    return Figure(
        dot=self_states_dot(work, title),
        alt=("A map of self-states. Each box is a state with its self-image, emotion and "
             "behaviour; problem states have solid square boxes, healthy states dashed "
             "rounded boxes; arrows show the shifts between states, labelled with what "
             "triggers them."),
        caption=caption,
        description=self_states_description(work),
    )


def published_self_states_figure(case: Case) -> Figure:
    refs = dict.fromkeys(part.strip() for s in case.formulation.self_states
                         for part in s.ref.split(","))
    return self_states_figure(
        from_published(case), f"{case.person.pseudonym}: the published self-states",
        f"The self-states of the published formulation ({', '.join(refs) or 'none given'}).")


# --- split views of others -------------------------------------------------------------------
def split_views_dot(case: Case) -> str:
    graph = titled_digraph("split_views", f"{case.person.pseudonym}: split views of others",
                           rankdir="LR", nodesep="0.3")
    node_style(graph, fontsize="11", margin="0.15,0.08")
    edge_style(graph, fontsize="9")
    if not case.formulation.split_views:
        graph.node("empty", "This case file records no split views.", shape="plaintext")
        return graph.source
    for index, view in enumerate(case.formulation.split_views):
        with graph.subgraph(name=f"cluster_{index}") as cluster:
            cluster.attr(label=label(f"{view.other} ({view.ref})", width=50), style="solid",
                         fontname="Helvetica-Bold", fontsize="11")
            cluster.node(f"o{index}", label(view.other.upper(), width=30), shape="ellipse",
                         style="filled,bold", color="#333333", fillcolor="#eeeeee")
            cluster.node(f"p{index}", label(f"AT TIMES SEEN AS: {view.positive_view}",
                                            width=30), **ALTERNATIVE)
            cluster.node(f"n{index}", label(f"AT OTHER TIMES SEEN AS: {view.negative_view}",
                                            width=30), **DOMINANT)
            cluster.edge(f"o{index}", f"p{index}", style="dashed")
            cluster.edge(f"o{index}", f"n{index}", style="solid")
            # The two views are not joined: this is what integration would add.
            cluster.edge(f"p{index}", f"n{index}", dir="none", style="dotted",
                         label="not held together", constraint="false")
    return graph.source


def split_views_figure(case: Case) -> Figure:
    return Figure(
        dot=split_views_dot(case),
        alt=(f"Split views of others in {case.person.pseudonym}'s formulation. For each "
             "person, two boxes: a positive view in a dashed rounded box and a negative view "
             "in a solid box, joined only by a dotted line marked “not held together”."),
        caption=f"How {case.person.pseudonym} saw important others, in two unconnected ways.",
        description=[f"{view.other}: at times {lower_first(view.positive_view)}, at other times "
                     f"{lower_first(view.negative_view)} ({view.ref})."
                     for view in case.formulation.split_views]
        or ["This case file records no split views."],
    )
