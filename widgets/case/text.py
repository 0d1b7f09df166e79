"""Text from learners and case files, made safe to carry into SVG, HTML and JSON."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot contain (controls other than tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF). Pasted text sometimes carries them; Graphviz and XML parsers fail on them,
# and a lone surrogate cannot even be written as UTF-8.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    """`text` with every character XML cannot hold replaced by U+FFFD.

    A lone surrogate is what a browser sends for half an emoji (text cut at a length limit,
    a broken paste). It becomes U+FFFD rather than being dropped, so the learner sees a mark
    where something went wrong and can retype it, and the text keeps its length."""
    return _NOT_XML.sub(REPLACEMENT, text)


def tidy(text: str) -> str:
    """One line of learner text: XML-safe, whitespace collapsed."""
    return " ".join(xml_safe(text).split())


def safe_before(value: object) -> object:
    """For a model's `mode="before"` validators: a string made XML-safe before the model
    checks it (a check that would otherwise refuse a lone surrogate outright); any other
    value is left for the model to refuse with its own message."""
    return xml_safe(value) if isinstance(value, str) else value


def tidy_before(value: object) -> object:
    """Like `safe_before`, with whitespace collapsed (one-line fields)."""
    return tidy(value) if isinstance(value, str) else value


def tidy_items_before(value: object) -> object:
    """A list of one-line items (a textarea, one item per line): each tidied, blank ones
    dropped before the model counts them."""
    if not isinstance(value, list | tuple):
        return value
    tidied = (tidy(item) if isinstance(item, str) else item for item in value)
    return [item for item in tidied if item != ""]


def safe_items_before(value: object) -> object:
    """A list of texts, each made XML-safe; blank ones kept (their place can matter)."""
    if not isinstance(value, list | tuple):
        return value
    return [safe_before(item) for item in value]
