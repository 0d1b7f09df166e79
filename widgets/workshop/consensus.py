"""The class consensus diagram: a schema drawn from what a whole class wrote (pure DOT).

Every item students chose is a node in its element's cluster; its border and its label grow
with the number of students who chose it, and the label says the number in words, so the
weight never rests on line width alone. Published items are marked "published" and drawn
with a double border. Edges join items of linked elements, weighted by how many students
chose both.
"""

from __future__ import annotations

from ..diagrams.figure import Figure
from ..diagrams.schema import ALTERNATIVE, DOMINANT, WISH
from ..diagrams.style import edge_style, label, node_style, titled_digraph
from ..work.schema import ELEMENTS
from .report import SchemaSummary

LABELS = {"wish": "Wish", **{e.field: e.label for e in ELEMENTS}}
PATHS = {"wish": "wish", **{e.field: e.path for e in ELEMENTS}}
MAX_PEN = 8.0


def _weight(students: int, total: int) -> str:
    return f"{1 + (MAX_PEN - 1) * students / max(total, 1):.1f}"


def consensus_dot(summary: SchemaSummary, title: str) -> str:
    graph = titled_digraph("consensus", title, title_width=80, nodesep="0.25", ranksep="0.5")
    node_style(graph, fontsize="10", margin="0.12,0.05")
    edge_style(graph, fontsize="8", color="#555555")
    for field, heading in LABELS.items():
        members = [(i, n) for i, n in enumerate(summary.nodes) if n.element == field]
        if not members:
            continue
        style = WISH if field == "wish" else DOMINANT if PATHS[field] == "dominant" else ALTERNATIVE
        with graph.subgraph(name=f"cluster_{field}") as cluster:
            cluster.attr(label=heading, style="solid", fontname="Helvetica-Bold", fontsize="10")
            for index, node in members:
                mark = "published; " if node.published else ""
                text = label(f"{node.text} ({mark}{node.students} of {summary.students})",
                             width=30)
                cluster.node(f"n{index}", text, **{**style, "penwidth": _weight(
                    node.students, summary.students)}, peripheries="2" if node.published else "1")
    for edge in summary.edges:
        graph.edge(f"n{edge['from']}", f"n{edge['to']}", label=str(edge["students"]),
                   penwidth=_weight(edge["students"], summary.students))
    return graph.source


def consensus_figure(summary: SchemaSummary, pseudonym: str) -> Figure:
    described = [f"{LABELS[n.element]}: {n.text} — {n.students} of {summary.students} students"
                 + (" (published)" if n.published else "") for n in summary.nodes]
    described += [f"Link {summary.nodes[e['from']].text} → {summary.nodes[e['to']].text}: "
                  f"{e['students']} students" for e in summary.edges]
    return Figure(
        dot=consensus_dot(summary, f"{pseudonym}: the class's schema ({summary.exercise}, "
                                   f"{summary.students} students)"),
        alt=("The class consensus schema: each box is an item students wrote, grouped by "
             "schema element; thicker borders and the numbers in the labels show how many "
             "students chose it; published items have a double border; arrows join items "
             "chosen together, thicker and numbered by how many students did."),
        caption=f"What the class formulated for {summary.exercise}, weighted by students.",
        description=described or ["No items were chosen by enough students to draw."])
