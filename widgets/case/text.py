"""Text from learners and case files, made safe to carry into SVG, HTML and JSON."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot contain (controls other than tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF). Pasted text sometimes carries them; Graphviz and XML parsers fail on them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    return _NOT_XML.sub(REPLACEMENT, text)
