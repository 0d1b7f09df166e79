"""Text from a case file, made safe to place in a notebook's Markdown.

A case file is data a trainer may share: its text must show as typed, never become a heading,
a link, an image, a math formula or an HTML tag (which JupyterLab would render, and a script
in which a trusted notebook would run). Every ASCII punctuation character may be
backslash-escaped in CommonMark, and is here; `<`, `>` and `&` become character references,
which every Markdown renderer and HTML sanitiser reads as text. Line breaks become spaces, so
a text stays inside the paragraph or list item it was placed in.
"""

from __future__ import annotations

import re

from ..case.text import xml_safe

_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation character
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")


def markdown_text(text: str) -> str:
    """`text` as literal Markdown: shown exactly as written, on one line."""
    one_line = _LINE_BREAKS.sub(" ", xml_safe(text))
    return _PUNCTUATION.sub(lambda m: _ENTITIES.get(m[0]) or "\\" + m[0], one_line)
