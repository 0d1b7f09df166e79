"""A case's social network before and after therapy, as data and as a diagram (pure).

Closeness is carried by line style and by words on the line (bold solid = close, solid =
middle, dashed = outer), never by colour alone. Ties marked fictional in the case file are
labelled so in the drawing.
"""

from __future__ import annotations

import pandas as pd

from ..case.model import Case, Tie
from ..case.prose import lower_first
from .figure import Figure
from .style import edge_style, label, node_style, titled_digraph


def periods(case: Case) -> tuple[tuple[str, str], ...]:
    """(key, heading) of the two networks, headed as the case file dates them."""
    network = case.social_network
    return (("before", network.before_when), ("after", network.after_when))

EDGE_STYLE = {"close": {"style": "bold", "penwidth": "3"},
              "middle": {"style": "solid", "penwidth": "1.5"},
              "outer": {"style": "dashed", "penwidth": "1.2"}}


def _tie_text(tie: Tie) -> str:
    return f"{tie.who} ({tie.kind.value}){' [fictional]' if tie.fictional else ''}"


def network_dot(case: Case) -> str:
    graph = titled_digraph("network", f"{case.person.pseudonym}'s social network",
                           title_width=60, fontsize="12", nodesep="0.3")
    node_style(graph, fontsize="10", shape="box", style="rounded")
    edge_style(graph, arrowhead="none", fontsize="9")
    for key, title in periods(case):
        ties = getattr(case.social_network, key)
        with graph.subgraph(name=f"cluster_{key}") as cluster:
            cluster.attr(label=title, fontname="Helvetica-Bold", style="dotted")
            centre = f"{key}_person"
            cluster.node(centre, label(case.person.pseudonym), shape="ellipse",
                         style="filled,bold", fillcolor="#eeeeee")
            if not ties:
                cluster.node(f"{key}_none", "(no ties recorded)", shape="plaintext")
            for index, tie in enumerate(ties):
                node = f"{key}_{index}"
                cluster.node(node, label(_tie_text(tie), width=28))
                cluster.edge(centre, node, label=tie.closeness, **EDGE_STYLE[tie.closeness])
    return graph.source


def network_table(case: Case) -> pd.DataFrame:
    rows = [(title, tie.who, tie.kind.value, tie.closeness, tie.quality, tie.ref,
             "yes" if tie.fictional else "")
            for key, title in periods(case) for tie in getattr(case.social_network, key)]
    return pd.DataFrame(rows, columns=["When", "Who", "Kind", "Closeness (workbook's reading)",
                                       "The tie", "Source", "Fictional"])


def network_figure(case: Case) -> Figure:
    description = [f"{title}: {_tie_text(tie)}, {tie.closeness} — {tie.quality} ({tie.ref})"
                   for key, title in periods(case)
                   for tie in getattr(case.social_network, key)]
    (_, before), (_, after) = periods(case)
    when = f"{lower_first(before)} and {lower_first(after)}"
    return Figure(
        dot=network_dot(case),
        alt=(f"Two small network drawings of {case.person.pseudonym}'s relationships, "
             f"{when}, each with {case.person.pseudonym} in the centre; the line to each "
             "person is bold "
             "for a close tie, plain for a middle one and dashed for an outer one, and is "
             "labelled with the word."),
        caption=(f"{case.person.pseudonym}'s social network {when}. Where "
                 "each tie sits (close, middle, outer) is the workbook's reading of the case."),
        description=description)
