"""A copy of a case in which every free-text field carries active markup.

Used to build the whole book from hostile case text: trainers write and share case files,
so nothing a case file says may run as script anywhere the workbook shows it. Each field
gets its own marker, so a test can tell which field ran or which field shows literally.
"""

from __future__ import annotations

import re
from typing import Any

from widgets.case.errors import CaseFileError
from widgets.case.loader import load_case, validate_case_data

# Values of these shapes are ids, references, enums or codes, not free text: they keep
# their value (poisoning them would only make the case invalid).
_NOT_FREE_TEXT = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*|§.*|Figure \d+.*|10\.\d+/\S+|"
                            r"(early|mid|late)-? ?\d0s)$")

# Measure abbreviations are codes: the workbook looks up published norms by them.
_CODES = {"format", "abbreviation"}


def payload(marker: str) -> str:
    """Markup that would record `marker` in window.__xss if a browser ever ran it."""
    run = f"(window.__xss=window.__xss||[]).push('{marker}')"
    return f' <img src=x onerror="{run}"><script>{run}</script>&lt;b&gt;{marker}'


def poison(data: Any, path: tuple = (), found: dict | None = None) -> dict:
    """Append a payload to every free-text string in plain case data, in place; returns
    {marker: key path}."""
    found = {} if found is None else found
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in list(items):
        if isinstance(value, dict | list):
            poison(value, (*path, key), found)
        elif isinstance(value, str) and not _NOT_FREE_TEXT.match(value) and key not in _CODES:
            marker = f"XSS{len(found):03d}"
            found[marker] = (*path, key)
            data[key] = value + payload(marker)
    return found


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def poisoned_case_data(case_path) -> tuple[dict, dict]:
    """(valid case data with every free-text field poisoned, {marker: key path}). Fields
    whose poisoned value the case model refuses (length or pattern limits) are restored."""
    original = load_case(case_path).model_dump(mode="json", exclude_none=True)
    data = load_case(case_path).model_dump(mode="json", exclude_none=True)
    markers = poison(data)
    for _attempt in range(50):
        try:
            validate_case_data(data)
            return data, markers
        except CaseFileError as error:
            for problem in error.problems:
                path = tuple(problem.key_path)
                for marker, where in list(markers.items()):
                    if where[: len(path)] == path:
                        parent = _get(data, where[:-1])
                        parent[where[-1]] = _get(original, where)
                        del markers[marker]
    raise AssertionError("could not make a valid poisoned case")
