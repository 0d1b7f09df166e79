"""The checklist of an open answer as HTML: one line per point, ✓ made or ○ not yet, with
what the point would add. Shared by the exercises that take open answers."""

from __future__ import annotations

import html

from ..work.checklist import ChecklistResult


def checklist_html(title: str, result: ChecklistResult) -> str:
    """Empty when there is nothing to say: no checklist in the case file and no answer."""
    if not (result.points or result.answered):
        return ""
    items = "".join(
        f"<li>{point.mark} <strong>{html.escape(point.label)}</strong>: "
        f"{html.escape(point.note())}"
        + (f" <small>({html.escape(point.ref)})</small>" if point.ref else "") + "</li>"
        for point in result.points)
    return (f"<h4>{html.escape(title)}</h4><p>{html.escape(result.summary())}</p>"
            + (f"<ul class='workbook-checklist'>{items}</ul>" if items else ""))
