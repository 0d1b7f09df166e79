"""Reading a drawing as a reader's screen reader would: the text of the SVG inside a figure
or a widget's HTML, after checking it is well-formed XML with no script in it."""

import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def svg_text(svg: str) -> str:
    root = ET.fromstring(svg[svg.index("<svg"): svg.index("</svg>") + len("</svg>")])
    assert not list(root.iter(f"{SVG}script"))
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
