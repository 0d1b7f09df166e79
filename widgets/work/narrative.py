"""A schema told back as a shared formulation: in the second person, tentative, as a
therapist in MIT offers it to the patient to check and correct."""

from __future__ import annotations

import html

from ..case.prose import join, lower_first
from .schema import SchemaWork


def is_dissociation(item: str) -> bool:
    """Dissociation happens to a person rather than being chosen (Figure 1 of the case paper:
    a process that reduces incoming emotion), so it is never worded as something one turns to."""
    return "dissociat" in item.lower()


def schema_narrative(work: SchemaWork) -> list[str]:
    """Paragraphs of plain text; elements the learner has not filled in are left out."""
    if work.is_empty():
        return ["Fill in the schema and its narrative will appear here."]
    paragraphs = []
    opening = []
    if work.wish:
        opening.append(f"It seems to me that a wish matters a great deal to you: "
                       f"{lower_first(work.wish.rstrip(' .'))}.")
    if work.negative_self_image:
        opening.append(f"When that wish is stirred, a picture of yourself as "
                       f"{join(work.negative_self_image)} can take over,")
        if work.expected_response_of_other:
            opening[-1] += (f" and you expect the other person to be "
                            f"{join(work.expected_response_of_other, 'or')}.")
        else:
            opening[-1] = opening[-1].rstrip(",") + "."
    elif work.expected_response_of_other:
        opening.append(f"You expect the other person to be "
                       f"{join(work.expected_response_of_other, 'or')}.")
    if work.reactions_of_self:
        opening.append(f"Then you are left with {join(work.reactions_of_self)}.")
    if opening:
        paragraphs.append(" ".join(opening))
    coping = []
    if work.coping_interpersonal:
        coping.append(f"To get through it you turn to others: {join(work.coping_interpersonal)}.")
    chosen = [item for item in work.coping_intrapsychic if not is_dissociation(item)]
    automatic = [item for item in work.coping_intrapsychic if is_dissociation(item)]
    if chosen:
        lead = "When that does not work, you" if work.coping_interpersonal else "You"
        coping.append(f"{lead} try to manage the pain on your own: {join(chosen)}. These are "
                      "human ways of trying to soothe pain, even if they cost you a lot.")
    if automatic:
        coping.append(f"At times the mind also shuts the pain out by itself: {join(automatic)}.")
    if coping:
        paragraphs.append(" ".join(coping))
    healthy = []
    if work.alternative_self_image:
        healthy.append(f"There is also another part of you that sees yourself as "
                       f"{join(work.alternative_self_image)}")
        healthy[-1] += (f", and hopes others will be {join(work.hoped_response_of_other, 'and')}."
                        if work.hoped_response_of_other else ".")
    elif work.hoped_response_of_other:
        healthy.append(f"Part of you hopes others will be {join(work.hoped_response_of_other)}.")
    if healthy:
        paragraphs.append(" ".join(healthy) + " Does that fit how it feels to you?")
    return paragraphs


class Narrative(list):
    """Paragraphs that show as paragraphs in a notebook and as plain text elsewhere."""

    def _repr_html_(self) -> str:
        return "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in self)

    def __repr__(self) -> str:
        return "\n\n".join(self)
