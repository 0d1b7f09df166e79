"""Lists of a case's or a learner's words joined into running prose ("sad, ashamed and
alone"), shared by the narratives, the contract and the diagrams' labels."""

from __future__ import annotations


def lower_first(text: str) -> str:
    # "Unlovable" -> "unlovable", but leave acronyms and names like "DBT" or "I" alone.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def join(items: list[str], conjunction: str = "and") -> str:
    items = [lower_first(i.rstrip(" .")) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
