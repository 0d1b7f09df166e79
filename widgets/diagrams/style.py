"""Safe DOT text for diagram builders.

Every piece of case or learner text goes through `label()`, so Graphviz draws exactly the
characters typed:
- `&` becomes `&amp;`: Graphviz decodes entities in plain labels (`&lt;b&gt;` would be drawn
  as `<b>`, `&#x202e;` would reverse the text, and `&#1;`, `&#xd800;` or `&#128512;` make it
  write SVG that is not XML or not UTF-8). Graphviz 2.43 has no backslash escape for `&`
  (`\\&` is drawn as a backslash and the decoded entity), so the entity is the only way.
- backslashes are doubled, so `\\n`, `\\l` or a trailing backslash stay text and cannot break
  the DOT syntax;
- the text is wrapped with DOT's own line breaks (on the characters as typed, before
  escaping, so the escapes do not count towards the width);
- it is marked as a plain label, so text that looks like `<...>` never becomes an HTML-like
  label. The graphviz library then quotes the double quotes.
"""

from __future__ import annotations

import textwrap

import graphviz

from ..case.text import xml_safe

MAX_LABEL_CHARS = 600


def escape_line(line: str) -> str:
    """One line of text as it must appear inside a plain DOT label to be drawn literally."""
    return line.replace("\\", "\\\\").replace("&", "&amp;")


def label(text: str, width: int = 36, max_chars: int = MAX_LABEL_CHARS) -> str:
    text = " ".join(xml_safe(str(text)).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    lines = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False)
    return graphviz.nohtml("\\n".join(escape_line(line) for line in lines or [""]))


def titled_digraph(name: str, title: str, *, title_width: int = 70, fontsize: str = "13",
                   rankdir: str = "TB", **graph_attr: str) -> graphviz.Digraph:
    """A directed graph in the workbook's house style, with its title on top."""
    return graphviz.Digraph(name, graph_attr={
        "rankdir": rankdir, "fontname": "Helvetica", "fontsize": fontsize, "labelloc": "t",
        "label": label(title, width=title_width), **graph_attr})


# The house typeface goes with every font size a builder sets; arrows without words need
# neither.
FONT = "Helvetica"


def node_style(graph: graphviz.Digraph, **attrs: str) -> None:
    """The graph's default box attributes, in the house typeface."""
    graph.attr("node", **_in_house_font(attrs))


def edge_style(graph: graphviz.Digraph, **attrs: str) -> None:
    """The graph's default arrow attributes, in the house typeface where arrows carry words."""
    graph.attr("edge", **_in_house_font(attrs))


def _in_house_font(attrs: dict[str, str]) -> dict[str, str]:
    return {"fontname": FONT, **attrs} if "fontsize" in attrs else attrs
