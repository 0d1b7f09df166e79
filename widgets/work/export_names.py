"""Export file names: `PSEUDONYM--CASE--EXERCISE.ext`, safe on any file system.

A trainer collects a class's exports into one folder, so the name carries who made the file
(the pseudonym the learner chose), which case and which exercise (the neutral id the save
file uses, never an answer). The pseudonym is a learner's free text, so each part is made
safe with pathvalidate (MIT) for every platform at once: no path separator, no character
Windows refuses, no reserved device name (CON, NUL, COM1, …), no trailing dot or space.
Before that the text is put in Unicode normal form C (so "é" typed two ways gives one
name), invisible format and control characters are dropped, and a lone surrogate (half an
emoji) becomes U+FFFD. Leading dots go too: a name starting with a dot is hidden in
JupyterLab's file browser and on Unix. "--" separates the parts, so a run of dashes inside
a part is shortened to one. Each part is bounded in bytes, so a name stays far below the
255 bytes file systems allow.
"""

from __future__ import annotations

import re
import unicodedata

from pathvalidate import sanitize_filename, validate_filename

from ..case.text import xml_safe

ANONYMOUS = "anonymous"  # the pseudonym part when the learner has not set one
SEPARATOR = "--"
MAX_PART_BYTES = 60  # per part; three parts and an extension stay under 200 bytes

_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_DASHES = re.compile(r"-{2,}")
_SPACES = re.compile(r"\s+")
_EDGES = " .-_"


def safe_part(text: str, fallback: str) -> str:
    """`text` as one part of a file name, or `fallback` when nothing usable is left."""
    text = unicodedata.normalize("NFC", xml_safe(text))
    text = "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE)
    text = _SPACES.sub(" ", text).strip(_EDGES)
    text = sanitize_filename(text, platform="universal", replacement_text="_")
    text = _DASHES.sub("-", text)
    text = _bounded(text.strip(_EDGES), MAX_PART_BYTES).strip(_EDGES)
    # Stripping may have uncovered a reserved name ("CON." became "CON"): sanitize again.
    text = sanitize_filename(text, platform="universal", replacement_text="_")
    return text or fallback


def _bounded(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut between characters."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def export_name(pseudonym: str, case_id: str, exercise: str, extension: str) -> str:
    """The file name of an export, e.g. `Sam--angie--schema.json`."""
    parts = (safe_part(pseudonym, ANONYMOUS), safe_part(case_id, "case"),
             safe_part(exercise, "exercise"))
    name = SEPARATOR.join(parts) + "." + safe_part(extension, "txt").lower()
    validate_filename(name, platform="universal")  # a bug here must not write a bad name
    return name


def is_anonymous(pseudonym: str) -> bool:
    """Whether an export of `pseudonym` would be named with the fallback."""
    return safe_part(pseudonym, "") == ""
