"""The house style: builders set their box and arrow defaults through node_style and
edge_style, which add the house typeface wherever a font size is set."""

import ast

import graphviz
from conftest import ROOT

from widgets.diagrams.style import FONT, edge_style, node_style


def test_the_house_typeface_comes_with_every_font_size():
    graph = graphviz.Digraph("g")
    node_style(graph, shape="box", fontsize="10")
    edge_style(graph, arrowsize="0.7")
    edge_style(graph, arrowhead="none", fontsize="9")
    assert graph.source.splitlines()[1:4] == [
        f"\tnode [fontname={FONT} fontsize=10 shape=box]",
        "\tedge [arrowsize=0.7]",
        f"\tedge [arrowhead=none fontname={FONT} fontsize=9]"]


def test_no_builder_sets_box_or_arrow_defaults_by_hand():
    by_hand = []
    for path in sorted((ROOT / "widgets").rglob("*.py")):
        if path.name == "style.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "attr" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and node.args[0].value in ("node", "edge")):
                by_hand.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert by_hand == []
