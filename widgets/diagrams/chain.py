"""An episode as a chain of steps -> DOT text (pure; the render layer draws it): each box
names the step's stage of the cycle, reflection steps are set apart."""

from __future__ import annotations

import graphviz

from ..case.model import Episode
from ..case.vocabulary import STAGE_LABELS, Stage
from ..work.chain import ChainWork
from .figure import Figure
from .style import edge_style, label, node_style, titled_digraph


def chain_dot(work: ChainWork, episode: Episode, title: str) -> str:
    graph = titled_digraph("chain", title, ranksep="0.25")
    node_style(graph, shape="box", fontsize="10", width="4.2", margin="0.12,0.06")
    edge_style(graph, arrowsize="0.7")
    previous = None
    for number, entry in enumerate(work.steps, 1):
        stage = STAGE_LABELS[entry.stage].upper() if entry.stage else "(STAGE NOT CHOSEN)"
        reflection = entry.stage is Stage.REFLECTION
        text = graphviz.nohtml("\\n".join([
            str(label(f"{number}. {stage}", width=50)),
            str(label(episode.steps[entry.step].text, width=50))]))
        node = f"step{number}"
        graph.node(node, text, style="rounded,dashed" if reflection else "solid",
                   penwidth="1.2" if entry.stage else "1")
        if previous:
            graph.edge(previous, node)
        previous = node
    return graph.source


def chain_figure(work: ChainWork, episode: Episode, title: str, caption: str) -> Figure:
    return Figure(
        dot=chain_dot(work, episode, title),
        alt=(f"The episode “{episode.title}” as a chain of {len(work.steps)} steps, read "
             "from top to bottom; each box names its stage of the cycle and the step. "
             "Reflection steps, outside the cycle, have dashed rounded boxes."),
        caption=caption,
        description=[f"{STAGE_LABELS[e.stage] if e.stage else 'Stage not chosen'}: "
                     f"{episode.steps[e.step].text}" for e in work.steps],
    )
