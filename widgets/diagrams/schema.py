"""Interpersonal schema -> DOT text (pure, deterministic; the render layer draws it).

The dominant, pathogenic path and the alternative, healthy path differ in four ways at once
so that colour is never the only signal: solid square boxes and solid arrows versus dashed
rounded boxes and dashed arrows, a heading in each box, and a labelled cluster per path.
A legend repeats the key.
"""

from __future__ import annotations

import graphviz

from ..case.model import Case
from ..case.prose import join
from ..case.vocabulary import MOTIVE_LABELS
from ..work.narrative import Narrative, schema_narrative
from ..work.schema import ELEMENTS, SchemaWork, from_published, has_healthy_path
from .figure import Figure
from .style import edge_style, label, node_style, titled_digraph

EMPTY = "(not filled in yet)"
# An element a published formulation leaves empty is not waiting for anyone to fill it in.
NONE_PUBLISHED = "(none in this formulation)"
NO_HEALTHY_PATH = "No healthy path in this formulation"
DOMINANT = {"shape": "box", "style": "filled", "penwidth": "2", "color": "#7a1f1f",
            "fillcolor": "#fbe3df"}
ALTERNATIVE = {"shape": "box", "style": "rounded,dashed,filled", "penwidth": "2",
               "color": "#1d5b2c", "fillcolor": "#e1f2e6"}
WISH = {"shape": "ellipse", "style": "filled,bold", "color": "#333333", "fillcolor": "#eeeeee"}
# edges along each path: (from element, to element, edge label)
DOMINANT_EDGES = (
    ("wish", "negative_self_image", "activates"),
    ("negative_self_image", "expected_response_of_other", "expects"),
    ("expected_response_of_other", "reactions_of_self", "leads to"),
    ("reactions_of_self", "coping_interpersonal", "copes by"),
    ("coping_interpersonal", "coping_intrapsychic", "if that fails"),
)
ALTERNATIVE_EDGES = (
    ("wish", "alternative_self_image", "also"),
    ("alternative_self_image", "hoped_response_of_other", "hopes for"),
)


def _box_label(heading: str, items: list[str], empty: str = EMPTY) -> str:
    lines = [str(label(heading.upper(), width=40))]
    lines += [str(label(f"• {item}", width=34)) for item in items] or [empty]
    return graphviz.nohtml("\\n".join(lines))


def _wish_label(work: SchemaWork) -> str:
    motive = MOTIVE_LABELS[work.motive].split(" (")[0] if work.motive else "motive not chosen"
    return graphviz.nohtml("\\n".join([
        "WISH", str(label(work.wish or EMPTY, width=34)), str(label(f"({motive})", width=40))]))


def schema_dot(work: SchemaWork, title: str, healthy_path: bool = True,
               empty: str = EMPTY) -> str:
    """The schema; `healthy_path=False` (a published schema that has none) draws the
    alternative path as one note saying so, not as boxes waiting to be filled in; `empty` is
    what an element without items says (NONE_PUBLISHED for a published schema)."""
    graph = titled_digraph("schema", title, nodesep="0.35", ranksep="0.45")
    node_style(graph, fontsize="11", margin="0.15,0.08")
    edge_style(graph, fontsize="9")
    graph.node("wish", _wish_label(work), **WISH)
    for path, name, style in (("dominant", "Dominant path (pathogenic)", DOMINANT),
                              ("alternative", "Alternative path (healthy)", ALTERNATIVE)):
        with graph.subgraph(name=f"cluster_{path}") as cluster:
            cluster.attr(label=name, style="dotted" if path == "alternative" else "solid",
                         fontname="Helvetica-Bold", fontsize="11")
            if path == "alternative" and not healthy_path:
                cluster.node("no_healthy_path", NO_HEALTHY_PATH, shape="note",
                             style="dashed", fontsize="10")
                continue
            for element in (e for e in ELEMENTS if e.path == path):
                cluster.node(element.field,
                             _box_label(element.label, work.items(element.field), empty),
                             **style)
    for tail, head, text in DOMINANT_EDGES:
        graph.edge(tail, head, label=text, style="solid", penwidth="1.6")
    for tail, head, text in ALTERNATIVE_EDGES if healthy_path else ():
        graph.edge(tail, head, label=text, style="dashed", penwidth="1.6")
    if not healthy_path:  # below the wish, as the path would be, but joined to nothing
        graph.edge("wish", "no_healthy_path", style="invis")
    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Key", style="solid", fontname="Helvetica-Bold", fontsize="10")
        legend.node("legend_dominant", "Solid box, solid arrow:\\ndominant (pathogenic) path",
                    fontsize="9", **DOMINANT)
        legend.node("legend_alternative", "Dashed rounded box, dashed arrow:\\n"
                    "alternative (healthy) path", fontsize="9", **ALTERNATIVE)
        legend.edge("legend_dominant", "legend_alternative", style="invis")
    graph.edge("coping_intrapsychic", "legend_dominant", style="invis")
    return graph.source


def schema_description(work: SchemaWork, healthy_path: bool = True,
                       empty: str = EMPTY) -> list[str]:
    motive = MOTIVE_LABELS[work.motive] if work.motive else "motive not chosen"
    lines = [f"Wish: {work.wish or EMPTY} — {motive}."]
    for element in ELEMENTS:
        if element.path == "alternative" and not healthy_path:
            continue
        items = work.items(element.field)
        path = "dominant path" if element.path == "dominant" else "alternative path"
        lines.append(f"{element.label} ({path}): {join(items) if items else empty}.")
    if not healthy_path:
        lines.append(f"Alternative path (healthy): none. {NO_HEALTHY_PATH}.")
    return lines


def schema_figure(work: SchemaWork, title: str, caption: str,
                  healthy_path: bool = True, empty: str = EMPTY) -> Figure:
    alternative = ("a dashed path runs to the alternative self-image and the hoped-for "
                   "response." if healthy_path else
                   "a dashed note says this formulation has no healthy path.")
    return Figure(
        dot=schema_dot(work, title, healthy_path, empty),
        alt=("An interpersonal schema diagram. From the wish at the top, a solid path runs "
             "through the negative self-image, the expected response of the other, the "
             "reactions of the self and the two kinds of coping; " + alternative),
        caption=caption,
        description=schema_description(work, healthy_path, empty),
    )


def published_schema_figure(case: Case, schema_id: str | None = None) -> Figure:
    key = case.schema(schema_id)
    # The schema's own title in the caption too: a case's two schemas are told apart.
    return schema_figure(from_published(key), f"{case.person.pseudonym}: {key.title}",
                         f"The published formulation of {case.person.pseudonym}'s schema "
                         f"“{key.title}” ({key.wish.ref}).", healthy_path=has_healthy_path(key),
                         empty=NONE_PUBLISHED)



def published_narrative(case: Case, schema_id: str | None = None) -> Narrative:
    """The published schema told back as a shared formulation (generated, not quoted)."""
    return Narrative(schema_narrative(from_published(case.schema(schema_id))))
